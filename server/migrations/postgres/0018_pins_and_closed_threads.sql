-- Pins: a moderator puts a few top-level comments of a page above the others, in every
-- sort. `pinned_at` orders them (the first pinned first); null when not pinned.
alter table comment add column pinned_at timestamptz;
create index comment_pinned_idx on comment (site_id, page, pinned_at) where pinned_at is not null;

-- A thread a moderator closed (`closed`) or opened again (false, which also overrides the
-- site's closing by age). No row: the site's rule decides.
create table thread_state (
    site_id    text not null references site (site_id) on delete cascade,
    page       text not null,
    closed     boolean not null,
    changed_at timestamptz not null,
    primary key (site_id, page)
);

-- Threads close this many days after their first comment; null: never by age.
alter table site add column close_after_days bigint check (close_after_days between 1 and 36500);

-- A pin is a change readers see (the comment moves to the top); a thread closed or opened
-- again is one of the page's (no comment: its readers' caches go).
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
           or old.pinned_at is distinct from new.pinned_at) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'comment');
    elsif new.status = 'published'
      and (old.upvotes is distinct from new.upvotes or old.downvotes is distinct from new.downvotes) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'votes');
    end if;
    return null;
end;
$$;

create function change_log_thread() returns trigger language plpgsql as $$
begin
    perform change_log_add(new.site_id, new.page, null, 'comment');
    return null;
end;
$$;
create trigger change_log_thread after insert or update on thread_state
for each row execute function change_log_thread();
