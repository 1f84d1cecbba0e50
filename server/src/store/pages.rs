//! What moderators set on a page beside its comments: which comments are pinned above the
//! others, and whether the thread takes new comments.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{CommentRecord, StoreResult};
pub use crate::domain::closing::PageState;

#[async_trait]
pub trait PageStore: Send + Sync {
    /// Pins a published top-level comment above the page's others (the latest pinned last),
    /// or unpins it, with its audit line. Pinning a pinned comment, or unpinning one that is
    /// not, changes nothing. `InvalidTransition` for a reply or a comment not published;
    /// `TooManyPins` when the page has [`MAX_PINS_PER_PAGE`] already.
    ///
    /// [`MAX_PINS_PER_PAGE`]: parlons_shared::limits::MAX_PINS_PER_PAGE
    async fn pin(
        &self,
        id: i64,
        pinned: bool,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<CommentRecord>;
    /// Closes a thread or opens it again, with its audit line (the site must exist).
    async fn set_closed(
        &self,
        site: &str,
        page: &str,
        closed: bool,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// What decides whether the thread takes new comments.
    async fn page_state(&self, site: &str, page: &str) -> StoreResult<PageState>;
}
