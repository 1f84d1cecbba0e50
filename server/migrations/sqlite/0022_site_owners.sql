-- A site's owners manage its settings and moderators in /admin; other moderators of the site
-- moderate its comments only. (A moderator of all sites manages every site.)
alter table moderator_site add column owner integer not null default 0 check (owner in (0, 1));

-- An owner invites a moderator by a link: only a sha256 of its secret is kept; it works once,
-- for a week.
create table invitation (
    secret_hash text primary key,
    site_id     text not null references site (site_id) on delete cascade,
    owner       integer not null default 0 check (owner in (0, 1)),
    created_by  text not null,
    expires_at  text not null,
    used_at     text
);
