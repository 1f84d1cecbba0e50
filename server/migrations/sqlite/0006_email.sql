-- Where moderators get pending comments by email (`parlons moderator email`).
alter table moderator add column email text;

-- The address of a reader who asked to hear about replies, kept only for that; cleared by the
-- unsubscribe link. Readers who did not ask leave only `email_hash`.
alter table comment add column notify_email text;

-- Keys the server makes once and every node shares (the one signing email links).
create table server_secret (
    name  text primary key,
    value text not null
);
