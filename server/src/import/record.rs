//! What the store writes for a comment the plan keeps.

use parlons_shared::CommentStatus;
use parlons_shared::limits::MAX_AUTHOR_CHARS;

use super::State;
use super::plan::Candidate;
use crate::domain::input::parse_website;
use crate::domain::render::SafeHtml;
use crate::domain::token::{hash_secret, new_secret};
use crate::store::ImportRecord;

/// The record the store writes for a kept comment.
pub(super) fn record(candidate: &Candidate<'_>, parent: Option<&str>) -> ImportRecord {
    let comment = candidate.comment;
    let status = match comment.state {
        State::Pending => CommentStatus::Pending,
        State::Deleted => CommentStatus::Deleted,
        State::Published | State::Spam => CommentStatus::Published,
    };
    // A placeholder keeps its place in the tree and nothing of its text or author.
    let shown = status != CommentStatus::Deleted;
    ImportRecord {
        key: comment.key.clone(),
        parent_key: parent.map(str::to_owned),
        page: candidate.page.clone(),
        author: comment
            .author
            .as_deref()
            .filter(|_| shown)
            .and_then(clean_author),
        website: comment
            .website
            .clone()
            .filter(|_| shown)
            .and_then(|website| parse_website(website).ok()),
        email_hash: comment.email_hash.clone(),
        notify_email: comment.notify_email.clone().filter(|_| shown),
        source: if shown {
            candidate.source.clone()
        } else {
            String::new()
        },
        html: if shown {
            candidate.html.clone()
        } else {
            SafeHtml::empty()
        },
        status,
        // Imported comments keep an exported token's hash, else one nobody holds.
        edit_token_hash: comment
            .edit_token_hash
            .clone()
            .unwrap_or_else(|| hash_secret(&new_secret())),
        created_at: comment.created_at,
        edited_at: comment.edited_at,
    }
}

/// A name as the widget would take it: trimmed, no control characters, at most
/// [`MAX_AUTHOR_CHARS`] characters.
fn clean_author(name: &str) -> Option<String> {
    let name: String = name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_AUTHOR_CHARS)
        .collect();
    (!name.is_empty()).then_some(name)
}
