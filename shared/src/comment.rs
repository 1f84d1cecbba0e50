//! Comments as the API sends and receives them.

use serde::{Deserialize, Serialize};

/// Where a comment stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    /// Visible to everyone.
    Published,
    /// Waiting for a moderator; visible only to its author.
    Pending,
    /// Erased; kept in the tree as a placeholder while it has replies.
    Deleted,
}

impl CommentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Published => "published",
            Self::Pending => "pending",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "published" => Some(Self::Published),
            "pending" => Some(Self::Pending),
            "deleted" => Some(Self::Deleted),
            _ => None,
        }
    }
}

/// A mark the site puts on a comment: who wrote it, proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// A moderator of the site wrote it, from `/admin`.
    Moderator,
    /// One of the site's authors wrote it: the site's owner marked the address, and its
    /// owner confirmed the comment by a link mailed to it.
    Author,
}

impl Badge {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Moderator => "moderator",
            Self::Author => "author",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "moderator" => Some(Self::Moderator),
            "author" => Some(Self::Author),
            _ => None,
        }
    }
}

/// One comment. `html` is the only field ever rendered as markup; every other string is text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: i64,
    pub parent: Option<i64>,
    /// The name the reader gave, or `null` for an anonymous reader.
    pub author: Option<String>,
    /// An `http(s)` URL, shown as a link with the author's name.
    pub website: Option<String>,
    /// Sanitized HTML rendered from the reader's Markdown; empty when deleted.
    pub html: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC; `null` when never edited.
    pub edited_at: Option<String>,
    pub status: CommentStatus,
    /// Readers' up votes (0 where the site takes none).
    #[serde(default)]
    pub upvotes: u32,
    /// Readers' down votes (0 unless the site takes them).
    #[serde(default)]
    pub downvotes: u32,
    /// The author's identicon, a `data:` URI of an SVG the server drew from a keyed hash of
    /// the name and email: showing it asks nothing of anyone. `null` when anonymous or erased.
    #[serde(default)]
    pub avatar: Option<String>,
    /// Where the site opted in to Gravatar and the author gave an email: their Gravatar URL
    /// (transparent when they have none), shown over `avatar`. Else `null`.
    #[serde(default)]
    pub picture: Option<String>,
    /// A moderator pinned it: it comes before the other top-level comments in every sort.
    #[serde(default)]
    pub pinned: bool,
    /// Written by one of the site's moderators or authors, as the site vouches; `null` for
    /// every other comment (a name alone proves nothing).
    #[serde(default)]
    pub badge: Option<Badge>,
    /// Written by a reader who signed in (by an emailed link or the site's provider): the
    /// same reader as on their other comments marked so.
    #[serde(default)]
    pub confirmed: bool,
}

/// The answer to a new comment: the comment and the secret that lets its author edit or erase it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedComment {
    #[serde(flatten)]
    pub comment: Comment,
    /// Shown once; the server keeps only its hash. Send it as `X-Edit-Token`.
    pub edit_token: String,
    /// RFC 3339: until when the author may edit (erasing has no limit).
    pub edit_until: String,
}

/// A comment as moderators see it: with the thread it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModeratedComment {
    #[serde(flatten)]
    pub comment: Comment,
    pub site: String,
    pub page: String,
    /// The version of the text shown: give it to approve or delete (`?version=`), and a
    /// comment edited since is left as it is (`409 comment_changed`).
    #[serde(default)]
    pub version: String,
}

/// `GET /api/v1/moderation/queue`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModerationQueue {
    pub comments: Vec<ModeratedComment>,
}

/// `POST /api/v1/comments`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewComment {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")
    )]
    pub site: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub page: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub parent: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub author: Option<String>,
    /// Never shown publicly.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub website: Option<String>,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub text: String,
    /// Email me when someone replies (needs `email`, which is then kept for that alone).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notify: bool,
    /// The `token` of a `GET /api/v1/challenge` answer; needed when the site asks for a
    /// minimum time or a proof of work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub challenge: Option<String>,
    /// The proof of work: a decimal number `n` such that SHA-256 of `"<challenge>:<n>"` starts
    /// with the challenge's `pow_bits` zero bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 20, pattern = "^[0-9]+$"))]
    pub solution: Option<String>,
    /// The widget's hidden field, which people never see: a post that fills it is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 0))]
    pub trap: Option<String>,
}

/// `GET /api/v1/challenge?site=S`: what the form must send with a post on this site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Challenge {
    /// Sent back as `challenge`; valid once, for a day.
    pub token: String,
    /// Seconds that must pass between this answer and the post.
    pub min_seconds: u32,
    /// Leading zero bits the proof of work needs; 0: none asked.
    pub pow_bits: u32,
}

/// A comment's text: the body of `PATCH /api/v1/comments/{id}`, of `POST /api/v1/preview` and
/// of a moderator's reply (`POST /api/v1/moderation/comments/{id}/reply`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditComment {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 10000))]
    pub text: String,
}

/// `POST /api/v1/preview`: the text as it would be stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    /// The same sanitized HTML a posted comment gets.
    pub html: String,
}

/// Order of a thread answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Every comment by date, oldest first (pages of comments).
    #[default]
    Oldest,
    /// Conversations (a top-level comment with all its replies, oldest first), the newest
    /// first (pages of conversations).
    Newest,
    /// Conversations, the top-level comment with the best score (up minus down votes) first.
    Top,
}

/// `GET /api/v1/threads`: one page of a thread, as a flat list (parents by id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thread {
    pub site: String,
    pub page: String,
    /// Published comments in the whole thread.
    pub count: u64,
    pub comments: Vec<Comment>,
    /// The `after` value for the next page, or `null` on the last one.
    pub next: Option<String>,
    /// Which votes the site takes, so the widget shows the right buttons.
    #[serde(default)]
    pub votes: crate::Votes,
    /// `newest` and `top`: the conversations shown with only their first replies, and where
    /// the rest begin. Absent when none was cut.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_replies: Vec<MoreReplies>,
    /// The thread takes no new comments or replies (a moderator closed it, or the site closes
    /// threads some days after their first comment); reading and votes go on.
    #[serde(default)]
    pub closed: bool,
}

/// `POST /api/v1/moderation/threads/close` and `/open`: which thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadRef {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")
    )]
    pub site: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1000))]
    pub page: String,
}

/// A thread's state after a moderator closed or opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadState {
    pub site: String,
    pub page: String,
    pub closed: bool,
}

/// A conversation whose further replies are asked for with `replies_to` = `conversation` and
/// `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoreReplies {
    /// The id of the conversation's top-level comment.
    pub conversation: i64,
    /// The cursor after the last reply shown.
    pub after: String,
}

/// `POST /api/v1/counts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountsRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")
    )]
    pub site: String,
    #[cfg_attr(feature = "openapi", schema(max_items = 200))]
    pub pages: Vec<String>,
}

/// Published comments per page; every asked page is present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    pub counts: std::collections::BTreeMap<String, u64>,
}

/// Live `delete` event: the comment left the public thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeleteEvent {
    pub id: i64,
}

/// Live `count` event: the thread's published count changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountEvent {
    pub count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_comment_carries_its_edit_token_beside_the_comment_fields() {
        let created = CreatedComment {
            comment: Comment {
                id: 7,
                parent: None,
                author: None,
                website: None,
                html: "<p>Bonjour</p>".into(),
                created_at: "2026-11-29T08:00:00Z".into(),
                edited_at: None,
                status: CommentStatus::Published,
                upvotes: 0,
                downvotes: 0,
                avatar: None,
                picture: None,
                pinned: false,
                badge: None,
                confirmed: false,
            },
            edit_token: "secret".into(),
            edit_until: "2026-11-29T08:15:00Z".into(),
        };
        let value = serde_json::to_value(&created).expect("serializes");
        assert_eq!(value["id"], 7);
        assert_eq!(value["status"], "published");
        assert_eq!(value["edit_token"], "secret");
    }

    #[test]
    fn a_new_comment_needs_only_site_page_and_text() {
        let parsed: NewComment =
            serde_json::from_str(r#"{"site":"demo","page":"/","text":"Salut"}"#).expect("parses");
        assert_eq!(parsed.parent, None);
        assert_eq!(parsed.author, None);
    }
}
