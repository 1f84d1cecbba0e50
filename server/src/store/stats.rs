//! The raw figures of a site's statistics page; `domain::stats` turns them into
//! [`SiteStats`](parlons_shared::SiteStats).

use async_trait::async_trait;
use time::OffsetDateTime;

use super::StoreResult;
pub use crate::domain::stats::RawStats;

/// Most waits one statistics read takes (the latest decisions), so a busy site's page costs
/// a bounded read.
pub const MOST_WAITS: i64 = 20_000;

/// Pages listed as the most commented.
pub const TOP_PAGES: i64 = 10;

/// Refused posts a node counted on one site, day and layer since it last wrote them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusalCount {
    pub site: String,
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub layer: &'static str,
    pub count: u64,
}

#[async_trait]
pub trait StatsStore: Send + Sync {
    /// Adds counts to the stored ones, in one transaction.
    async fn add_refusals(&self, counts: &[RefusalCount]) -> StoreResult<()>;
    /// The site's figures from `since` (a UTC midnight) on.
    async fn raw_stats(&self, site: &str, since: OffsetDateTime) -> StoreResult<RawStats>;
}
