//! Webhooks, and the outbox of what is to be sent (webhook calls, emails): kept in the
//! database until sent or given up on, claimed by one node at a time.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::StoreResult;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: i64,
    pub site: String,
    pub url: String,
    /// Signs each call (HMAC-SHA256); the receiver holds the same.
    pub secret: String,
    pub created_at: OffsetDateTime,
}

/// How a message leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Webhook,
    Email,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Webhook => "webhook",
            Self::Email => "email",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "webhook" => Some(Self::Webhook),
            "email" => Some(Self::Email),
            _ => None,
        }
    }
}

/// Something to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub site: String,
    pub channel: Channel,
    /// The webhook's id, or the email address.
    pub destination: String,
    /// `comment.created`, ...
    pub event: String,
    pub subject: Option<String>,
    pub body: String,
}

/// A message as the outbox keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub site: String,
    pub channel: Channel,
    pub destination: String,
    pub event: String,
    pub subject: Option<String>,
    pub body: String,
    /// `pending`, `sent` or `failed` (given up on).
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: OffsetDateTime,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
}

#[async_trait]
pub trait NotificationStore: Send + Sync + 'static {
    /// `Conflict` when the site already has this URL; `NotFound` without the site.
    async fn add_webhook(
        &self,
        site: &str,
        url: &str,
        secret: &str,
        at: OffsetDateTime,
    ) -> StoreResult<Webhook>;
    /// `NotFound` when there is no such webhook.
    async fn remove_webhook(&self, id: i64) -> StoreResult<()>;
    /// Every webhook, or one site's, by id.
    async fn webhooks(&self, site: Option<&str>) -> StoreResult<Vec<Webhook>>;
    /// Adds messages to send as soon as possible, in one transaction.
    async fn enqueue(&self, messages: &[NewMessage], at: OffsetDateTime) -> StoreResult<()>;
    /// Up to `limit` messages due at `now`, each locked until `lease` so that no other
    /// node takes it meanwhile.
    async fn claim_due(
        &self,
        now: OffsetDateTime,
        lease: OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<Message>>;
    async fn mark_sent(&self, id: i64, at: OffsetDateTime) -> StoreResult<()>;
    /// A failed attempt: tried again at `retry_at`, or given up on when it is `None`.
    async fn mark_attempt_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> StoreResult<()>;
    /// The latest messages of some sites (`None`: all), newest first.
    async fn recent_messages(
        &self,
        sites: Option<&[String]>,
        limit: i64,
    ) -> StoreResult<Vec<Message>>;
    /// Messages not sent yet (the metrics' outbox depth).
    async fn pending_messages(&self) -> StoreResult<i64>;

    /// The address a comment's author gave to hear about replies, if they asked.
    async fn notify_email_of(&self, comment: i64) -> StoreResult<Option<String>>;
    /// Stops reply emails to `email` on `site`; the number of comments it was kept for.
    async fn unsubscribe(&self, site: &str, email: &str) -> StoreResult<u64>;
    /// Moderators of `site` who gave an email.
    async fn moderator_emails(&self, site: &str) -> StoreResult<Vec<ModeratorEmail>>;
    /// `NotFound` without that moderator; `None` stops their emails.
    async fn set_moderator_email(&self, name: &str, email: Option<&str>) -> StoreResult<()>;
    /// A random secret made the first time it is asked for, the same for every node after.
    async fn server_secret(&self, name: &str, fresh: &str) -> StoreResult<String>;
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ModeratorEmail {
    pub moderator_id: i64,
    pub name: String,
    pub email: String,
}
