-- Sites that publish their threads as plain HTML for search engines
-- (`GET /api/v1/threads.html`); off unless the site owner turns it on.
alter table site add column crawlable integer not null default 0 check (crawlable in (0, 1));
