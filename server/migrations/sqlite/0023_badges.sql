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
    added_at      text not null,
    claim_sent_at text,
    primary key (site_id, email_hash)
);

-- A badge is a change readers see.
drop trigger change_log_comment_changed;
create trigger change_log_comment_changed after update on comment
when (old.status = 'published' or new.status = 'published')
 and (old.status is not new.status or old.body_html is not new.body_html
      or old.author is not new.author or old.website is not new.website
      or old.edited_at is not new.edited_at or old.pinned_at is not new.pinned_at
      or old.badge is not new.badge)
begin
    insert into change_log (site_id, page, comment_id, kind, at)
    values (new.site_id, new.page, new.comment_id, 'comment', cast(strftime('%s', 'now') as integer));
end;
