//! Storage behind one interface, so handlers never see SQL: SQLite (one file, the default)
//! and PostgreSQL (several nodes), both running the statements of `sql/`.
//!
//! `sqlx::Error` never leaves this module: it becomes a [`StoreError`].

pub mod accounts;
pub mod authors;
pub mod changes;
pub mod filters;
pub mod group_commit;
pub mod import;
pub mod members;
pub mod moderation;
pub mod notifications;
pub mod pages;
mod postgres;
pub mod providers;
pub mod readers;
pub mod records;
pub mod reports;
mod schema;
pub mod spam;
mod sql;
mod sqlite;
pub mod stats;
pub mod transfer;
pub mod votes;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use time::OffsetDateTime;

pub use accounts::{AccountStore, Reader};
pub use authors::{AuthorStore, SiteAuthor};
pub use changes::{Change, ChangeKind, ChangeStore};
pub use filters::{FilterEntry, FilterStore};
pub use import::{ImportOutcome, ImportRecord, ImportStore};
pub use members::MemberStore;
pub use moderation::{
    AuditEntry, CredentialKind, ModerationAction, ModerationQuery, ModerationStore, NewModerator,
};
pub use notifications::NotificationStore;
pub use pages::{PageState, PageStore};
pub use postgres::PgStore;
pub use providers::ProviderStore;
pub use readers::ReaderStore;
pub use records::{
    CommentRecord, NewCommentRecord, ParentRecord, Shape, ThreadQuery, parent_problem,
};
pub use reports::{NewReport, ReportStore, ReportSummary, Reported};
pub use spam::SpamStore;
pub use sqlite::SqliteStore;
pub use stats::StatsStore;
pub use transfer::TransferStore;
pub use votes::VoteStore;

use crate::domain::render::SafeHtml;
use crate::domain::site::Site;

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("the parent comment does not exist")]
    ParentNotFound,
    #[error("the parent comment belongs to another page")]
    ParentOnOtherPage,
    #[error("already exists: {0}")]
    Conflict(String),
    #[error("the post's challenge was used already")]
    ChallengeUsed,
    #[error("the comment cannot go from {from} by {action}")]
    InvalidTransition {
        from: &'static str,
        action: &'static str,
    },
    /// A list would pass its limit; nothing changed.
    #[error("{0}")]
    TooMany(&'static str),
    /// The page has as many pinned comments as it may.
    #[error("the page has as many pinned comments as it may")]
    TooManyPins,
    /// The comment's text is not the version the moderator read.
    #[error("the comment changed since it was read")]
    Changed,
    #[error("{0}")]
    Unsupported(&'static str),
    #[error("storage failure")]
    Other(#[source] anyhow::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => Self::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                Self::Conflict(db.message().to_owned())
            }
            other => Self::Other(other.into()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        Self::Other(error.into())
    }
}

/// Everything Parlons keeps. One implementation per database; the handlers see only this.
pub trait Store:
    SiteStore
    + CommentStore
    + ModerationStore
    + TransferStore
    + ImportStore
    + NotificationStore
    + SpamStore
    + VoteStore
    + ReaderStore
    + ChangeStore
    + PageStore
    + FilterStore
    + ReportStore
    + StatsStore
    + MemberStore
    + AuthorStore
    + AccountStore
    + ProviderStore
{
}

impl<T> Store for T where
    T: SiteStore
        + CommentStore
        + ModerationStore
        + TransferStore
        + ImportStore
        + NotificationStore
        + SpamStore
        + VoteStore
        + ReaderStore
        + ChangeStore
        + PageStore
        + FilterStore
        + ReportStore
        + StatsStore
        + MemberStore
        + AuthorStore
        + AccountStore
        + ProviderStore
{
}

/// Sites and their allowed origins.
#[async_trait]
pub trait SiteStore: Send + Sync + 'static {
    /// Adds a site; `Conflict` when the id is taken.
    async fn insert_site(&self, site: &Site) -> StoreResult<()>;
    /// Replaces a site's origins and settings, with its audit line in the same transaction;
    /// `NotFound` when it does not exist.
    async fn update_site(&self, site: &Site, audit: Option<&AuditEntry>) -> StoreResult<()>;
    /// Removes a site and all its comments; `NotFound` when it does not exist.
    async fn delete_site(&self, id: &str) -> StoreResult<()>;
    /// Every site, by id.
    async fn list_sites(&self) -> StoreResult<Vec<Site>>;
}

/// Comments as readers write and read them.
#[async_trait]
pub trait CommentStore: Send + Sync + 'static {
    /// Whether the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Stores a batch of comments in one transaction (one commit, one sync to disk), each
    /// after checking that its parent is on the same page: one answer per comment, in order.
    /// `Err` when the transaction failed as a whole, and then nothing of the batch is stored.
    async fn insert_comments(
        &self,
        batch: &[NewCommentRecord],
    ) -> StoreResult<Vec<StoreResult<CommentRecord>>>;
    /// One comment, whatever its status.
    async fn get_comment(&self, id: i64) -> StoreResult<CommentRecord>;
    /// A page of a thread: published comments, and deleted ones that still have replies.
    async fn thread(&self, query: &ThreadQuery) -> StoreResult<Vec<CommentRecord>>;
    /// Published comments on a page.
    async fn count(&self, site: &str, page: &str) -> StoreResult<u64>;
    /// Published comments on each page that has any.
    async fn counts(&self, site: &str, pages: &[String]) -> StoreResult<HashMap<String, u64>>;
    /// The author replaces the text and HTML; written to the audit log.
    /// The author's new text; with `review`, a published comment goes back to waiting for a
    /// moderator. Written to the audit log.
    async fn edit_comment(
        &self,
        id: i64,
        source: &str,
        html: &SafeHtml,
        review: bool,
        at: OffsetDateTime,
    ) -> StoreResult<CommentRecord>;
    /// The author erases the comment: marked deleted, its text forgotten; written to the audit log.
    async fn erase_comment(&self, id: i64, at: OffsetDateTime) -> StoreResult<CommentRecord>;
}

/// Opens the database a URL names and brings its schema up to date.
pub async fn connect(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(SqliteStore::connect(url).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PgStore::connect(url).await?))
    } else {
        anyhow::bail!(
            "unsupported database URL `{}:...`: it must start with sqlite:// or postgres://",
            url.split(':').next().unwrap_or_default()
        )
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn an_unsupported_database_url_is_a_start_up_error_naming_both_schemes() {
        let error = super::connect("mysql://localhost/parlons")
            .await
            .err()
            .expect("refused")
            .to_string();
        assert!(
            error.contains("sqlite://") && error.contains("postgres://"),
            "{error}"
        );
    }
}
