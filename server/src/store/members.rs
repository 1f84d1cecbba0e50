//! Who moderates a site, as its owners change it from `/admin`: taking a moderator off a
//! site, and invitations by link that add one.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{AuditEntry, StoreResult};

/// Days an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

/// An invitation to moderate a site (or own it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub site: String,
    pub owner: bool,
    /// The owner who made it.
    pub created_by: String,
    pub expires_at: OffsetDateTime,
}

#[async_trait]
pub trait MemberStore: Send + Sync {
    /// Takes away `name`'s right to moderate `site` (and to own it), with the audit line;
    /// `NotFound` when they had none there.
    async fn remove_from_site(&self, name: &str, site: &str, audit: &AuditEntry)
    -> StoreResult<()>;
    /// Keeps an invitation under the hash of its secret (and forgets expired ones).
    async fn invite(
        &self,
        secret_hash: &str,
        invitation: &Invitation,
        now: OffsetDateTime,
    ) -> StoreResult<()>;
    /// The invitation, when unused and not expired at `now`; else `NotFound`.
    async fn invitation(&self, secret_hash: &str, now: OffsetDateTime) -> StoreResult<Invitation>;
    /// Uses the invitation and adds moderator `name` of its site, with the audit line, in one
    /// transaction: `NotFound` when used or expired, `Conflict` when the name is taken (and
    /// then the invitation still works).
    async fn join(
        &self,
        secret_hash: &str,
        name: &str,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Invitation>;
}
