-- A site may show its authors' Gravatar pictures over the identicons the server draws
-- (readers' browsers then ask gravatar.com for them): off unless the site opts in.
alter table site add column gravatar integer not null default 0 check (gravatar in (0, 1));
