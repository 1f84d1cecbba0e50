//! The moderation API, for moderators only (token or `/admin` session):
//! - `GET /api/v1/moderation/queue[?site=S][&page=P]`: pending comments, newest first;
//! - `POST /api/v1/moderation/comments/{id}/approve|delete|restore|pin|unpin`.
//!
//! Every action is in the audit log and takes effect live on open widgets.

use axum::Json;
use axum::extract::State;
use parlons_shared::{Comment, CommentStatus, ErrorBody, ModeratedComment, ModerationQueue};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::{ApiPath, ApiQuery};
use crate::notify::CommentEvent;
use crate::store::{CommentRecord, ModerationAction, ModerationQuery};

/// Most comments one moderation list returns.
pub const LIST_LIMIT: u32 = 200;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_queue))
        .routes(routes!(moderate_comment))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct QueueParams {
    /// Only this site's comments.
    site: Option<String>,
    /// Only this page's comments.
    page: Option<String>,
}

/// Comments waiting for a moderator, newest first (at most 200).
#[utoipa::path(get, path = "/api/v1/moderation/queue", tag = "moderation", params(QueueParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Pending comments with their site and page", body = ModerationQueue),
        (status = 401, description = "No credentials, or expired or revoked ones", body = ErrorBody),
        (status = 403, description = "Not a moderator of that site", body = ErrorBody),
        (status = 422, description = "A malformed site id or page key", body = ErrorBody),
    ))]
async fn get_queue(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiQuery(params): ApiQuery<QueueParams>,
) -> Result<Json<ModerationQueue>> {
    let site = params.site.as_deref().map(parse_site_id).transpose()?;
    let page = params.page.as_deref().map(parse_page).transpose()?;
    let sites = match &site {
        Some(site) => {
            moderator.require_site(site)?;
            Some(vec![site.clone()])
        }
        None => moderator.0.site_filter().map(<[String]>::to_vec),
    };
    let query = ModerationQuery {
        status: CommentStatus::Pending,
        sites,
        page,
        limit: LIST_LIMIT,
    };
    let comments = state
        .store
        .moderation_list(&query)
        .await?
        .iter()
        .map(moderated)
        .collect();
    Ok(Json(ModerationQueue { comments }))
}

/// A comment with its site and page, for moderation views.
pub fn moderated(record: &CommentRecord) -> ModeratedComment {
    // Moderators see the text of pending and deleted comments; the public never does.
    let mut comment = record.to_api();
    if comment.html.is_empty() {
        comment.html = record.html.clone();
    }
    ModeratedComment {
        comment,
        site: record.site.clone(),
        page: record.page.clone(),
        version: record.version(),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Seen {
    /// The `version` of the comment the moderator read (from the queue); when the text has
    /// changed since, nothing is done and the answer is `409 comment_changed`.
    pub version: Option<String>,
}

/// `approve` (which also dismisses the comment's reports), `delete` or `restore`; `pin` (a
/// published top-level comment, before the page's others in every sort; three at most a
/// page) or `unpin`; `dismiss` its readers' reports. Any other action is 404.
#[utoipa::path(post, path = "/api/v1/moderation/comments/{id}/{action}", tag = "moderation",
    params(("id" = i64, Path), ("action" = String, Path, description = "`approve`, `delete`, `restore`, `pin`, `unpin` or `dismiss`"), Seen),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The comment as it is now (the change is live on open widgets)", body = Comment),
        (status = 401, description = "No credentials, or expired or revoked ones", body = ErrorBody),
        (status = 403, description = "Not a moderator of the comment's site", body = ErrorBody),
        (status = 404, description = "No such comment or action", body = ErrorBody),
        (status = 409, description = "The action does not apply to the comment as it is (`invalid_transition`: e.g. pinning a reply), its text is not the `version` read (`comment_changed`), or the page has three pinned comments (`too_many_pins`)", body = ErrorBody),
    ))]
async fn moderate_comment(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    ApiQuery(seen): ApiQuery<Seen>,
) -> Result<Json<Comment>> {
    let changed = match action.as_str() {
        "pin" | "unpin" => pin(&state, &moderator, id, action == "pin").await?,
        "dismiss" => dismiss(&state, &moderator, id).await?,
        action => {
            let action = ModerationAction::parse(action).ok_or(ApiError::NotFound)?;
            apply(&state, &moderator, id, action, seen.version.as_deref()).await?
        }
    };
    Ok(Json(changed.to_api()))
}

/// Dismisses a comment's reports (audited); the comment stays as it is.
pub async fn dismiss(
    state: &AppState,
    moderator: &ModeratorAuth,
    id: i64,
) -> Result<CommentRecord> {
    let record = state.store.get_comment(id).await?;
    moderator.require_site(&record.site)?;
    state
        .store
        .dismiss_reports(id, &moderator.0.name, OffsetDateTime::now_utc())
        .await?;
    Ok(record)
}

/// Pins or unpins a comment of the moderator's site (audited); open widgets move it.
pub async fn pin(
    state: &AppState,
    moderator: &ModeratorAuth,
    id: i64,
    pinned: bool,
) -> Result<CommentRecord> {
    let record = state.store.get_comment(id).await?;
    moderator.require_site(&record.site)?;
    let changed = state
        .store
        .pin(id, pinned, &moderator.0.name, OffsetDateTime::now_utc())
        .await?;
    state.live.changed(&changed);
    Ok(changed)
}

/// Checks the moderator's site, changes the status (with its audit line) and tells the page's
/// open widgets. Shared by the API and the `/admin` forms.
pub async fn apply(
    state: &AppState,
    moderator: &ModeratorAuth,
    id: i64,
    action: ModerationAction,
    seen: Option<&str>,
) -> Result<CommentRecord> {
    let record = state.store.get_comment(id).await?;
    moderator.require_site(&record.site)?;
    apply_as(state, &moderator.0.name, id, action, seen).await
}

/// Changes the status as `actor` (whose right to do so the caller checked), if the text is
/// still the version `seen`, writes the audit line, and tells open widgets and the site's
/// webhooks.
pub async fn apply_as(
    state: &AppState,
    actor: &str,
    id: i64,
    action: ModerationAction,
    seen: Option<&str>,
) -> Result<CommentRecord> {
    let changed = state
        .store
        .moderate(id, action, seen, actor, OffsetDateTime::now_utc())
        .await?;
    state.live.changed(&changed);
    if action == ModerationAction::Approve {
        // Approved as it is: the reports that sent it back are answered.
        state
            .store
            .dismiss_reports(id, actor, OffsetDateTime::now_utc())
            .await?;
    }
    let event = match action {
        ModerationAction::Approve => CommentEvent::Approved,
        ModerationAction::Delete => CommentEvent::Deleted,
        ModerationAction::Restore => CommentEvent::Restored,
    };
    state.notifier.comment_event(event, &changed);
    Ok(changed)
}
