//! Comments brought in from another system (`parlons import`), and a site's comments taken
//! out whole (`parlons export`).

use async_trait::async_trait;
use parlons_shared::CommentStatus;
use time::OffsetDateTime;

use super::StoreResult;
use super::transfer::CommentFullRow;
use crate::domain::render::SafeHtml;

/// A comment to import. Its parent is named by import key: an earlier record of the same
/// batch, or a comment an earlier import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    /// Unique within the site: `disqus:<id>`, `wordpress:<post id>/<id>`...
    pub key: String,
    pub parent_key: Option<String>,
    pub page: String,
    pub author: Option<String>,
    pub website: Option<String>,
    pub email_hash: Option<String>,
    /// Kept from a Parlons export: the reader still hears about replies.
    pub notify_email: Option<String>,
    pub source: String,
    /// Sanitized on the way in: only `domain::render` makes a [`SafeHtml`].
    pub html: SafeHtml,
    pub status: CommentStatus,
    /// A hash of a secret nobody holds: imported comments cannot be edited by their author.
    pub edit_token_hash: String,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
}

/// What an import wrote (or, in a dry run, would have written).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub written: u64,
    /// Records whose key a previous import of the site already wrote.
    pub already_there: u64,
}

#[async_trait]
pub trait ImportStore: Send + Sync + 'static {
    /// Writes the records of `site` whose key is new, in order (parents before replies), in
    /// one transaction: all or nothing. With `dry_run` the transaction is rolled back, so
    /// the outcome is exact and nothing is kept. `progress` is called once per record.
    async fn import_comments(
        &self,
        site: &str,
        records: &[ImportRecord],
        dry_run: bool,
        progress: &(dyn Fn() + Send + Sync),
    ) -> StoreResult<ImportOutcome>;

    /// Every comment of a site, by id, whatever its status.
    async fn site_comments(&self, site: &str) -> StoreResult<Vec<CommentFullRow>>;
}
