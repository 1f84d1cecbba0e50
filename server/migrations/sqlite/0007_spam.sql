-- Spam settings a site may set for itself; null: the server's setting of the same name.
alter table site add column min_post_seconds integer check (min_post_seconds >= 0);
alter table site add column pow_bits integer check (pow_bits between 0 and 32);
alter table site add column max_links integer check (max_links >= 0);
alter table site add column posts_per_minute integer check (posts_per_minute >= 0);
alter table site add column duplicate_window_minutes integer check (duplicate_window_minutes >= 0);

-- A keyed hash of the poster's address (IPv4, or IPv6 /64), so moderators can block it; the
-- address itself is never stored. Cleared after `address_retention_days`.
alter table comment add column address_hash text;

-- Addresses and emails moderators blocked on a site, until a time.
create table block (
    block_id   integer primary key autoincrement,
    site_id    text not null references site (site_id) on delete cascade,
    kind       text not null check (kind in ('address', 'email')),
    -- `comment.address_hash` or `comment.email_hash`.
    hash       text not null,
    until      text not null,
    -- The moderator who blocked, and the comment that showed the way.
    created_by text not null,
    comment_id integer,
    created_at text not null
);
create index block_until_idx on block (until);
