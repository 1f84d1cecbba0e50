-- Moderators sign in with a password (argon2id hash) or use API tokens made by the CLI.
create table moderator (
    moderator_id  integer primary key autoincrement,
    name          text not null unique,
    -- PHC string of an argon2id hash; the password itself is never stored.
    password_hash text not null,
    -- 1: may moderate every site, present and future; else the sites in moderator_site.
    all_sites     integer not null default 0,
    created_at    text not null
);

create table moderator_site (
    moderator_id integer not null references moderator (moderator_id) on delete cascade,
    site_id      text not null references site (site_id) on delete cascade,
    primary key (moderator_id, site_id)
);

-- Sign-in sessions and API tokens: only a sha256 of the secret is kept.
create table credential (
    credential_id integer primary key autoincrement,
    moderator_id  integer not null references moderator (moderator_id) on delete cascade,
    kind          text not null check (kind in ('session', 'token')),
    secret_hash   text not null unique,
    created_at    text not null,
    -- Sessions expire; tokens last until revoked.
    expires_at    text,
    revoked_at    text
);

-- Who did what to which comment, with the state before and after (JSON). Append-only:
-- the triggers refuse any change, so not even a bug can rewrite history.
create table audit_log (
    audit_id   integer primary key autoincrement,
    at         text not null,
    -- A moderator's name, `author` (edit token), or `system`.
    actor      text not null,
    action     text not null,
    site_id    text,
    comment_id integer,
    before     text,
    after      text
);
create index audit_log_at_idx on audit_log (audit_id desc);
create trigger audit_log_no_update before update on audit_log
begin
    select raise(abort, 'the audit log is append-only');
end;
create trigger audit_log_no_delete before delete on audit_log
begin
    select raise(abort, 'the audit log is append-only');
end;

-- When and by whom a comment was deleted: a moderator's deletion keeps the text for 30 days
-- so it can be restored; an author's erasure forgets it at once.
alter table comment add column deleted_at text;
alter table comment add column deleted_by text check (deleted_by in ('author', 'moderator'));

create index comment_status_idx on comment (status, site_id, comment_id);
create index comment_email_idx on comment (site_id, email_hash) where status = 'published';

-- Minutes an author may edit; null: the server's `edit_window_minutes`.
alter table site add column edit_window_minutes integer check (edit_window_minutes >= 0);
