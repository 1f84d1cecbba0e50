-- Readers' email addresses per site, by keyed hash: whether the reader confirmed it (the link
-- of a confirmation email), and when a confirmation was last sent (at most one a day). Reply
-- emails go only to confirmed addresses, and the `trusted` mode trusts only those.
create table reader_email (
    site_id              text not null references site (site_id) on delete cascade,
    email_hash           text not null,
    confirmed_at         timestamptz,
    confirmation_sent_at timestamptz,
    primary key (site_id, email_hash)
);
