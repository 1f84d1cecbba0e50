//! "Is this comment yours?": when a comment gives an address the site's owner marked as one
//! of the site's authors, that address gets a link that puts the `author` mark on the
//! comment. One such email a minute per address at most, so posting under an author's address
//! cannot flood their mailbox.

use std::sync::Arc;

use time::OffsetDateTime;

use super::{Notifier, letters};
use crate::domain::token::hash_email;
use crate::store::CommentRecord;

/// The least time between two claim emails to one address.
const CLAIM_EVERY: time::Duration = time::Duration::MINUTE;

impl Notifier {
    /// In the background: mails `email` a claim link for the comment if it is one of the
    /// site's authors (nothing when no SMTP server is set).
    pub fn ask_author_claim(self: &Arc<Self>, record: &CommentRecord, email: &str) {
        if self.mailer.is_none() {
            return;
        }
        let (this, record, email) = (Arc::clone(self), record.clone(), email.to_owned());
        tokio::spawn(async move {
            if let Err(error) = this.enqueue_claim(&record, &email).await {
                tracing::error!(error = %format!("{error:#}"), site = record.site, "could not queue an author's claim email");
            }
        });
    }

    async fn enqueue_claim(&self, record: &CommentRecord, email: &str) -> anyhow::Result<()> {
        let now = OffsetDateTime::now_utc();
        let claimed = self
            .store
            .claim_author_mail(&record.site, &hash_email(email), now, now - CLAIM_EVERY)
            .await?;
        if !claimed {
            return Ok(());
        }
        let lang = self
            .sites
            .get(&record.site)
            .await?
            .map(|site| site.lang)
            .unwrap_or_default();
        let url = self.links.claim_url(record.id, now);
        let message = letters::author_claim(lang, record, email, &url);
        self.store.enqueue(&[message], now).await?;
        self.wake.notify_one();
        Ok(())
    }
}
