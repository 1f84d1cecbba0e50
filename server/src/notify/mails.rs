//! The emails a comment's events queue: moderators hear of a comment that waits for them,
//! a reader of a reply to their comment (once their address is confirmed), and a reader who
//! asked for replies gets the one email that confirms their address; a reader who asks to
//! sign in gets their link.

use std::sync::Arc;

use parlons_shared::CommentStatus;
use time::OffsetDateTime;

use super::{CommentEvent, Notifier, letters};
use crate::domain::reader::SIGNIN_MINUTES;
use crate::domain::site::Site;
use crate::domain::token::hash_email;
use crate::store::CommentRecord;

impl Notifier {
    /// Whether this server sends email at all (an SMTP server is set).
    pub fn sends_email(&self) -> bool {
        self.mailer.is_some()
    }

    /// Queues the sign-in link a reader asked for; it leaves with the outbox's next round.
    pub async fn send_signin(&self, site: &Site, email: &str, url: &str) -> anyhow::Result<()> {
        let message = letters::signin(site.lang, &site.id, email, url, SIGNIN_MINUTES);
        self.store
            .enqueue(&[message], OffsetDateTime::now_utc())
            .await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Sends the reader's address its confirmation email, in the background, unless it is
    /// confirmed already or one went to it in the last day (when no SMTP server is set,
    /// nothing is sent, and no address can be confirmed).
    pub fn ask_confirmation(self: &Arc<Self>, site: &str, email: &str) {
        if self.mailer.is_none() {
            return;
        }
        let (this, site, email) = (Arc::clone(self), site.to_owned(), email.to_owned());
        tokio::spawn(async move {
            if let Err(error) = this.enqueue_confirmation(&site, &email).await {
                tracing::error!(error = %format!("{error:#}"), site, "could not queue a confirmation email");
            }
        });
    }

    async fn enqueue_confirmation(&self, site: &str, email: &str) -> anyhow::Result<()> {
        let now = OffsetDateTime::now_utc();
        let claimed = self
            .store
            .claim_confirmation(site, &hash_email(email), now, now - time::Duration::DAY)
            .await?;
        if !claimed {
            return Ok(());
        }
        let lang = self
            .sites
            .get(site)
            .await?
            .map(|site| site.lang)
            .unwrap_or_default();
        let url = self.links.confirmation_url(site, email, now);
        let message = letters::confirmation(lang, site, email, &url);
        self.store.enqueue(&[message], now).await?;
        self.wake.notify_one();
        Ok(())
    }

    /// Moderators hear of a comment that waits for them; the author of the comment replied
    /// to hears of a published reply, if they asked.
    pub(super) async fn enqueue_emails(
        &self,
        event: CommentEvent,
        record: &CommentRecord,
    ) -> anyhow::Result<()> {
        if self.mailer.is_none() {
            return Ok(());
        }
        let site = self.sites.get(&record.site).await?;
        // The page's address when it has one on the site, else its key alone.
        let page_url = site
            .as_ref()
            .and_then(|site| site.page_url(&record.page))
            .unwrap_or_else(|| record.page.clone());
        let lang = site.map(|site| site.lang).unwrap_or_default();
        let now = OffsetDateTime::now_utc();
        let mut messages = Vec::new();
        if event == CommentEvent::Created && record.status == CommentStatus::Pending {
            for moderator in self.store.moderator_emails(&record.site).await? {
                let urls = ["approve", "delete"].map(|action| {
                    self.links
                        .moderation_url(action, record.id, moderator.moderator_id, now)
                });
                messages.push(letters::pending(
                    lang,
                    record,
                    &page_url,
                    &moderator.email,
                    &urls,
                    self.links.base(),
                ));
            }
        }
        let published = matches!(event, CommentEvent::Created | CommentEvent::Approved)
            && record.status == CommentStatus::Published;
        if let (true, Some(parent)) = (published, record.parent)
            && let Some(address) = self.store.notify_email_of(parent).await?
            && self.store.notify_email_of(record.id).await?.as_deref() != Some(address.as_str())
            && self
                .store
                .email_confirmed(&record.site, &hash_email(&address))
                .await?
        {
            let unsubscribe = self.links.unsubscribe_url(&record.site, &address);
            messages.push(letters::reply(
                lang,
                record,
                &page_url,
                &address,
                &unsubscribe,
            ));
        }
        if !messages.is_empty() {
            self.store.enqueue(&messages, now).await?;
            self.wake.notify_one();
        }
        Ok(())
    }
}
