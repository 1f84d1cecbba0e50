-- Pins: a moderator puts a few top-level comments of a page above the others, in every
-- sort. `pinned_at` orders them (the first pinned first); null when not pinned.
alter table comment add column pinned_at text;
create index comment_pinned_idx on comment (site_id, page, pinned_at) where pinned_at is not null;

-- A thread a moderator closed (`closed` = 1) or opened again (0, which also overrides the
-- site's closing by age). No row: the site's rule decides.
create table thread_state (
    site_id    text not null references site (site_id) on delete cascade,
    page       text not null,
    closed     integer not null check (closed in (0, 1)),
    changed_at text not null,
    primary key (site_id, page)
);

-- Threads close this many days after their first comment; null: never by age.
alter table site add column close_after_days integer check (close_after_days between 1 and 36500);

-- A pin is a change readers see (the comment moves to the top); a thread closed or opened
-- again is one of the page's (no comment: its readers' caches go).
drop trigger change_log_comment_changed;
create trigger change_log_comment_changed after update on comment
when (old.status = 'published' or new.status = 'published')
 and (old.status is not new.status or old.body_html is not new.body_html
      or old.author is not new.author or old.website is not new.website
      or old.edited_at is not new.edited_at or old.pinned_at is not new.pinned_at)
begin
    insert into change_log (site_id, page, comment_id, kind, at)
    values (new.site_id, new.page, new.comment_id, 'comment', cast(strftime('%s', 'now') as integer));
end;

create trigger change_log_thread_set after insert on thread_state
begin
    insert into change_log (site_id, page, kind, at)
    values (new.site_id, new.page, 'comment', cast(strftime('%s', 'now') as integer));
end;
create trigger change_log_thread_changed after update on thread_state
begin
    insert into change_log (site_id, page, kind, at)
    values (new.site_id, new.page, 'comment', cast(strftime('%s', 'now') as integer));
end;
