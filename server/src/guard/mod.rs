//! What decides whether a request may go on, and the state it keeps to decide: rate limits,
//! blocks, word filters, the count of refused posts, duplicate texts, used challenges, live-stream quotas, turns for CPU-heavy work (password checks, rendering), and the [`policy`] that
//! says which setting applies to a site. Nothing here knows HTTP: a guard answers with a
//! [`Refusal`], which `error.rs` maps once to the contract's error body.

pub mod blocks;
pub mod challenges;
pub mod duplicates;
pub mod filters;
pub mod policy;
pub mod rate_limit;
pub mod spam;
pub mod streams;
pub mod tally;
pub mod turns;

use std::sync::Arc;

pub use blocks::Blocks;
pub use challenges::UsedChallenges;
pub use duplicates::Duplicates;
pub use filters::SiteFilters;
pub use policy::Policy;
pub use rate_limit::RateLimits;
pub use streams::StreamSlots;
pub use tally::RefusalTally;
pub use turns::Turns;

use crate::domain::render::{SafeHtml, render};
use crate::domain::spam::SpamKeys;

/// Why a guard stopped a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Over a rate limit; may try again after the wait.
    RateLimited { retry_after_secs: u64 },
    /// Too many live streams open from this address (`per_address`), or in all.
    TooManyStreams { per_address: bool },
    /// The same text was posted within the site's window.
    DuplicateComment,
    /// The site asks for a challenge and the post has none.
    ChallengeRequired,
    /// The challenge is forged, expired, unsolved or used; why, for the reader.
    ChallengeInvalid(&'static str),
    /// Posted sooner than the site's minimum time after the form appeared.
    TooFast { retry_after_secs: u64 },
    /// The hidden field was filled.
    LooksAutomated,
    /// A moderator blocked this address or email on the site until then (RFC 3339).
    Blocked { until: String },
}

/// Every guard of a node, with the state each keeps.
pub struct Guards {
    pub limits: Arc<RateLimits>,
    /// The blocks in force.
    pub blocks: Arc<Blocks>,
    /// Each site's word filters.
    pub filters: Arc<SiteFilters>,
    /// Posts refused per site and spam layer, for the statistics.
    pub refusals: Arc<RefusalTally>,
    /// Texts posted lately, to refuse them again.
    pub duplicates: Duplicates,
    pub used_challenges: Arc<UsedChallenges>,
    /// Open live streams, per address and in all.
    pub streams: Arc<StreamSlots>,
    /// Signs challenges and hashes addresses.
    pub spam_keys: SpamKeys,
    /// Each site's settings, else the server's.
    pub policy: Policy,
    /// Sign-in's argon2id checks, a bounded number at once (one per two CPUs).
    pub passwords: Turns,
    /// Renderings of readers' Markdown, a bounded number at once (one per CPU).
    pub renders: Turns,
}

impl Guards {
    /// A reader's Markdown rendered off the async workers, under the renders' bound: refused
    /// as too many requests when too many renderings wait already.
    pub async fn render(&self, markdown: &str) -> Result<SafeHtml, Refusal> {
        let markdown = markdown.to_owned();
        self.renders.run(move || render(&markdown)).await
    }
}
