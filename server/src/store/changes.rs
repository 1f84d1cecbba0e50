//! The change log (`change_log`, written by the database's triggers): every change readers
//! see, numbered in the order it was made, whoever made it. Nodes read it to deliver live
//! events and to learn of sites changed elsewhere; readers who reconnect get what they missed.

use async_trait::async_trait;

use super::StoreResult;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A comment readers see was published, edited, erased, approved, deleted or restored.
    Comment,
    /// A published comment's votes.
    Votes,
    /// A site's settings or origins (`page` is empty).
    Site,
    /// A site's blocks (`page` is empty).
    Blocks,
}

impl ChangeKind {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "comment" => Some(Self::Comment),
            "votes" => Some(Self::Votes),
            "site" => Some(Self::Site),
            "blocks" => Some(Self::Blocks),
            _ => None,
        }
    }
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: i64,
    pub site: String,
    pub page: String,
    pub comment: Option<i64>,
    pub kind: ChangeKind,
}

/// A row as both backends return it.
pub type ChangeRow = (i64, String, String, Option<i64>, String);

/// The rows as changes; a kind this version does not know (written by a newer one) is left out.
pub fn changes(rows: Vec<ChangeRow>) -> Vec<Change> {
    rows.into_iter()
        .filter_map(|(id, site, page, comment, kind)| {
            Some(Change {
                id,
                site,
                page,
                comment,
                kind: ChangeKind::parse(&kind)?,
            })
        })
        .collect()
}

#[async_trait]
pub trait ChangeStore: Send + Sync {
    /// The first `limit` changes after `after`, oldest first.
    async fn changes_after(&self, after: i64, limit: i64) -> StoreResult<Vec<Change>>;
    /// One page's changes after `after` up to `through`, oldest first, `limit` at most.
    async fn page_changes(
        &self,
        site: &str,
        page: &str,
        after: i64,
        through: i64,
        limit: i64,
    ) -> StoreResult<Vec<Change>>;
    /// The number of the last change (0 before the first).
    async fn last_change(&self) -> StoreResult<i64>;
    /// The oldest number the log still holds (every change from it on is there); 0 when empty.
    async fn first_change(&self) -> StoreResult<i64>;
    /// Drops the changes made before `before` (seconds since 1970), the newest excepted.
    async fn forget_changes(&self, before: i64) -> StoreResult<u64>;
}
