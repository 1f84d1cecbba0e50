//! Rows as the store returns them, and their public form.

use std::collections::HashMap;

use parlons_shared::{Badge, Comment, CommentStatus, Sort};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::StoreError;
use crate::domain::faces::Faces;
use crate::domain::render::SafeHtml;
use crate::domain::site::Site;

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
    pub upvotes: u32,
    pub downvotes: u32,
    /// The keyed hash of the author's email, if they gave one (blocks and trust go by it).
    pub email_hash: Option<String>,
    /// A moderator pinned it above the page's other comments.
    pub pinned: bool,
    /// Written by a moderator, or by one of the site's authors who proved it.
    pub badge: Option<Badge>,
    /// The signed-in reader who wrote it (or whose confirmed address it gave).
    pub reader_id: Option<i64>,
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
            upvotes: self.upvotes,
            downvotes: self.downvotes,
            avatar: None,
            picture: None,
            pinned: self.pinned && !deleted,
            badge: self.badge.filter(|_| !deleted),
            confirmed: self.reader_id.is_some() && !deleted,
        }
    }
}

impl CommentRecord {
    /// The public form as readers see it, with its author's faces.
    pub fn to_shown(&self, faces: &Faces, site: &Site) -> Comment {
        let mut comment = self.to_api();
        faces.dress(site, &mut comment, self.email_hash.as_deref());
        comment
    }

    /// The version of the text: the first 16 hex digits of its SHA-256. A moderator's approve
    /// or delete names the version they read, and a comment edited since is not touched.
    pub fn version(&self) -> String {
        let mut digest = crate::domain::token::hash_secret(&self.source);
        digest.truncate(16);
        digest
    }

    /// What the audit log keeps of a comment's state: its status and the version of its
    /// text, never the text or the author's name, which erasure and the purge must reach.
    pub fn audit_snapshot(&self) -> String {
        let text = (!self.source.is_empty()).then(|| self.version());
        serde_json::json!({ "status": self.status.as_str(), "text_sha256": text }).to_string()
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
    /// The address itself, only when the reader asked to hear about replies.
    pub notify_email: Option<String>,
    pub source: String,
    /// Sanitized on the way in: only `domain::render` makes a [`SafeHtml`].
    pub html: SafeHtml,
    pub status: CommentStatus,
    pub edit_token_hash: String,
    pub created_at: OffsetDateTime,
    /// The poster's address, keyed-hashed (`SpamKeys::address_hash`), for blocks.
    pub address_hash: Option<String>,
    /// The nonce of the challenge the post came with: a second post with it is refused.
    pub challenge_nonce: Option<String>,
    /// A moderator's reply carries their mark from the start.
    pub badge: Option<Badge>,
    /// The signed-in reader who posts it.
    pub reader_id: Option<i64>,
}

/// Which part of a thread to read.
#[derive(Debug, Clone)]
pub struct ThreadQuery {
    pub site: String,
    pub page: String,
    pub sort: Sort,
    /// Comments (`oldest`), or conversations (`newest`, `top`).
    pub limit: u32,
    /// `oldest`: only comments after this id; `newest`: only conversations older than this
    /// top-level comment; `top`: only conversations after this many; replies: only replies
    /// after this id.
    pub after: Option<i64>,
    /// Only the replies of this conversation (its top-level comment's id), by id.
    pub replies_to: Option<i64>,
}

/// What one thread answer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `oldest`: comments by id.
    Comments,
    /// `newest`, `top`: conversations, each with its first replies.
    Conversations(Sort),
    /// The replies of one conversation, by id.
    Replies,
    /// The pinned conversations, which the first page of every sort begins with.
    Pinned,
}

impl Shape {
    pub fn of(sort: Sort, replies_to: Option<i64>) -> Self {
        match (replies_to, sort) {
            (Some(_), _) => Self::Replies,
            (None, Sort::Oldest) => Self::Comments,
            (None, sort) => Self::Conversations(sort),
        }
    }
}

/// Where a comment that is replied to lives.
#[derive(Debug, Clone)]
pub struct ParentRecord {
    pub site: String,
    pub page: String,
    pub status: String,
    /// Its conversation: the top-level comment it is, or is under.
    pub conversation: i64,
}

/// Why a new comment cannot be stored under its parent, if it cannot: the parent must exist,
/// not be deleted, and be on the same site and page.
pub fn parent_problem(
    comment: &NewCommentRecord,
    parents: &HashMap<i64, ParentRecord>,
) -> Option<StoreError> {
    let id = comment.parent?;
    match parents.get(&id) {
        None => Some(StoreError::ParentNotFound),
        Some(parent) if parent.status == CommentStatus::Deleted.as_str() => {
            Some(StoreError::ParentNotFound)
        }
        Some(parent) if parent.site != comment.site || parent.page != comment.page => {
            Some(StoreError::ParentOnOtherPage)
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply_to(parent: Option<i64>) -> NewCommentRecord {
        NewCommentRecord {
            site: "demo".into(),
            page: "/a".into(),
            parent,
            author: None,
            website: None,
            email_hash: None,
            notify_email: None,
            source: "text".into(),
            html: crate::domain::render::render("text"),
            status: CommentStatus::Published,
            edit_token_hash: "hash".into(),
            created_at: OffsetDateTime::UNIX_EPOCH,
            address_hash: None,
            challenge_nonce: None,
            badge: None,
            reader_id: None,
        }
    }

    fn parents(status: &str, page: &str) -> HashMap<i64, ParentRecord> {
        let parent = ParentRecord {
            site: "demo".into(),
            page: page.into(),
            status: status.into(),
            conversation: 7,
        };
        HashMap::from([(7, parent)])
    }

    #[test]
    fn a_top_level_comment_or_a_reply_to_a_live_comment_on_the_same_page_is_accepted() {
        assert!(parent_problem(&reply_to(None), &HashMap::new()).is_none());
        assert!(parent_problem(&reply_to(Some(7)), &parents("published", "/a")).is_none());
        assert!(parent_problem(&reply_to(Some(7)), &parents("pending", "/a")).is_none());
    }

    #[test]
    fn a_reply_to_a_missing_or_deleted_comment_has_no_parent() {
        let missing = parent_problem(&reply_to(Some(8)), &parents("published", "/a"));
        let deleted = parent_problem(&reply_to(Some(7)), &parents("deleted", "/a"));
        assert!(matches!(missing, Some(StoreError::ParentNotFound)));
        assert!(matches!(deleted, Some(StoreError::ParentNotFound)));
    }

    #[test]
    fn a_reply_to_a_comment_on_another_page_is_refused() {
        let problem = parent_problem(&reply_to(Some(7)), &parents("published", "/b"));
        assert!(matches!(problem, Some(StoreError::ParentOnOtherPage)));
    }
}
