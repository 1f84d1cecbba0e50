//! Readers' email addresses, per site and by keyed hash: confirmed or not, and when a
//! confirmation email was last sent. Nothing reaches an address its reader has not confirmed
//! but the one confirmation email a day.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::StoreResult;

#[async_trait]
pub trait ReaderStore: Send + Sync {
    /// Whether the reader confirmed this address for the site.
    async fn email_confirmed(&self, site: &str, email_hash: &str) -> StoreResult<bool>;
    /// Takes the day's confirmation email for this address on the site: `false` when the
    /// address is confirmed already, or a confirmation went to it after `not_since`.
    async fn claim_confirmation(
        &self,
        site: &str,
        email_hash: &str,
        now: OffsetDateTime,
        not_since: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// The reader followed the confirmation link: the address is confirmed for the site.
    async fn confirm_email(
        &self,
        site: &str,
        email_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Forgets addresses asked for before `before` and never confirmed. How many.
    async fn forget_unconfirmed(&self, before: OffsetDateTime) -> StoreResult<u64>;
}
