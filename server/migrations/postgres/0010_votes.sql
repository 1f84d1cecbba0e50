-- Readers' votes. A site takes none, up votes, or up and down votes.
alter table site add column votes text not null default 'up' check (votes in ('off', 'up', 'up_down'));

-- Each comment's tally, kept with it so a thread is read without counting votes.
alter table comment add column upvotes bigint not null default 0 check (upvotes >= 0);
alter table comment add column downvotes bigint not null default 0 check (downvotes >= 0);

-- One vote per reader and comment; `voter` is a keyed hash of the reader's random id (the
-- id itself is never stored).
create table vote (
    comment_id bigint not null references comment (comment_id) on delete cascade,
    voter      text not null,
    value      smallint not null check (value in (-1, 1)),
    voted_at   timestamptz not null,
    primary key (comment_id, voter)
);

-- The top-level comments of a page, for sorting conversations.
create index comment_roots_idx on comment (site_id, page, comment_id) where parent_id is null;
