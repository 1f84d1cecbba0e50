-- Readers who sign in. Who may post on a site: `anyone` (as before), `confirmed` (a reader
-- signed in by an emailed link, or by the site's OpenID provider), `signed_in` (by the
-- provider only).
alter table site add column readers text not null default 'anyone'
    check (readers in ('anyone', 'confirmed', 'signed_in'));

-- A reader of one site, known by an address they confirmed (`email_hash`, and `email` for the
-- reply emails they ask for) or by their subject at the site's OpenID provider. `name`: the
-- name their comments carry.
create table reader (
    reader_id  bigint generated always as identity primary key,
    site_id    text not null references site (site_id) on delete cascade,
    email_hash text,
    email      text,
    subject    text,
    name       text,
    created_at timestamptz not null,
    unique (site_id, email_hash),
    unique (site_id, subject)
);

-- A signed-in browser: only a sha256 of its token is kept. Signing out removes the row;
-- signing out everywhere removes every row of the reader.
create table reader_token (
    token_hash text primary key,
    reader_id  bigint not null references reader (reader_id) on delete cascade,
    created_at timestamptz not null
);
create index reader_token_reader_idx on reader_token (reader_id);

-- A sign-in link on its way: a sha256 of its secret, for one site and address, used once
-- before `expires_at`. Rows past their time are forgotten with unconfirmed addresses.
create table reader_signin (
    secret_hash text primary key,
    site_id     text not null references site (site_id) on delete cascade,
    email_hash  text not null,
    email       text not null,
    expires_at  timestamptz not null
);
create index reader_signin_email_idx on reader_signin (site_id, email_hash);

-- The signed-in reader who wrote a comment: theirs on every device, and shown as confirmed.
alter table comment add column reader_id bigint references reader (reader_id) on delete set null;
create index comment_reader_idx on comment (reader_id) where reader_id is not null;

-- A comment becoming a confirmed reader's is a change readers see.
create or replace function change_log_comment() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.status = 'published' then
            perform change_log_add(new.site_id, new.page, new.comment_id, 'comment');
        end if;
    elsif (old.status = 'published' or new.status = 'published')
      and (old.status is distinct from new.status or old.body_html is distinct from new.body_html
           or old.author is distinct from new.author or old.website is distinct from new.website
           or old.edited_at is distinct from new.edited_at
           or old.pinned_at is distinct from new.pinned_at
           or old.badge is distinct from new.badge
           or old.reader_id is distinct from new.reader_id) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'comment');
    elsif new.status = 'published'
      and (old.upvotes is distinct from new.upvotes or old.downvotes is distinct from new.downvotes) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'votes');
    end if;
    return null;
end;
$$;
