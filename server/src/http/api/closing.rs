//! Closing threads, for moderators: `POST /api/v1/moderation/threads/close` and `/open` with
//! `{"site","page"}`. A closed thread answers new comments and replies with
//! `403 thread_closed` and says `"closed": true`; reading and votes go on. Opening a thread
//! again also lifts the site's closing by age for it. Both are audited and reach open
//! widgets' next read at once (their page's caches go, on every node).

use axum::Json;
use axum::extract::State;
use parlons_shared::{ErrorBody, ThreadRef, ThreadState};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiJson;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(close_thread))
        .routes(routes!(open_thread))
}

/// The thread takes no new comments or replies.
#[utoipa::path(post, path = "/api/v1/moderation/threads/close", tag = "moderation",
    request_body = ThreadRef, security(("bearer" = [])),
    responses(
        (status = 200, description = "The thread is closed", body = ThreadState),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No credentials, or expired or revoked ones", body = ErrorBody),
        (status = 403, description = "Not a moderator of that site", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A malformed site id or page key", body = ErrorBody),
    ))]
async fn close_thread(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiJson(thread): ApiJson<ThreadRef>,
) -> Result<Json<ThreadState>> {
    set_closed(&state, &moderator, thread, true).await.map(Json)
}

/// The thread takes comments again, whatever the site's closing by age says.
#[utoipa::path(post, path = "/api/v1/moderation/threads/open", tag = "moderation",
    request_body = ThreadRef, security(("bearer" = [])),
    responses(
        (status = 200, description = "The thread is open", body = ThreadState),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No credentials, or expired or revoked ones", body = ErrorBody),
        (status = 403, description = "Not a moderator of that site", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A malformed site id or page key", body = ErrorBody),
    ))]
async fn open_thread(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiJson(thread): ApiJson<ThreadRef>,
) -> Result<Json<ThreadState>> {
    set_closed(&state, &moderator, thread, false)
        .await
        .map(Json)
}

/// Checks the thread and the moderator's site, then closes or opens it (audited).
pub async fn set_closed(
    state: &AppState,
    moderator: &ModeratorAuth,
    thread: ThreadRef,
    closed: bool,
) -> Result<ThreadState> {
    let site = parse_site_id(&thread.site)?;
    let page = parse_page(&thread.page)?;
    moderator.require_site(&site)?;
    state
        .sites
        .get(&site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    state
        .store
        .set_closed(
            &site,
            &page,
            closed,
            &moderator.0.name,
            OffsetDateTime::now_utc(),
        )
        .await?;
    let key = (site, page);
    state.live.page_changed(&key, 0);
    let (site, page) = key;
    Ok(ThreadState { site, page, closed })
}
