//! `GET /api/v1/challenge?site=S`: what the form sends back with a post, fetched when it
//! appears (`guard::challenges` remembers the ones used).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use parlons_shared::{Challenge, ErrorBody};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::extract::{ApiQuery, ReadAllowed};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(new_challenge))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ChallengeParams {
    #[param(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")]
    site: String,
}

/// A fresh challenge, and what the site asks of it (never cached).
#[utoipa::path(get, path = "/api/v1/challenge", tag = "comments", params(ChallengeParams),
    responses(
        (status = 200, description = "Send `token` back as `challenge`, at least `min_seconds` later, with a `solution` when `pow_bits` > 0", body = Challenge),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 422, description = "A parameter breaks a limit", body = ErrorBody),
        (status = 429, description = "Too many reads from this address", body = ErrorBody),
    ))]
async fn new_challenge(
    _: ReadAllowed,
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<ChallengeParams>,
) -> Result<Response> {
    let site_id = parse_site_id(&params.site)?;
    let site = state
        .sites
        .get(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    let rule = state.guards.policy.challenge_rule(&site);
    let challenge = Challenge {
        token: state
            .guards
            .spam_keys
            .issue(&site.id, OffsetDateTime::now_utc()),
        min_seconds: rule.min_seconds,
        pow_bits: rule.pow_bits,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(challenge)).into_response())
}
