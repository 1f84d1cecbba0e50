-- The language of what the server writes for a site: emails, and the words around the
-- crawlable HTML (`en` or `fr`).
alter table site add column lang text not null default 'en' check (lang in ('en', 'fr'));
