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
    expires_at timestamptz not null
);
create index provider_login_site_idx on provider_login (site_id);

-- Moderators block a signed-in reader too, whatever address or network they post from:
-- `hash` is then `reader-<reader_id>`.
alter table block drop constraint block_kind_check,
    add constraint block_kind_check check (kind in ('address', 'email', 'reader'));
