-- A site may show its authors' Gravatar pictures over the identicons the server draws
-- (readers' browsers then ask gravatar.com for them): off unless the site opts in.
alter table site add column gravatar boolean not null default false;
