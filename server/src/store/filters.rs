//! Sites' word filters, as moderators set them.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::StoreResult;
pub use crate::domain::filters::FilterAction;

/// One entry of a site's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterEntry {
    pub site: String,
    /// As typed.
    pub phrase: String,
    /// As matching compares it ([`crate::domain::filters::parse_phrase`]).
    pub folded: String,
    pub action: FilterAction,
}

#[async_trait]
pub trait FilterStore: Send + Sync {
    /// Adds entries to a site's list, or changes the action of those it has (audited).
    /// `TooMany` when the list would pass [`crate::domain::filters::MAX_FILTERS`]; then
    /// nothing changes.
    async fn add_filters(
        &self,
        entries: &[FilterEntry],
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<()>;
    /// Takes entries (by their folded form) off a site's list (audited); how many were there.
    async fn remove_filters(
        &self,
        site: &str,
        folded: &[String],
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<u64>;
    /// A site's list (`None`: every site's), by site and phrase.
    async fn filters(&self, site: Option<&str>) -> StoreResult<Vec<FilterEntry>>;
}
