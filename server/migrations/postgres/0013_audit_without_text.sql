-- The audit log's snapshots kept each comment's text and author name, out of reach of an
-- author's erasure and of the 30-day purge. They now keep the status and a hash of the text;
-- older snapshots keep their status alone. The log stays append-only: its guard is lifted for
-- this one rewrite and put back.
drop trigger audit_log_no_change on audit_log;
update audit_log set before = json_build_object('status', before::json ->> 'status')::text
    where before is not null and before like '{%';
update audit_log set after = json_build_object('status', after::json ->> 'status')::text
    where after is not null and after like '{%';
create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_is_append_only();
