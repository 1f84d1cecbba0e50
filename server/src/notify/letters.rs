//! The emails' words. Plain text: every mail client shows it, and nothing in it runs.

use super::email::Letter;
use crate::store::CommentRecord;
use crate::store::notifications::{Channel, NewMessage};

fn author(record: &CommentRecord) -> &str {
    record.author.as_deref().unwrap_or("Someone")
}

fn message(
    record: &CommentRecord,
    to: &str,
    event: &str,
    subject: String,
    letter: Letter,
) -> NewMessage {
    NewMessage {
        site: record.site.clone(),
        channel: Channel::Email,
        destination: to.to_owned(),
        event: event.to_owned(),
        subject: Some(subject),
        body: serde_json::to_string(&letter).unwrap_or_default(),
    }
}

/// To a moderator: a comment waits; `urls` approve and delete it.
pub fn pending(
    record: &CommentRecord,
    origin: &str,
    to: &str,
    urls: &[String; 2],
    base: &str,
) -> NewMessage {
    let text = format!(
        "{} wrote on {origin}{}:\n\n{}\n\nApprove: {}\nDelete: {}\n\n\
         These links work for 7 days. Every comment waiting: {base}/admin\n",
        author(record),
        record.page,
        record.source,
        urls[0],
        urls[1],
    );
    let subject = format!(
        "[{}] A comment waits for approval on {}",
        record.site, record.page
    );
    message(
        record,
        to,
        "moderation.pending",
        subject,
        Letter {
            text,
            unsubscribe: None,
        },
    )
}

/// To the author of the comment replied to.
pub fn reply(record: &CommentRecord, origin: &str, to: &str, unsubscribe: &str) -> NewMessage {
    let text = format!(
        "{} replied to your comment:\n\n{}\n\nRead it and answer: {origin}{}#parlons-{}\n\n\
         You get this email because you asked to hear about replies. To stop: {unsubscribe}\n",
        author(record),
        record.source,
        record.page,
        record.id,
    );
    let subject = format!("New reply to your comment on {origin}{}", record.page);
    message(
        record,
        to,
        "comment.reply",
        subject,
        Letter {
            text,
            unsubscribe: Some(unsubscribe.to_owned()),
        },
    )
}
