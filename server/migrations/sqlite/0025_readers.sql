-- Readers who sign in. Who may post on a site: `anyone` (as before), `confirmed` (a reader
-- signed in by an emailed link, or by the site's OpenID provider), `signed_in` (by the
-- provider only).
alter table site add column readers text not null default 'anyone'
    check (readers in ('anyone', 'confirmed', 'signed_in'));

-- A reader of one site, known by an address they confirmed (`email_hash`, and `email` for the
-- reply emails they ask for) or by their subject at the site's OpenID provider. `name`: the
-- name their comments carry.
create table reader (
    reader_id  integer primary key autoincrement,
    site_id    text not null references site (site_id) on delete cascade,
    email_hash text,
    email      text,
    subject    text,
    name       text,
    created_at text not null,
    unique (site_id, email_hash),
    unique (site_id, subject)
);

-- A signed-in browser: only a sha256 of its token is kept. Signing out removes the row;
-- signing out everywhere removes every row of the reader.
create table reader_token (
    token_hash text primary key,
    reader_id  integer not null references reader (reader_id) on delete cascade,
    created_at text not null
);
create index reader_token_reader_idx on reader_token (reader_id);

-- A sign-in link on its way: a sha256 of its secret, for one site and address, used once
-- before `expires_at`. Rows past their time are forgotten with unconfirmed addresses.
create table reader_signin (
    secret_hash text primary key,
    site_id     text not null references site (site_id) on delete cascade,
    email_hash  text not null,
    email       text not null,
    expires_at  text not null
);
create index reader_signin_email_idx on reader_signin (site_id, email_hash);

-- The signed-in reader who wrote a comment: theirs on every device, and shown as confirmed.
alter table comment add column reader_id integer references reader (reader_id) on delete set null;
create index comment_reader_idx on comment (reader_id) where reader_id is not null;

-- A comment becoming a confirmed reader's is a change readers see.
drop trigger change_log_comment_changed;
create trigger change_log_comment_changed after update on comment
when (old.status = 'published' or new.status = 'published')
 and (old.status is not new.status or old.body_html is not new.body_html
      or old.author is not new.author or old.website is not new.website
      or old.edited_at is not new.edited_at or old.pinned_at is not new.pinned_at
      or old.badge is not new.badge or old.reader_id is not new.reader_id)
begin
    insert into change_log (site_id, page, comment_id, kind, at)
    values (new.site_id, new.page, new.comment_id, 'comment', cast(strftime('%s', 'now') as integer));
end;
