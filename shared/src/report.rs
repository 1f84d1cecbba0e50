//! Readers' reports of comments, and the moderators' list of reported comments.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ModeratedComment;

/// Why a reader reports a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    Spam,
    Abuse,
    OffTopic,
    Other,
}

impl ReportReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spam => "spam",
            Self::Abuse => "abuse",
            Self::OffTopic => "off_topic",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Spam, Self::Abuse, Self::OffTopic, Self::Other]
            .into_iter()
            .find(|reason| reason.as_str() == text)
    }
}

/// `POST /api/v1/comments/{id}/report`: once per reader and comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The reader's random id, as for votes (16 to 64 letters, digits, `-` or `_`); the
    /// server stores only a keyed hash of it.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 16, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")
    )]
    pub voter: String,
    pub reason: ReportReason,
    /// What the reader wants moderators to know (plain text, 500 characters at most).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

/// A comment with reports no moderator has dismissed yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportedComment {
    #[serde(flatten)]
    pub comment: ModeratedComment,
    /// Reports not dismissed.
    pub reports: u32,
    /// How many gave each reason (`spam`, `abuse`, `off_topic`, `other`).
    pub reasons: BTreeMap<String, u32>,
    /// Readers' notes, newest first (ten at most).
    pub notes: Vec<String>,
}

/// `GET /api/v1/moderation/reports`: the most reported first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportQueue {
    pub comments: Vec<ReportedComment>,
}
