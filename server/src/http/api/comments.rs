//! A comment's author, by its edit token (a reader posts with `posting.rs`):
//! - `GET /api/v1/comments/{id}/own`: reads it, pending or not;
//! - `PATCH /api/v1/comments/{id}`: its author edits within the window (`X-Edit-Token`);
//! - `DELETE /api/v1/comments/{id}`: its author erases it at any time (`X-Edit-Token`).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use parlons_shared::{Comment, CommentStatus, EDIT_TOKEN_HEADER, EditComment, ErrorBody};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_text;
use crate::domain::site::Site;
use crate::domain::token::secret_matches;
use crate::error::{ApiError, Result};
use crate::guard::spam;
use crate::http::AppState;
use crate::http::extract::{ApiJson, ApiPath, ClientIp};
use crate::http::reader_auth::MaybeReader;
use crate::notify::CommentEvent;
use crate::store::CommentRecord;

use super::review::{Reviewed, review_needed};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_own_comment, edit_comment, erase_comment))
}

/// The author changes the text, within the edit window.
#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "comments", request_body = EditComment,
    params(("id" = i64, Path), ("X-Edit-Token" = Option<String>, Header, description = "The secret given when the comment was posted"),
        ("X-Reader-Token" = Option<String>, Header, description = "Or the token of the signed-in reader who wrote it")),
    responses(
        (status = 200, description = "The edited comment", body = Comment),
        (status = 400, description = "Malformed JSON or id", body = ErrorBody),
        (status = 401, description = "An `X-Reader-Token` that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "Wrong or missing token, or the edit window has closed", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "The text breaks a limit", body = ErrorBody),
    ))]
async fn edit_comment(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    reader: MaybeReader,
    ApiJson(body): ApiJson<EditComment>,
) -> Result<Json<Comment>> {
    let text = parse_text(&body.text)?;
    let record = authored_comment(&state, id, &headers, reader).await?;
    let site = state
        .sites
        .get(&record.site)
        .await?
        .ok_or(ApiError::CommentNotFound)?;
    if OffsetDateTime::now_utc() - record.created_at > state.guards.policy.edit_window(&site) {
        return Err(ApiError::EditWindowClosed);
    }
    spam::check_blocks(
        &state.guards,
        &site,
        ip,
        record.email_hash.as_deref(),
        record.reader_id,
    )?;
    let html = state.guards.render(&text).await?;
    // Reviewed as a post is: refused by the site's filters, or, on a `pre` site, with too
    // many links, a held word, or from an author the `trusted` mode does not trust, the
    // comment goes back to waiting for a moderator.
    let reviewed = Reviewed {
        email_hash: record.email_hash.as_deref(),
        html: &html,
        fields: [
            &text,
            record.author.as_deref().unwrap_or_default(),
            record.website.as_deref().unwrap_or_default(),
        ],
    };
    let review = review_needed(&state, &site, &reviewed).await?;
    let edited = state
        .store
        .edit_comment(id, &text, &html, review, OffsetDateTime::now_utc())
        .await?;
    let comment = edited.to_shown(&state.faces, &site);
    // A comment that left the thread for review is taken off open pages too.
    if edited.status == CommentStatus::Published || record.status == CommentStatus::Published {
        state.live.changed(&edited);
    }
    state.notifier.comment_event(CommentEvent::Edited, &edited);
    Ok(Json(comment))
}

/// The author reads their own comment, pending ones included (the widget shows it after a reload).
#[utoipa::path(get, path = "/api/v1/comments/{id}", tag = "comments",
    params(("id" = i64, Path), ("X-Edit-Token" = Option<String>, Header, description = "The secret given when the comment was posted"),
        ("X-Reader-Token" = Option<String>, Header, description = "Or the token of the signed-in reader who wrote it")),
    responses(
        (status = 200, description = "The comment, whatever its status", body = Comment),
        (status = 400, description = "A malformed id", body = ErrorBody),
        (status = 401, description = "An `X-Reader-Token` that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the comment's site does not allow", body = ErrorBody),
        (status = 404, description = "No such comment, or the token is not its own: one answer for both, so ids of pending comments cannot be probed", body = ErrorBody),
    ))]
async fn get_own_comment(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    reader: MaybeReader,
) -> Result<Json<Comment>> {
    match authored_comment(&state, id, &headers, reader).await {
        Ok(record) => match state.sites.get(&record.site).await? {
            Some(site) => Ok(Json(record.to_shown(&state.faces, &site))),
            None => Err(ApiError::CommentNotFound),
        },
        Err(ApiError::InvalidEditToken) => Err(ApiError::CommentNotFound),
        Err(other) => Err(other),
    }
}

/// The author erases the comment; its place stays as "deleted" while it has replies.
#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments",
    params(("id" = i64, Path), ("X-Edit-Token" = Option<String>, Header, description = "The secret given when the comment was posted"),
        ("X-Reader-Token" = Option<String>, Header, description = "Or the token of the signed-in reader who wrote it")),
    responses(
        (status = 204, description = "Erased: its text is forgotten"),
        (status = 400, description = "A malformed id", body = ErrorBody),
        (status = 401, description = "An `X-Reader-Token` that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "Wrong or missing token", body = ErrorBody),
        (status = 404, description = "No such comment", body = ErrorBody),
    ))]
async fn erase_comment(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    reader: MaybeReader,
) -> Result<StatusCode> {
    let record = authored_comment(&state, id, &headers, reader).await?;
    let erased = state
        .store
        .erase_comment(id, OffsetDateTime::now_utc())
        .await?;
    if record.status == CommentStatus::Published {
        state.live.changed(&erased);
    }
    state.notifier.comment_event(CommentEvent::Deleted, &erased);
    Ok(StatusCode::NO_CONTENT)
}

/// The comment, if it exists, is not erased, and the request carries its edit token or comes
/// from the reader who wrote it.
async fn authored_comment(
    state: &AppState,
    id: i64,
    headers: &HeaderMap,
    reader: MaybeReader,
) -> Result<CommentRecord> {
    let record = state.store.get_comment(id).await?;
    if record.status == CommentStatus::Deleted {
        return Err(ApiError::CommentNotFound);
    }
    if let Some(site) = state.sites.get(&record.site).await?
        && headers.contains_key(header::ORIGIN)
    {
        require_origin(headers, &site)?;
    }
    let token = headers
        .get(EDIT_TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let by_token = !token.is_empty() && secret_matches(token, &record.edit_token_hash);
    let by_reader = reader.0.as_ref().is_some_and(|reader| reader.owns(&record));
    if !(by_token || by_reader) {
        return Err(ApiError::InvalidEditToken);
    }
    Ok(record)
}

/// Posting needs an `Origin` the site allows: browsers always send it on POST, and it stops
/// other sites from posting in a reader's name.
pub(super) fn require_origin(headers: &HeaderMap, site: &Site) -> Result<()> {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok());
    match origin {
        Some(origin) if site.allows_origin(origin) => Ok(()),
        _ => Err(ApiError::OriginNotAllowed),
    }
}
