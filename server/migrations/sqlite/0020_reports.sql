-- Readers' reports of comments: one per reader (the keyed hash of their voter id) and
-- comment, with a reason and an optional note, and the keyed hash of the network it came
-- from: only reports from distinct networks count toward the site's threshold (a client
-- making up ids is one reporter). A moderator dismisses them (kept, with when); the purge
-- forgets their address hashes as it does comments'.
create table report (
    comment_id   integer not null references comment (comment_id) on delete cascade,
    voter        text not null,
    reason       text not null check (reason in ('spam', 'abuse', 'off_topic', 'other')),
    note         text,
    address_hash text,
    created_at   text not null,
    dismissed_at text,
    primary key (comment_id, voter)
);
create index report_open_idx on report (comment_id) where dismissed_at is null;

-- Reports from this many distinct networks send a published comment back to waiting for a
-- moderator; 0: never; null: 3.
alter table site add column report_threshold integer check (report_threshold between 0 and 1000);
