-- The same schema as migrations/sqlite/0001, in PostgreSQL's types: identity ids,
-- timestamptz instants, real booleans. The store runs the same statements on both.

-- Sites embed the widget; each lists the origins allowed to use the API for it.
create table site (
    site_id    text primary key,
    -- `post`: published at once; `pre`: every comment waits; `trusted`: waits unless the
    -- author's email hash had a comment approved on the site before.
    moderation text not null default 'post' check (moderation in ('post', 'pre', 'trusted')),
    created_at timestamptz not null
);

-- One row per allowed origin, normalized as browsers send `Origin` (scheme://host[:port]).
create table site_origin (
    site_id text not null references site (site_id) on delete cascade,
    origin  text not null,
    primary key (site_id, origin)
);

-- A thread is (site_id, page); comment ids grow with time, so they order a thread.
create table comment (
    comment_id      bigint generated always as identity primary key,
    site_id         text not null references site (site_id) on delete cascade,
    -- The page key (path or any key the site owner chose), without #fragment.
    page            text not null,
    -- Replies point at their parent on the same page; the widget builds the tree.
    parent_id       bigint references comment (comment_id),
    -- Plain text, shown as text; null for an anonymous reader.
    author          text,
    -- An http(s) URL, shown as the author's link.
    website         text,
    -- sha256 of the lowercase address; the address itself is not kept.
    email_hash      text,
    -- The Markdown as the reader typed it. Kept for editing; never rendered as HTML.
    body_source     text not null,
    -- What the widget renders: produced by pulldown-cmark then ammonia when written.
    body_html       text not null,
    status          text not null check (status in ('published', 'pending', 'deleted')),
    -- sha256 of the secret the author got at creation; proves authorship.
    edit_token_hash text not null,
    created_at      timestamptz not null,
    edited_at       timestamptz
);

create index comment_thread_idx on comment (site_id, page, comment_id);
create index comment_parent_idx on comment (parent_id);
