//! Moving everything from one database to another (`parlons migrate-data`): every table with
//! its ids, so replies keep their parents and tokens keep working.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::StoreResult;
use super::accounts::ReaderTables;

/// The tables, in the order they are copied (each after those it refers to). The outbox
/// (messages not sent yet), sign-in links on their way and sign-ins under way at a provider
/// are not copied: stop the source once it is empty. The server's keys
/// (`server_secret`) are copied too, so signed links, challenges and address hashes keep
/// matching; they are not counted, as a target that served once already has its own.
pub const TABLES: [&str; 20] = [
    "site",
    "site_origin",
    "thread_state",
    "filter",
    "moderator",
    "moderator_site",
    "webhook",
    "credential",
    "reader",
    "reader_token",
    "reader_email",
    "site_provider",
    "comment",
    "audit_log",
    "block",
    "vote",
    "report",
    "refusal_count",
    "site_author",
    "invitation",
];

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SiteRow {
    pub site_id: String,
    pub moderation: String,
    pub created_at: OffsetDateTime,
    pub edit_window_minutes: Option<i64>,
    pub min_post_seconds: Option<i64>,
    pub pow_bits: Option<i64>,
    pub max_links: Option<i64>,
    pub posts_per_minute: Option<i64>,
    pub duplicate_window_minutes: Option<i64>,
    pub crawlable: bool,
    pub lang: String,
    pub votes: String,
    pub gravatar: bool,
    pub close_after_days: Option<i64>,
    pub report_threshold: Option<i64>,
    pub readers: String,
}

/// A reader's report of a comment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    pub comment_id: i64,
    pub voter: String,
    pub reason: String,
    pub note: Option<String>,
    pub address_hash: Option<String>,
    pub created_at: OffsetDateTime,
    pub dismissed_at: Option<OffsetDateTime>,
}

/// One entry of a site's word filters.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FilterRow {
    pub site_id: String,
    pub folded: String,
    pub phrase: String,
    pub action: String,
    pub created_by: String,
    pub created_at: OffsetDateTime,
}

/// A thread a moderator closed or opened again.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ThreadStateRow {
    pub site_id: String,
    pub page: String,
    pub closed: bool,
    pub changed_at: OffsetDateTime,
}

/// Posts refused on a site, day and spam layer (the statistics page).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefusalCountRow {
    pub site_id: String,
    pub day: String,
    pub layer: String,
    pub count: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SiteAuthorRow {
    pub site_id: String,
    pub email_hash: String,
    pub label: String,
    pub added_by: String,
    pub added_at: OffsetDateTime,
    pub claim_sent_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub secret_hash: String,
    pub site_id: String,
    pub owner: bool,
    pub created_by: String,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SiteOriginRow {
    pub site_id: String,
    pub origin: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModeratorFullRow {
    pub moderator_id: i64,
    pub name: String,
    pub password_hash: String,
    pub all_sites: bool,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookRow {
    pub webhook_id: i64,
    pub site_id: String,
    pub url: String,
    pub secret: String,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModeratorSiteRow {
    pub moderator_id: i64,
    pub site_id: String,
    pub owner: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CredentialRow {
    pub credential_id: i64,
    pub moderator_id: i64,
    pub kind: String,
    pub secret_hash: String,
    pub created_at: OffsetDateTime,
    pub expires_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentFullRow {
    pub comment_id: i64,
    pub site_id: String,
    pub page: String,
    pub parent_id: Option<i64>,
    /// The conversation of a reply: its top-level comment.
    pub root_id: Option<i64>,
    pub author: Option<String>,
    pub website: Option<String>,
    pub email_hash: Option<String>,
    pub body_source: String,
    pub body_html: String,
    pub status: String,
    pub edit_token_hash: String,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
    pub deleted_at: Option<OffsetDateTime>,
    pub deleted_by: Option<String>,
    /// Where an imported comment came from (`disqus:<id>`...); `None` for comments posted here.
    pub import_key: Option<String>,
    /// The address of a reader who asked to hear about replies.
    pub notify_email: Option<String>,
    /// The keyed hash of the poster's address.
    pub address_hash: Option<String>,
    pub upvotes: i64,
    pub downvotes: i64,
    /// When a moderator pinned it; `None` when not pinned.
    pub pinned_at: Option<OffsetDateTime>,
    /// `moderator` or `author`, when the comment carries that mark.
    pub badge: Option<String>,
    /// The signed-in reader who wrote it.
    pub reader_id: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VoteRow {
    pub comment_id: i64,
    /// The keyed hash of the reader's id.
    pub voter: String,
    pub value: i64,
    pub voted_at: OffsetDateTime,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BlockRow {
    pub block_id: i64,
    pub site_id: String,
    pub kind: String,
    pub hash: String,
    pub until: OffsetDateTime,
    pub created_by: String,
    pub comment_id: Option<i64>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditFullRow {
    pub audit_id: i64,
    pub at: OffsetDateTime,
    pub actor: String,
    pub action: String,
    pub site_id: Option<String>,
    pub comment_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The small tables, read and written whole.
#[derive(Debug, Clone, Default)]
pub struct SmallTables {
    pub sites: Vec<SiteRow>,
    pub origins: Vec<SiteOriginRow>,
    pub moderators: Vec<ModeratorFullRow>,
    pub moderator_sites: Vec<ModeratorSiteRow>,
    pub webhooks: Vec<WebhookRow>,
    pub blocks: Vec<BlockRow>,
    pub thread_states: Vec<ThreadStateRow>,
    pub filters: Vec<FilterRow>,
    pub refusal_counts: Vec<RefusalCountRow>,
    pub site_authors: Vec<SiteAuthorRow>,
    pub invitations: Vec<InvitationRow>,
    /// `server_secret`: name and value.
    pub secrets: Vec<(String, String)>,
}

/// Reading and writing whole tables, ids included.
#[async_trait]
pub trait TransferStore: Send + Sync + 'static {
    /// Rows per table, in [`TABLES`] order.
    async fn row_counts(&self) -> StoreResult<Vec<(&'static str, i64)>>;
    async fn read_small(&self) -> StoreResult<SmallTables>;
    async fn write_small(&self, tables: &SmallTables) -> StoreResult<()>;
    /// Readers who signed in, their tokens and confirmed addresses; written after the small
    /// tables and before the comments.
    async fn read_readers(&self) -> StoreResult<ReaderTables>;
    async fn write_readers(&self, tables: &ReaderTables) -> StoreResult<()>;
    /// Up to `limit` rows with ids above `after`, by id.
    async fn read_credentials(&self, after: i64, limit: i64) -> StoreResult<Vec<CredentialRow>>;
    async fn write_credentials(&self, rows: &[CredentialRow]) -> StoreResult<()>;
    async fn read_comments(&self, after: i64, limit: i64) -> StoreResult<Vec<CommentFullRow>>;
    async fn write_comments(&self, rows: &[CommentFullRow]) -> StoreResult<()>;
    async fn read_audit(&self, after: i64, limit: i64) -> StoreResult<Vec<AuditFullRow>>;
    async fn write_audit(&self, rows: &[AuditFullRow]) -> StoreResult<()>;
    /// Every report; written after the comments.
    async fn read_reports(&self) -> StoreResult<Vec<ReportRow>>;
    async fn write_reports(&self, rows: &[ReportRow]) -> StoreResult<()>;
    /// After writing rows with their ids: make new ids start above them.
    async fn finish_import(&self) -> StoreResult<()>;
    /// A consistent copy of the whole database in a new file at `path`, taken while the
    /// database serves (`parlons backup`; SQLite only).
    async fn backup(&self, path: &str) -> StoreResult<()>;
    /// Empties every table, the audit log included (`migrate-data --force` only).
    async fn clear_all(&self) -> StoreResult<()>;
}
