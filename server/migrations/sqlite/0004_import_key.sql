-- Comments brought in by `parlons import` remember where they came from (`disqus:<id>`,
-- `wordpress:<id>`, `isso:<id>`, `parlons:<site>:<id>`), so importing the same file again
-- adds nothing, and a later import finds the parents an earlier one wrote.
alter table comment add column import_key text;
create unique index comment_import_key_idx on comment (site_id, import_key) where import_key is not null;
