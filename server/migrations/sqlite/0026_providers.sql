-- A site's own OpenID provider (Keycloak, Authentik, Google, GitLab, ...): its readers sign in
-- there by the authorization code flow with PKCE. The client secret is the site owner's: it is
-- sent to the provider only, never shown, exported or logged.
create table site_provider (
    site_id       text primary key references site (site_id) on delete cascade,
    issuer        text not null,
    client_id     text not null,
    client_secret text not null,
    label         text not null
);

-- A sign-in at the provider under way: a sha256 of its `state`, the nonce and PKCE verifier
-- its answer is checked with, and the page origin the reader token goes back to. Used once,
-- before `expires_at`; rows past their time are forgotten with the sign-in links.
create table provider_login (
    state_hash text primary key,
    site_id    text not null references site (site_id) on delete cascade,
    nonce      text not null,
    verifier   text not null,
    origin     text not null,
    expires_at text not null
);
create index provider_login_site_idx on provider_login (site_id);

-- Moderators block a signed-in reader too, whatever address or network they post from:
-- `hash` is then `reader-<reader_id>`. SQLite changes a check by building the table again.
create table block_new (
    block_id   integer primary key autoincrement,
    site_id    text not null references site (site_id) on delete cascade,
    kind       text not null check (kind in ('address', 'email', 'reader')),
    -- `comment.address_hash`, `comment.email_hash`, or `reader-<reader_id>`.
    hash       text not null,
    until      text not null,
    -- The moderator who blocked, and the comment that showed the way.
    created_by text not null,
    comment_id integer,
    created_at text not null
);
insert into block_new (block_id, site_id, kind, hash, until, created_by, comment_id, created_at)
select block_id, site_id, kind, hash, until, created_by, comment_id, created_at from block;
drop table block;
alter table block_new rename to block;
create index block_until_idx on block (until);
create trigger change_log_block_added after insert on block
begin
    insert into change_log (site_id, page, kind, at) values (new.site_id, '', 'blocks', cast(strftime('%s', 'now') as integer));
end;
create trigger change_log_block_removed after delete on block
begin
    insert into change_log (site_id, page, kind, at) values (old.site_id, '', 'blocks', cast(strftime('%s', 'now') as integer));
end;
