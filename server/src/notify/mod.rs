//! Telling the world outside what happens to comments: every event goes to the outbox (a
//! table), one message per destination, and a task on each node sends what is due, retrying
//! with growing delays. A reader's request never waits for a receiver, and a restart loses
//! nothing: what was not sent is still in the outbox.
//!
//! Webhooks: `webhooks.rs` signs and POSTs. Emails: `email.rs` sends over SMTP what
//! `letters.rs` writes, with links signed by `links.rs`; `mails.rs` picks who hears of an
//! event, `claims.rs` asks a site's authors whether a comment is theirs.

mod claims;
pub mod email;
pub mod letters;
pub mod links;
mod mails;
pub mod targets;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::sites::Sites;
use crate::store::notifications::{Channel, Message, NewMessage, Webhook};
use crate::store::records::rfc3339;
use crate::store::{CommentRecord, Store};

/// Attempts before a message is given up on (then `failed`, visible on /admin).
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a node keeps a message it took before another may try.
const LEASE: time::Duration = time::Duration::seconds(60);
/// How long the list of webhooks is trusted (a CLI change is seen within this).
const WEBHOOKS_FRESH: Duration = Duration::from_secs(5);
/// Messages sent at once per round.
const BATCH: i64 = 16;

/// What happened to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentEvent {
    Created,
    Edited,
    Approved,
    Deleted,
    Restored,
}

impl CommentEvent {
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "comment.created",
            Self::Edited => "comment.edited",
            Self::Approved => "comment.approved",
            Self::Deleted => "comment.deleted",
            Self::Restored => "comment.restored",
        }
    }
}

type WebhooksBySite = HashMap<String, Vec<Webhook>>;

pub struct Notifier {
    store: Arc<dyn Store>,
    sites: Arc<Sites>,
    client: reqwest::Client,
    /// Webhooks may call private addresses (`webhook_private_addresses`).
    private_targets: bool,
    /// `None` when no SMTP server is set: then no email is queued.
    mailer: Option<email::Mailer>,
    links: links::Links,
    wake: Notify,
    retry_base: Duration,
    webhooks: Mutex<Option<(Instant, Arc<WebhooksBySite>)>>,
}

impl Notifier {
    pub fn new(
        store: Arc<dyn Store>,
        sites: Arc<Sites>,
        mailer: Option<email::Mailer>,
        links: links::Links,
        retry_base: Duration,
        private_targets: bool,
    ) -> Arc<Self> {
        Arc::new(Self {
            store,
            sites,
            client: webhooks::client(private_targets),
            private_targets,
            mailer,
            links,
            wake: Notify::new(),
            retry_base,
            webhooks: Mutex::new(None),
        })
    }

    /// Signs and reads the links of emails.
    pub fn links(&self) -> &links::Links {
        &self.links
    }

    /// Queues `event` for the comment's site, in the background: it never delays nor fails
    /// the request that caused it.
    pub fn comment_event(self: &Arc<Self>, event: CommentEvent, record: &CommentRecord) {
        let at = OffsetDateTime::now_utc();
        let (this, record) = (Arc::clone(self), record.clone());
        tokio::spawn(async move {
            if let Err(error) = this.enqueue_webhooks(&record, event, at).await {
                tracing::error!(error = %format!("{error:#}"), site = record.site, "could not queue webhook calls");
            }
            if let Err(error) = this.enqueue_emails(event, &record).await {
                tracing::error!(error = %format!("{error:#}"), site = record.site, "could not queue emails");
            }
        });
    }

    /// One message per webhook of the comment's site; the JSON is made only for sites that
    /// have webhooks (most posts go to sites that have none).
    async fn enqueue_webhooks(
        &self,
        record: &CommentRecord,
        event: CommentEvent,
        at: OffsetDateTime,
    ) -> anyhow::Result<()> {
        let hooks = self.webhooks_by_site().await?;
        let Some(hooks) = hooks.get(&record.site).filter(|hooks| !hooks.is_empty()) else {
            return Ok(());
        };
        let site = record.site.as_str();
        let payload = serde_json::json!({
            "event": event.name(),
            "site": record.site,
            "page": record.page,
            "comment": record.to_api(),
            "at": rfc3339(at),
        })
        .to_string();
        let messages: Vec<NewMessage> = hooks
            .iter()
            .map(|hook| NewMessage {
                site: site.to_owned(),
                channel: Channel::Webhook,
                destination: hook.id.to_string(),
                event: event.name().to_owned(),
                subject: None,
                body: payload.clone(),
            })
            .collect();
        if !messages.is_empty() {
            self.store
                .enqueue(&messages, OffsetDateTime::now_utc())
                .await?;
            self.wake.notify_one();
        }
        Ok(())
    }

    async fn webhooks_by_site(&self) -> anyhow::Result<Arc<WebhooksBySite>> {
        if let Some((at, hooks)) = self
            .webhooks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            && at.elapsed() < WEBHOOKS_FRESH
        {
            return Ok(Arc::clone(hooks));
        }
        let mut by_site = WebhooksBySite::new();
        for hook in self.store.webhooks(None).await? {
            by_site.entry(hook.site.clone()).or_default().push(hook);
        }
        let by_site = Arc::new(by_site);
        *self.webhooks.lock().unwrap_or_else(|p| p.into_inner()) =
            Some((Instant::now(), Arc::clone(&by_site)));
        Ok(by_site)
    }

    /// Sends what is due, for as long as the server runs.
    pub async fn run(self: Arc<Self>) {
        loop {
            let now = OffsetDateTime::now_utc();
            let due = match self.store.claim_due(now, now + LEASE, BATCH).await {
                Ok(due) => due,
                Err(error) => {
                    tracing::warn!(%error, "could not read the outbox");
                    Vec::new()
                }
            };
            if due.is_empty() {
                let _ = tokio::time::timeout(Duration::from_secs(1), self.wake.notified()).await;
                continue;
            }
            futures_util::future::join_all(due.into_iter().map(|message| self.deliver(message)))
                .await;
        }
    }

    async fn deliver(&self, message: Message) {
        let outcome = match message.channel {
            Channel::Webhook => self.send_webhook(&message).await,
            Channel::Email => match &self.mailer {
                Some(mailer) => mailer.send(&message).await,
                None => Err(Failure::Final("no SMTP server is set (smtp_host)".into())),
            },
        };
        let now = OffsetDateTime::now_utc();
        let recorded = match outcome {
            Ok(()) => self.store.mark_sent(message.id, now).await,
            Err(failure) => {
                let (error, retry) = match failure {
                    Failure::Retry(error) if message.attempts + 1 < MAX_ATTEMPTS => {
                        (error, Some(now + self.delay(message.attempts)))
                    }
                    Failure::Retry(error) | Failure::Final(error) => (error, None),
                };
                tracing::warn!(id = message.id, event = message.event, %error, retry = retry.is_some(), "a notification failed");
                self.store
                    .mark_attempt_failed(message.id, &error, retry)
                    .await
            }
        };
        if let Err(error) = recorded {
            tracing::error!(%error, id = message.id, "could not record a notification's outcome");
        }
    }

    /// `retry_base`, doubling with each attempt, at most six hours.
    fn delay(&self, attempts: i64) -> time::Duration {
        let factor = 1u32 << attempts.clamp(0, 16);
        let delay = self
            .retry_base
            .saturating_mul(factor)
            .min(Duration::from_secs(6 * 3600));
        time::Duration::try_from(delay).unwrap_or(time::Duration::hours(6))
    }

    async fn send_webhook(&self, message: &Message) -> Result<(), Failure> {
        let hooks = self
            .webhooks_by_site()
            .await
            .map_err(|error| Failure::Retry(format!("{error:#}")))?;
        let hook = hooks
            .get(&message.site)
            .into_iter()
            .flatten()
            .find(|hook| hook.id.to_string() == message.destination)
            .ok_or_else(|| Failure::Final("the webhook was removed".into()))?;
        if !self.private_targets
            && let Some(why) = targets::refused_target(&hook.url)
        {
            return Err(Failure::Final(why.to_owned()));
        }
        webhooks::send(&self.client, hook, message).await
    }
}

/// Why a message was not sent.
#[derive(Debug)]
pub enum Failure {
    /// Worth trying again later (a timeout, a 5xx).
    Retry(String),
    /// Will not work however often it is tried.
    Final(String),
}
