-- Spam settings a site may set for itself; null: the server's setting of the same name.
alter table site add column min_post_seconds bigint check (min_post_seconds >= 0);
alter table site add column pow_bits bigint check (pow_bits between 0 and 32);
alter table site add column max_links bigint check (max_links >= 0);
alter table site add column posts_per_minute bigint check (posts_per_minute >= 0);
alter table site add column duplicate_window_minutes bigint check (duplicate_window_minutes >= 0);

-- A keyed hash of the poster's address (IPv4, or IPv6 /64), so moderators can block it; the
-- address itself is never stored. Cleared after `address_retention_days`.
alter table comment add column address_hash text;

-- Addresses and emails moderators blocked on a site, until a time.
create table block (
    block_id   bigint generated always as identity primary key,
    site_id    text not null references site (site_id) on delete cascade,
    kind       text not null check (kind in ('address', 'email')),
    -- `comment.address_hash` or `comment.email_hash`.
    hash       text not null,
    until      timestamptz not null,
    -- The moderator who blocked, and the comment that showed the way.
    created_by text not null,
    comment_id bigint,
    created_at timestamptz not null
);
create index block_until_idx on block (until);
