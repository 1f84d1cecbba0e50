-- Every change readers see, numbered in the order it was made: a comment published, edited,
-- erased, approved, deleted or restored (`comment`), its votes (`votes`), a site's settings
-- (`site`) or its blocks (`blocks`). Written by these triggers, in the transaction of the
-- change itself, whoever makes it (a node, the command line, an import). Each node reads it
-- from the last number it delivered, so none misses a change, and a reader who reconnects
-- with `Last-Event-ID` gets what it missed. Rows older than `live_log_minutes` go, the
-- newest excepted (it keeps the count going).
create table change_log (
    change_id  integer primary key autoincrement,
    site_id    text not null,
    page       text not null,
    comment_id integer,
    kind       text not null check (kind in ('comment', 'votes', 'site', 'blocks')),
    -- Seconds since 1970, UTC.
    at         integer not null
);
create index change_log_page_idx on change_log (site_id, page, change_id);

create trigger change_log_comment_added after insert on comment
when new.status = 'published'
begin
    insert into change_log (site_id, page, comment_id, kind, at)
    values (new.site_id, new.page, new.comment_id, 'comment', cast(strftime('%s', 'now') as integer));
end;

create trigger change_log_comment_changed after update on comment
when (old.status = 'published' or new.status = 'published')
 and (old.status is not new.status or old.body_html is not new.body_html
      or old.author is not new.author or old.website is not new.website
      or old.edited_at is not new.edited_at)
begin
    insert into change_log (site_id, page, comment_id, kind, at)
    values (new.site_id, new.page, new.comment_id, 'comment', cast(strftime('%s', 'now') as integer));
end;

create trigger change_log_comment_voted after update of upvotes, downvotes on comment
when new.status = 'published'
 and (old.upvotes is not new.upvotes or old.downvotes is not new.downvotes)
begin
    insert into change_log (site_id, page, comment_id, kind, at)
    values (new.site_id, new.page, new.comment_id, 'votes', cast(strftime('%s', 'now') as integer));
end;

create trigger change_log_site_added after insert on site
begin
    insert into change_log (site_id, page, kind, at) values (new.site_id, '', 'site', cast(strftime('%s', 'now') as integer));
end;
create trigger change_log_site_changed after update on site
begin
    insert into change_log (site_id, page, kind, at) values (new.site_id, '', 'site', cast(strftime('%s', 'now') as integer));
end;
create trigger change_log_site_removed after delete on site
begin
    insert into change_log (site_id, page, kind, at) values (old.site_id, '', 'site', cast(strftime('%s', 'now') as integer));
end;
create trigger change_log_origin_added after insert on site_origin
begin
    insert into change_log (site_id, page, kind, at) values (new.site_id, '', 'site', cast(strftime('%s', 'now') as integer));
end;
create trigger change_log_origin_removed after delete on site_origin
begin
    insert into change_log (site_id, page, kind, at) values (old.site_id, '', 'site', cast(strftime('%s', 'now') as integer));
end;

create trigger change_log_block_added after insert on block
begin
    insert into change_log (site_id, page, kind, at) values (new.site_id, '', 'blocks', cast(strftime('%s', 'now') as integer));
end;
create trigger change_log_block_removed after delete on block
begin
    insert into change_log (site_id, page, kind, at) values (old.site_id, '', 'blocks', cast(strftime('%s', 'now') as integer));
end;
