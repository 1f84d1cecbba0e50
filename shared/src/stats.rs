//! A site's figures for its moderators: `GET /api/v1/moderation/stats?site=S` and
//! `/admin/stats`.

use serde::{Deserialize, Serialize};

/// How many days the figures cover, today included.
pub const STATS_DAYS: usize = 90;

/// The spam defense's layers, in the order a post meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SpamLayer {
    /// Over the posts-per-minute limit of an address.
    RateLimit,
    /// The hidden field was filled.
    Trap,
    /// A moderator blocked the address or email.
    Block,
    /// The challenge was missing, invalid, or solved too fast.
    Challenge,
    /// The same text again within the site's window.
    Duplicate,
    /// A word filter set to refuse.
    Filter,
}

impl SpamLayer {
    pub const ALL: [Self; 6] = [
        Self::RateLimit,
        Self::Trap,
        Self::Block,
        Self::Challenge,
        Self::Duplicate,
        Self::Filter,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RateLimit => "rate_limit",
            Self::Trap => "trap",
            Self::Block => "block",
            Self::Challenge => "challenge",
            Self::Duplicate => "duplicate",
            Self::Filter => "filter",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|layer| layer.as_str() == text)
    }
}

/// A site's figures over the last [`STATS_DAYS`] days (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteStats {
    pub site: String,
    /// Comments posted each day, oldest first, one entry per day (zeros included).
    pub days: Vec<DayCount>,
    pub queue: QueueWait,
    /// Posts refused per layer, every layer listed.
    pub refusals: Vec<LayerCount>,
    /// The ten pages with the most comments posted in the period, most first.
    pub top_pages: Vec<PageCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCount {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    /// Comments posted that day, whatever became of them.
    pub comments: u64,
}

/// How long comments held for review waited for a moderator's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueWait {
    /// Held comments approved or deleted in the period.
    pub decided: u64,
    /// Seconds from posting to the decision; null when none was decided.
    pub median_secs: Option<u64>,
    pub p90_secs: Option<u64>,
    /// Comments waiting now.
    pub waiting: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LayerCount {
    pub layer: SpamLayer,
    pub refused: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageCount {
    pub page: String,
    pub comments: u64,
}
