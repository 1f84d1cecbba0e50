//! Readers signed in by their browser's token (`X-Reader-Token`): who the request comes from,
//! when it says.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use parlons_shared::READER_TOKEN_HEADER;

use crate::domain::token::hash_secret;
use crate::error::ApiError;
use crate::http::AppState;
use crate::store::Reader;

/// The reader the request's token signs in, if it carries one. A token that signs no one in
/// (unknown, signed out, erased) is `401 signed_out`, so the browser forgets it; a request
/// from a page of another origin than the reader's site is `403`.
#[derive(Debug, Clone)]
pub struct MaybeReader(pub Option<Reader>);

/// A request that must come from a signed-in reader: `401 signed_out` without a token.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Reader);

/// The token the request carries, if any.
pub fn reader_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(READER_TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|token| !token.is_empty())
}

impl FromRequestParts<AppState> for MaybeReader {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(token) = reader_token(&parts.headers) else {
            return Ok(Self(None));
        };
        // Ours are 64 hex digits: anything longer is no token, and is not hashed.
        if token.len() > 128 {
            return Err(ApiError::SignedOut);
        }
        let reader = state
            .store
            .reader_by_token(&hash_secret(token))
            .await?
            .ok_or(ApiError::SignedOut)?;
        if let Some(origin) = parts.headers.get(header::ORIGIN) {
            let site = state.sites.get(&reader.site_id).await?;
            let allowed = origin
                .to_str()
                .ok()
                .zip(site)
                .is_some_and(|(origin, site)| site.allows_origin(origin));
            if !allowed {
                return Err(ApiError::OriginNotAllowed);
            }
        }
        Ok(Self(Some(reader)))
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        MaybeReader::from_request_parts(parts, state)
            .await?
            .0
            .map(Self)
            .ok_or(ApiError::SignedOut)
    }
}

impl MaybeReader {
    /// The reader, when they are one of `site`'s: a token of another site signs no one in
    /// here.
    pub fn of_site(self, site: &str) -> Result<Option<Reader>, ApiError> {
        match self.0 {
            Some(reader) if reader.site_id != site => Err(ApiError::SignedOut),
            other => Ok(other),
        }
    }
}
