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
use crate::settings::PublicUrl;
use crate::store::{CredentialKind, StoreError};

/// The `/admin` session cookie: `HttpOnly`, `SameSite=Strict`, and over TLS `Secure` with the
/// `__Host-` prefix, which browsers accept only from this very host (no subdomain can set it
/// in its place). Under a sub-path (`https://example.org/comments/`) it is scoped to that path
/// so the host's other applications never see it, with the `__Secure-` prefix (`__Host-`
/// demands `Path=/`).
pub struct SessionCookie {
    pub name: &'static str,
    path: String,
    secure: bool,
}

impl SessionCookie {
    pub fn of(public: &PublicUrl) -> Self {
        let path = public.path("");
        let secure = public.is_https();
        let name = match (secure, path.is_empty()) {
            (true, true) => "__Host-parlons_session",
            (true, false) => "__Secure-parlons_session",
            (false, _) => "parlons_session",
        };
        let path = if path.is_empty() {
            "/".to_owned()
        } else {
            path
        };
        Self { name, path, secure }
    }

    /// The `Set-Cookie` value that keeps `secret` for `max_age_secs`.
    pub fn set(&self, secret: &str, max_age_secs: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={secret}; HttpOnly; SameSite=Strict; Path={}; Max-Age={max_age_secs}{secure}",
            self.name, self.path
        )
    }

    /// The `Set-Cookie` value that makes the browser forget it.
    pub fn expired(&self) -> String {
        self.set("", 0)
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
        } else if let Some(session) = cookie(&parts.headers, SessionCookie::of(&state.public).name)
        {
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

    /// Refuses a site this moderator may not manage (see `Moderator::may_manage`).
    pub fn require_owner(&self, site: &str) -> Result<(), ApiError> {
        if self.0.may_manage(site) {
            Ok(())
        } else {
            Err(ApiError::NotAnOwner)
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
    origin.is_some_and(|origin| state.public.origins().contains(&origin))
}
