//! `POST /api/v1/moderation/comments/{id}/reply`: a moderator answers a published comment of
//! their site (from `/admin`, or any client with a token). The reply is published at once,
//! under the moderator's name and with the `moderator` mark no reader can give themselves;
//! it is audited, live on open widgets, and mailed to the author answered if they asked.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use parlons_shared::{Badge, Comment, CommentStatus, EditComment, ErrorBody};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_text;
use crate::domain::token::{hash_secret, new_secret};
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::{ApiJson, ApiPath};
use crate::notify::CommentEvent;
use crate::store::{AuditEntry, CommentRecord, NewCommentRecord};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(reply))
}

/// A moderator's reply to a published comment, published at once with the `moderator` mark.
#[utoipa::path(post, path = "/api/v1/moderation/comments/{id}/reply", tag = "moderation",
    params(("id" = i64, Path, description = "The comment answered")),
    request_body = EditComment,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The reply, published (live on open widgets)", body = Comment),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No credentials, or expired or revoked ones", body = ErrorBody),
        (status = 403, description = "Not a moderator of the comment's site", body = ErrorBody),
        (status = 404, description = "No such comment, or it was deleted (`parent_not_found`)", body = ErrorBody),
        (status = 409, description = "The comment waits for a moderator: approve it first (`invalid_transition`)", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "The text is blank or too long (`field` = `text`)", body = ErrorBody),
    ))]
async fn reply(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<EditComment>,
) -> Result<(StatusCode, Json<Comment>)> {
    let record = moderator_reply(&state, &moderator, id, &body.text).await?;
    let site = state
        .sites
        .get(&record.site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(record.to_shown(&state.faces, &site)),
    ))
}

/// Stores and publishes the moderator's reply to comment `id`. Shared by the API and the
/// `/admin` form.
pub async fn moderator_reply(
    state: &AppState,
    moderator: &ModeratorAuth,
    id: i64,
    text: &str,
) -> Result<CommentRecord> {
    let parent = state.store.get_comment(id).await?;
    moderator.require_site(&parent.site)?;
    match parent.status {
        CommentStatus::Published => {}
        CommentStatus::Deleted => return Err(ApiError::ParentNotFound),
        CommentStatus::Pending => {
            return Err(ApiError::InvalidTransition {
                from: "waiting for a moderator",
                action: "answered",
            });
        }
    }
    let text = parse_text(text)?;
    let html = state.guards.render(&text).await?;
    let now = OffsetDateTime::now_utc();
    let record = state
        .writer
        .insert(NewCommentRecord {
            site: parent.site,
            page: parent.page,
            parent: Some(id),
            author: Some(moderator.0.name.clone()),
            website: None,
            email_hash: None,
            notify_email: None,
            source: text,
            html,
            status: CommentStatus::Published,
            // Nobody edits it with a token: moderators delete it from the queue.
            edit_token_hash: hash_secret(&new_secret()),
            created_at: now,
            address_hash: None,
            challenge_nonce: None,
            badge: Some(Badge::Moderator),
            reader_id: None,
        })
        .await?;
    state
        .store
        .append_audit(&AuditEntry {
            at: now,
            actor: moderator.0.name.clone(),
            action: "reply".to_owned(),
            site: Some(record.site.clone()),
            comment: Some(record.id),
            before: None,
            after: Some(record.audit_snapshot()),
        })
        .await?;
    state.live.changed(&record);
    state.notifier.comment_event(CommentEvent::Created, &record);
    Ok(record)
}
