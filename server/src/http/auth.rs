//! Who a moderator is: an API token (`Authorization: Bearer`) or the `/admin` session cookie.
//! A reader's edit token is never a moderator credential.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use time::OffsetDateTime;

use super::AppState;
use crate::domain::moderator::Moderator;
use crate::domain::token::hash_secret;
use crate::error::ApiError;
use crate::settings::Settings;
use crate::store::{CredentialKind, StoreError};

/// The session cookie's name: `HttpOnly`, `SameSite=Strict`, and over TLS `Secure` with the
/// `__Host-` prefix, which browsers accept only from this very host (no subdomain can set it
/// in its place).
pub fn session_cookie(settings: &Settings) -> &'static str {
    if settings.public_url.starts_with("https://") {
        "__Host-parlons_session"
    } else {
        "parlons_session"
    }
}

/// A signed-in moderator.
#[derive(Debug, Clone)]
pub struct ModeratorAuth(pub Moderator);

impl FromRequestParts<AppState> for ModeratorAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (kind, secret) = if let Some(token) = bearer(&parts.headers) {
            (CredentialKind::Token, token.to_owned())
        } else if let Some(session) = cookie(&parts.headers, session_cookie(&state.settings)) {
            // A cookie rides along on cross-site requests; a write must come from our own pages.
            if parts.method != Method::GET && !same_origin(&parts.headers, state) {
                return Err(ApiError::OriginNotAllowed);
            }
            (CredentialKind::Session, session.to_owned())
        } else {
            return Err(ApiError::Unauthorized);
        };
        match state
            .store
            .credential_owner(kind, &hash_secret(&secret), OffsetDateTime::now_utc())
            .await
        {
            Ok(moderator) => Ok(Self(moderator)),
            Err(StoreError::NotFound) => Err(ApiError::Unauthorized),
            Err(other) => Err(other.into()),
        }
    }
}

impl ModeratorAuth {
    /// Refuses a site this moderator may not act on.
    pub fn require_site(&self, site: &str) -> Result<(), ApiError> {
        if self.0.may_moderate(site) {
            Ok(())
        } else {
            Err(ApiError::NotAModerator)
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

/// The value of one cookie.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// Whether the request's `Origin` (or, without one, `Referer`) is this server.
pub fn same_origin(headers: &HeaderMap, state: &AppState) -> bool {
    let origin = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|value| value.to_str().ok())
        .and_then(|value| crate::domain::site::parse_origin(value).ok());
    origin.is_some_and(|origin| state.own_origins.contains(&origin))
}
