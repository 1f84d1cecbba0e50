-- Posts the spam defense refused, counted per site, day (UTC, `YYYY-MM-DD`) and layer, for
-- the statistics page. Each node counts in memory and adds its counts here once a minute, so
-- a flood of refused posts costs no write each; the rows are bounded by sites × days × layers.
create table refusal_count (
    site_id text not null references site (site_id) on delete cascade,
    day     text not null,
    layer   text not null check (layer in ('trap', 'block', 'challenge', 'rate_limit', 'duplicate', 'filter')),
    count   bigint not null check (count >= 0),
    primary key (site_id, day, layer)
);

-- The statistics page counts a site's comments per day.
create index comment_site_created_idx on comment (site_id, created_at);
-- ...and how long held comments waited: decisions by site and time, a comment's history.
create index audit_log_site_at_idx on audit_log (site_id, at);
create index audit_log_comment_idx on audit_log (comment_id);
