//! Rows as the store returns them, and their public form.

use parlons_shared::{Comment, CommentStatus, Sort};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A stored comment, with what the public never sees (source text, token hash, thread).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRecord {
    pub id: i64,
    pub site: String,
    pub page: String,
    pub parent: Option<i64>,
    pub author: Option<String>,
    pub website: Option<String>,
    pub source: String,
    pub html: String,
    pub status: CommentStatus,
    pub edit_token_hash: String,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
}

impl CommentRecord {
    /// The public form: a deleted comment keeps only its place in the tree.
    pub fn to_api(&self) -> Comment {
        let deleted = self.status == CommentStatus::Deleted;
        Comment {
            id: self.id,
            parent: self.parent,
            author: if deleted { None } else { self.author.clone() },
            website: if deleted { None } else { self.website.clone() },
            html: if deleted {
                String::new()
            } else {
                self.html.clone()
            },
            created_at: rfc3339(self.created_at),
            edited_at: self.edited_at.map(rfc3339),
            status: self.status,
        }
    }
}

impl CommentRecord {
    /// What the audit log keeps of a comment's state.
    pub fn audit_snapshot(&self) -> String {
        serde_json::json!({ "status": self.status.as_str(), "text": self.source, "author": self.author })
            .to_string()
    }
}

/// A UTC instant as RFC 3339 (`2026-11-29T08:00:00Z`).
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// What the HTTP layer hands the store to create a comment.
#[derive(Debug, Clone)]
pub struct NewCommentRecord {
    pub site: String,
    pub page: String,
    pub parent: Option<i64>,
    pub author: Option<String>,
    pub website: Option<String>,
    pub email_hash: Option<String>,
    pub source: String,
    pub html: String,
    pub status: CommentStatus,
    pub edit_token_hash: String,
    pub created_at: OffsetDateTime,
}

/// Which part of a thread to read.
#[derive(Debug, Clone)]
pub struct ThreadQuery {
    pub site: String,
    pub page: String,
    pub sort: Sort,
    pub limit: u32,
    /// Only comments after this id in the chosen order.
    pub after: Option<i64>,
}
