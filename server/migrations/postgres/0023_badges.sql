-- Badges: a comment a moderator wrote from /admin says so (`moderator`); a comment whose
-- author proved, by a link mailed to them, that they own an address the site's owner marked
-- says so too (`author`). Null: no mark.
alter table comment add column badge text check (badge in ('moderator', 'author'));

-- The addresses a site's owner marked as the site's authors, by keyed hash (the address
-- itself is not kept: `label` shows its first letter and domain). `claim_sent_at`: when the
-- last "is this comment yours?" email went to it (one a minute at most).
create table site_author (
    site_id       text not null references site (site_id) on delete cascade,
    email_hash    text not null,
    label         text not null,
    added_by      text not null,
    added_at      timestamptz not null,
    claim_sent_at timestamptz,
    primary key (site_id, email_hash)
);

-- A badge is a change readers see.
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
           or old.badge is distinct from new.badge) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'comment');
    elsif new.status = 'published'
      and (old.upvotes is distinct from new.upvotes or old.downvotes is distinct from new.downvotes) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'votes');
    end if;
    return null;
end;
$$;
