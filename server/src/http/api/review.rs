//! What decides a post's or an edit's fate once its form is right: the site's word filters
//! (refused, or held), its moderation mode, the author's standing in `trusted` mode, and the
//! number of links.

use crate::domain::filters::FilterAction;
use crate::domain::render::SafeHtml;
use crate::domain::site::{Moderation, Site, needs_review};
use crate::error::{ApiError, Result};
use crate::http::AppState;

/// A comment as it would be stored.
pub(super) struct Reviewed<'a> {
    /// The keyed hash of the author's email, if they gave one.
    pub email_hash: Option<&'a str>,
    pub html: &'a SafeHtml,
    /// The text as typed, the name and the website (empty when not given): what the filters
    /// read.
    pub fields: [&'a str; 3],
}

/// Whether the comment waits for a moderator on `site`; `Filtered` when the site's filters
/// refuse it (nothing is stored, and which entry matched is not said).
pub(super) async fn review_needed(
    state: &AppState,
    site: &Site,
    comment: &Reviewed<'_>,
) -> Result<bool> {
    match state.guards.filters.check(&site.id, &comment.fields) {
        Some(FilterAction::Refuse) => return Err(ApiError::Filtered),
        Some(FilterAction::Hold) => return Ok(true),
        None => {}
    }
    let trusted_author = match (comment.email_hash, site.moderation) {
        (Some(hash), Moderation::Trusted) => state.store.email_is_trusted(&site.id, hash).await?,
        _ => false,
    };
    Ok(needs_review(
        site.moderation,
        trusted_author,
        comment.html.link_count(),
        state.guards.policy.max_links(site),
    ))
}
