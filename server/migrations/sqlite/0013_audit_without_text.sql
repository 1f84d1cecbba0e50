-- The audit log's snapshots kept each comment's text and author name, out of reach of an
-- author's erasure and of the 30-day purge. They now keep the status and a hash of the text;
-- older snapshots keep their status alone. The log stays append-only: its guard is lifted for
-- this one rewrite and put back.
drop trigger audit_log_no_update;
update audit_log set before = json_object('status', json_extract(before, '$.status'))
    where before is not null and json_valid(before);
update audit_log set after = json_object('status', json_extract(after, '$.status'))
    where after is not null and json_valid(after);
create trigger audit_log_no_update before update on audit_log
begin
    select raise(abort, 'the audit log is append-only');
end;
