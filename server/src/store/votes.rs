//! Readers' votes on comments.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::transfer::VoteRow;
use super::{CommentRecord, StoreResult};

#[async_trait]
pub trait VoteStore: Send + Sync {
    /// Sets `voter`'s vote on a comment (`1`, `-1`, or `0` to take it back), keeps the
    /// comment's tally in step in the same transaction, and returns the comment as it is now.
    /// `voter` is already a keyed hash.
    async fn vote(
        &self,
        comment: i64,
        voter: &str,
        value: i8,
        at: OffsetDateTime,
    ) -> StoreResult<CommentRecord>;
    /// For `migrate-data`: every vote on the next `limit` voted comments after `after`.
    async fn read_votes(&self, after: i64, limit: i64) -> StoreResult<Vec<VoteRow>>;
    async fn write_votes(&self, rows: &[VoteRow]) -> StoreResult<()>;
}
