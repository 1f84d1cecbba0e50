-- Every change readers see, numbered in the order it was made: a comment published, edited,
-- erased, approved, deleted or restored (`comment`), its votes (`votes`), a site's settings
-- (`site`) or its blocks (`blocks`). Written by these triggers, in the transaction of the
-- change itself, whoever makes it (a node, the command line, an import). Each node reads it
-- from the last number it delivered, so none misses a change, and a reader who reconnects
-- with `Last-Event-ID` gets what it missed. Rows older than `live_log_minutes` go, the
-- newest excepted (it keeps the count going).
--
-- Numbers must become visible in order, or a node reading up to 11 would skip 10 committed
-- after it: each writing transaction takes one advisory lock before it takes a number, and
-- holds it until it commits.
create table change_log (
    change_id  bigint generated always as identity primary key,
    site_id    text not null,
    page       text not null,
    comment_id bigint,
    kind       text not null check (kind in ('comment', 'votes', 'site', 'blocks')),
    -- Seconds since 1970, UTC.
    at         bigint not null
);
create index change_log_page_idx on change_log (site_id, page, change_id);

create function change_log_add(site text, page text, comment bigint, kind text) returns void
language plpgsql as $$
begin
    perform pg_advisory_xact_lock(7262657);
    insert into change_log (site_id, page, comment_id, kind, at)
    values (site, page, comment, kind, extract(epoch from now())::bigint);
end;
$$;

create function change_log_comment() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.status = 'published' then
            perform change_log_add(new.site_id, new.page, new.comment_id, 'comment');
        end if;
    elsif (old.status = 'published' or new.status = 'published')
      and (old.status is distinct from new.status or old.body_html is distinct from new.body_html
           or old.author is distinct from new.author or old.website is distinct from new.website
           or old.edited_at is distinct from new.edited_at) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'comment');
    elsif new.status = 'published'
      and (old.upvotes is distinct from new.upvotes or old.downvotes is distinct from new.downvotes) then
        perform change_log_add(new.site_id, new.page, new.comment_id, 'votes');
    end if;
    return null;
end;
$$;
create trigger change_log_comment after insert or update on comment
for each row execute function change_log_comment();

create function change_log_site() returns trigger language plpgsql as $$
begin
    perform change_log_add(case when tg_op = 'DELETE' then old.site_id else new.site_id end,
                           '', null, tg_argv[0]);
    return null;
end;
$$;
create trigger change_log_site after insert or update or delete on site
for each row execute function change_log_site('site');
create trigger change_log_origin after insert or delete on site_origin
for each row execute function change_log_site('site');
create trigger change_log_block after insert or delete on block
for each row execute function change_log_site('blocks');
