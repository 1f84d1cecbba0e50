//! `GET /api/v1/challenge?site=S`: what the form sends back with a post, fetched when it
//! appears; and the memory of challenges used already (each is good for one post).
//!
//! A challenge is held in memory on its node while its post is written, and kept used in the
//! database with the comment (a unique index on its nonce), so it is good for one post on
//! every node.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

use super::AppState;
use super::extract::ApiQuery;
use super::rate_limit::ReadAllowed;
use crate::domain::site::parse_site_id;
use crate::domain::spam::CHALLENGE_LIFETIME_SECS;
use crate::error::{ApiError, Result};

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
    let rule = super::spam::rule(&state, &site);
    let challenge = Challenge {
        token: state.spam_keys.issue(&site.id, OffsetDateTime::now_utc()),
        min_seconds: rule.min_seconds,
        pow_bits: rule.pow_bits,
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(challenge)).into_response())
}

/// Nonces of challenges posted with, until they expire anyway.
#[derive(Default)]
pub struct UsedChallenges {
    used: Mutex<HashMap<String, Instant>>,
}

/// A nonce held while its post is written: kept when the post is stored, freed otherwise, so
/// a post refused for another reason can be sent again with the same challenge.
pub struct Reservation {
    used: Arc<UsedChallenges>,
    nonce: Option<String>,
}

impl UsedChallenges {
    /// Holds `nonce`; `None` when another post holds or used it.
    pub fn reserve(self: &Arc<Self>, nonce: String) -> Option<Reservation> {
        let mut used = self
            .used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if used.contains_key(&nonce) {
            return None;
        }
        used.insert(nonce.clone(), Instant::now());
        Some(Reservation {
            used: Arc::clone(self),
            nonce: Some(nonce),
        })
    }

    /// Drops nonces of challenges that have expired (called every minute).
    pub fn forget_old(&self) {
        let lifetime = Duration::from_secs(CHALLENGE_LIFETIME_SECS.unsigned_abs() + 120);
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .retain(|_, at| at.elapsed() < lifetime);
    }
}

impl Reservation {
    /// The nonce held, stored with the comment.
    pub fn nonce(&self) -> Option<&str> {
        self.nonce.as_deref()
    }

    /// The post was stored: the challenge stays used.
    pub fn keep(mut self) {
        self.nonce = None;
    }

    /// A post with no challenge (the site asks for none) holds nothing.
    pub fn none(used: &Arc<UsedChallenges>) -> Self {
        Self {
            used: Arc::clone(used),
            nonce: None,
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some(nonce) = self.nonce.take() {
            self.used
                .used
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .remove(&nonce);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_held_once_and_freed_when_its_post_fails() {
        let used = Arc::new(UsedChallenges::default());
        let held = used.reserve("a".into()).expect("free");
        assert!(
            used.reserve("a".into()).is_none(),
            "held by a post in flight"
        );
        drop(held);
        let kept = used.reserve("a".into()).expect("freed by the failed post");
        kept.keep();
        assert!(used.reserve("a".into()).is_none(), "used by a stored post");
    }
}
