-- Webhooks: each site may have several; every comment event is POSTed to each, signed with
-- its secret (kept as is: it signs, it does not authenticate anyone to us).
create table webhook (
    webhook_id bigint generated always as identity primary key,
    site_id    text not null references site (site_id) on delete cascade,
    url        text not null,
    secret     text not null,
    created_at timestamptz not null,
    unique (site_id, url)
);

-- What is to be sent (webhook calls, emails), kept until sent or given up on, so a restart
-- loses nothing and a slow receiver never delays a reader. A node claims a message by
-- setting `locked_until`, so two nodes never send the same one at once.
create table outbox (
    message_id      bigint generated always as identity primary key,
    site_id         text not null references site (site_id) on delete cascade,
    channel         text not null check (channel in ('webhook', 'email')),
    -- The webhook's id for `webhook`; the address for `email`.
    destination     text not null,
    event           text not null,
    subject         text,
    body            text not null,
    status          text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts        bigint not null default 0,
    next_attempt_at timestamptz not null,
    locked_until    timestamptz,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz
);

create index outbox_due_idx on outbox (status, next_attempt_at);
create index outbox_site_idx on outbox (site_id, message_id);
