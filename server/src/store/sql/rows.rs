//! Rows as every backend returns them (sqlx's `FromRow` derive is generic over the database),
//! and their conversion to the store's records.

use parlons_shared::{Badge, CommentStatus};
use time::OffsetDateTime;

use crate::store::notifications::{Channel, Message};
use crate::store::{AuditEntry, CommentRecord, StoreError, StoreResult};

/// A statement that had to change one row (found by its key) changed `rows_affected`: none
/// means nothing has that key.
pub fn one_row(rows_affected: u64) -> StoreResult<()> {
    if rows_affected == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct CommentRow {
    pub comment_id: i64,
    pub site_id: String,
    pub page: String,
    pub parent_id: Option<i64>,
    pub author: Option<String>,
    pub website: Option<String>,
    pub body_source: String,
    pub body_html: String,
    pub status: String,
    pub edit_token_hash: String,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
    pub upvotes: i64,
    pub downvotes: i64,
    pub email_hash: Option<String>,
    pub pinned_at: Option<OffsetDateTime>,
    pub badge: Option<String>,
    pub reader_id: Option<i64>,
}

impl TryFrom<CommentRow> for CommentRecord {
    type Error = StoreError;

    fn try_from(row: CommentRow) -> StoreResult<Self> {
        let status = CommentStatus::parse(&row.status).ok_or_else(|| {
            StoreError::Other(anyhow::anyhow!(
                "comment {} has status {:?}",
                row.comment_id,
                row.status
            ))
        })?;
        Ok(Self {
            id: row.comment_id,
            site: row.site_id,
            page: row.page,
            parent: row.parent_id,
            author: row.author,
            website: row.website,
            source: row.body_source,
            html: row.body_html,
            status,
            edit_token_hash: row.edit_token_hash,
            created_at: row.created_at,
            edited_at: row.edited_at,
            upvotes: u32::try_from(row.upvotes).unwrap_or(0),
            downvotes: u32::try_from(row.downvotes).unwrap_or(0),
            email_hash: row.email_hash,
            pinned: row.pinned_at.is_some(),
            // A mark this server does not know (written by a newer one) is no mark.
            badge: row.badge.as_deref().and_then(Badge::parse),
            reader_id: row.reader_id,
        })
    }
}

pub fn records(rows: Vec<CommentRow>) -> StoreResult<Vec<CommentRecord>> {
    rows.into_iter().map(CommentRecord::try_from).collect()
}

pub const COMMENT_COLUMNS: &str = "comment_id, site_id, page, parent_id, author, website, body_source, \
     body_html, status, edit_token_hash, created_at, edited_at, upvotes, downvotes, email_hash, pinned_at, badge, reader_id";

#[derive(sqlx::FromRow)]
pub struct ModeratorRow {
    pub moderator_id: i64,
    pub name: String,
    pub password_hash: String,
    pub all_sites: bool,
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    at: OffsetDateTime,
    actor: String,
    action: String,
    site_id: Option<String>,
    comment_id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> Self {
        Self {
            at: row.at,
            actor: row.actor,
            action: row.action,
            site: row.site_id,
            comment: row.comment_id,
            before: row.before,
            after: row.after,
        }
    }
}

/// What an author's erasure leaves of a comment (`$2`: when): its place in the tree.
pub const ERASED: &str = "status = 'deleted', body_source = '', body_html = '', author = null, \
     website = null, email_hash = null, notify_email = null, address_hash = null, edited_at = $2, \
     deleted_at = $2, deleted_by = 'author'";

/// The audit line of an author's erasure: the erased text is not copied into the log, as
/// erasing means it is gone.
pub fn erasure_entry(
    at: OffsetDateTime,
    before: &CommentRecord,
    after: &CommentRecord,
) -> AuditEntry {
    let mut entry = author_entry("erase", at, before, after);
    entry.before = Some(serde_json::json!({ "status": before.status.as_str() }).to_string());
    entry
}

pub fn author_entry(
    action: &str,
    at: OffsetDateTime,
    before: &CommentRecord,
    after: &CommentRecord,
) -> AuditEntry {
    AuditEntry {
        at,
        actor: "author".to_owned(),
        action: action.to_owned(),
        site: Some(after.site.clone()),
        comment: Some(after.id),
        before: Some(before.audit_snapshot()),
        after: Some(after.audit_snapshot()),
    }
}

pub const OUTBOX_COLUMNS: &str = "message_id, site_id, channel, destination, event, subject, body, \
     status, attempts, next_attempt_at, last_error, created_at, sent_at";

#[derive(sqlx::FromRow)]
pub struct OutboxRow {
    pub message_id: i64,
    pub site_id: String,
    pub channel: String,
    pub destination: String,
    pub event: String,
    pub subject: Option<String>,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: OffsetDateTime,
    pub last_error: Option<String>,
    pub created_at: OffsetDateTime,
    pub sent_at: Option<OffsetDateTime>,
}

impl TryFrom<OutboxRow> for Message {
    type Error = StoreError;

    fn try_from(row: OutboxRow) -> StoreResult<Self> {
        let channel = Channel::parse(&row.channel).ok_or_else(|| {
            StoreError::Other(anyhow::anyhow!(
                "message {} has channel {:?}",
                row.message_id,
                row.channel
            ))
        })?;
        Ok(Self {
            id: row.message_id,
            site: row.site_id,
            channel,
            destination: row.destination,
            event: row.event,
            subject: row.subject,
            body: row.body,
            status: row.status,
            attempts: row.attempts,
            next_attempt_at: row.next_attempt_at,
            last_error: row.last_error,
            created_at: row.created_at,
            sent_at: row.sent_at,
        })
    }
}
