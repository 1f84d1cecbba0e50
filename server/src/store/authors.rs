//! The addresses a site's owner marked as the site's authors, and the `author` mark their
//! comments get once the address's owner confirms each by a link mailed to it. Addresses are
//! kept by keyed hash only.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{AuditEntry, CommentRecord, StoreResult};

/// One of a site's authors, as `/admin` lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteAuthor {
    pub email_hash: String,
    /// The address with its local part hidden but the first letter (`a…@example.fr`).
    pub label: String,
    pub added_by: String,
    pub added_at: OffsetDateTime,
}

#[async_trait]
pub trait AuthorStore: Send + Sync {
    /// Marks an address as one of the site's authors, with the audit line; `Conflict` when
    /// it is one already.
    async fn add_author(
        &self,
        site: &str,
        author: &SiteAuthor,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Unmarks it, with the audit line (the comments it marked keep their mark); `NotFound`
    /// when it was not one.
    async fn remove_author(
        &self,
        site: &str,
        email_hash: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// The site's authors, by label.
    async fn authors(&self, site: &str) -> StoreResult<Vec<SiteAuthor>>;
    /// Takes the right to mail this address "is this comment yours?": `false` when it is not
    /// one of the site's authors, or such an email went to it after `not_since`.
    async fn claim_author_mail(
        &self,
        site: &str,
        email_hash: &str,
        now: OffsetDateTime,
        not_since: OffsetDateTime,
    ) -> StoreResult<bool>;
    /// The author confirmed the comment: it gets the `author` mark, when its address is still
    /// one of its site's authors and it is not deleted. The comment as it is now; `NotFound`
    /// when no comment has this id.
    async fn mark_author_comment(&self, comment: i64) -> StoreResult<CommentRecord>;
}
