-- Page keys start with `/`: links to a page are the site's origin joined with its key, and a
-- key such as `@evil.example/login` made them leave the site. Keys written before the rule
-- get the slash, so their threads answer to `data-page="/<old key>"`.
update comment set page = '/' || page where page not like '/%';
