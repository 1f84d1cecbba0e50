//! Readers' reports of comments, as the store keeps them.

use async_trait::async_trait;
use parlons_shared::ReportReason;
use time::OffsetDateTime;

use super::{CommentRecord, StoreResult};

/// A report to record.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub comment: i64,
    /// The keyed hash of the reader's voter id.
    pub voter: String,
    pub reason: ReportReason,
    pub note: Option<String>,
    /// The keyed hash of the network it came from.
    pub address_hash: String,
    pub at: OffsetDateTime,
}

/// What a report did.
#[derive(Debug, Clone)]
pub struct Reported {
    /// `false` when this reader had reported the comment already (nothing changed).
    pub recorded: bool,
    /// The comment, sent back to waiting, when this report reached the threshold.
    pub held: Option<CommentRecord>,
}

/// A comment with reports not dismissed, for moderators.
#[derive(Debug, Clone)]
pub struct ReportSummary {
    pub comment: CommentRecord,
    pub reports: u32,
    /// Each reason given, and by how many.
    pub reasons: Vec<(String, u32)>,
    /// Readers' notes, newest first.
    pub notes: Vec<String>,
}

#[async_trait]
pub trait ReportStore: Send + Sync {
    /// Records a report once per reader and comment; when reports not dismissed come from
    /// `threshold` distinct networks (0: never), a published comment goes back to waiting,
    /// audited as `readers`, in the same transaction.
    async fn report(&self, report: &NewReport, threshold: u32) -> StoreResult<Reported>;
    /// Comments of these sites (`None`: all) with reports not dismissed, the most reported
    /// first, `limit` at most.
    async fn reported(
        &self,
        sites: Option<&[String]>,
        limit: u32,
    ) -> StoreResult<Vec<ReportSummary>>;
    /// A moderator dismisses a comment's reports (audited); how many there were.
    async fn dismiss_reports(
        &self,
        comment: i64,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<u64>;
}
