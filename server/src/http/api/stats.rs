//! `GET /api/v1/moderation/stats?site=S`: a site's figures over the last 90 days (UTC), for
//! its moderators: comments per day, the queue's waiting time, posts refused by spam layer,
//! the most commented pages. `/admin/stats` draws the same figures.

use axum::Json;
use axum::extract::State;
use parlons_shared::{ErrorBody, SiteStats};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::site::parse_site_id;
use crate::domain::stats::{period_start, site_stats};
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiQuery;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_stats))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct StatsParams {
    /// The site.
    site: String,
}

/// A site's figures over the last 90 days.
#[utoipa::path(get, path = "/api/v1/moderation/stats", tag = "moderation", params(StatsParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The site's figures", body = SiteStats),
        (status = 400, description = "No `site` parameter, or a malformed query", body = ErrorBody),
        (status = 401, description = "No credentials, or expired or revoked ones", body = ErrorBody),
        (status = 403, description = "Not a moderator of that site", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
        (status = 422, description = "A malformed site id", body = ErrorBody),
    ))]
async fn get_stats(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiQuery(params): ApiQuery<StatsParams>,
) -> Result<Json<SiteStats>> {
    let site = parse_site_id(&params.site)?;
    moderator.require_site(&site)?;
    Ok(Json(read_stats(&state, &site).await?))
}

/// The figures of a site, with this node's latest refusals written first.
pub async fn read_stats(state: &AppState, site: &str) -> Result<SiteStats> {
    state.sites.get(site).await?.ok_or(ApiError::SiteNotFound)?;
    if let Err(error) = state.guards.refusals.write(state.store.as_ref()).await {
        tracing::warn!(%error, "could not write the refused posts' counts");
    }
    let now = OffsetDateTime::now_utc();
    let raw = state.store.raw_stats(site, period_start(now)).await?;
    Ok(site_stats(site, raw, now))
}
