-- Each reply names its conversation (`root_id`, its top-level comment; null on top-level
-- comments), so a conversation's first replies are read as a range of one index instead of
-- a walk of its whole tree: a conversation of 1,000 replies made every `newest` or `top`
-- page read all 1,000 rows to show ten. Replies come after their parents (ids grow), and
-- are written with their conversation from now on.
alter table comment add column root_id integer;

create temp table conversation (comment_id integer primary key, root_id integer not null);
insert into conversation (comment_id, root_id)
with recursive tree (comment_id, root_id) as (
    select comment_id, comment_id from comment where parent_id is null
    union all
    select c.comment_id, t.root_id from comment c join tree t on c.parent_id = t.comment_id)
select comment_id, root_id from tree where comment_id != root_id;
update comment set root_id = (select conversation.root_id from conversation
                              where conversation.comment_id = comment.comment_id)
where parent_id is not null;
drop table conversation;

create index comment_conversation_idx on comment (root_id, comment_id) where root_id is not null;
