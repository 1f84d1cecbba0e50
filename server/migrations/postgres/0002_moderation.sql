-- The same schema as migrations/sqlite/0002, in PostgreSQL's types.

-- Moderators sign in with a password (argon2id hash) or use API tokens made by the CLI.
create table moderator (
    moderator_id  bigint generated always as identity primary key,
    name          text not null unique,
    -- PHC string of an argon2id hash; the password itself is never stored.
    password_hash text not null,
    -- true: may moderate every site, present and future; else the sites in moderator_site.
    all_sites     boolean not null default false,
    created_at    timestamptz not null
);

create table moderator_site (
    moderator_id bigint not null references moderator (moderator_id) on delete cascade,
    site_id      text not null references site (site_id) on delete cascade,
    primary key (moderator_id, site_id)
);

-- Sign-in sessions and API tokens: only a sha256 of the secret is kept.
create table credential (
    credential_id bigint generated always as identity primary key,
    moderator_id  bigint not null references moderator (moderator_id) on delete cascade,
    kind          text not null check (kind in ('session', 'token')),
    secret_hash   text not null unique,
    created_at    timestamptz not null,
    -- Sessions expire; tokens last until revoked.
    expires_at    timestamptz,
    revoked_at    timestamptz
);

-- Who did what to which comment, with the state before and after (JSON). Append-only:
-- the trigger refuses any change, so not even a bug can rewrite history.
create table audit_log (
    audit_id   bigint generated always as identity primary key,
    at         timestamptz not null,
    -- A moderator's name, `author` (edit token), or `system`.
    actor      text not null,
    action     text not null,
    site_id    text,
    comment_id bigint,
    before     text,
    after      text
);
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only';
end;
$$;
create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_is_append_only();

-- When and by whom a comment was deleted: a moderator's deletion keeps the text for 30 days
-- so it can be restored; an author's erasure forgets it at once.
alter table comment add column deleted_at timestamptz;
alter table comment add column deleted_by text check (deleted_by in ('author', 'moderator'));

create index comment_status_idx on comment (status, site_id, comment_id);
create index comment_email_idx on comment (site_id, email_hash) where status = 'published';

-- Minutes an author may edit; null: the server's `edit_window_minutes`.
alter table site add column edit_window_minutes bigint check (edit_window_minutes >= 0);
