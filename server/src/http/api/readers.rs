//! Readers sign in and out:
//! - `POST /api/v1/readers/email`: mails a link that signs the reader in on the page they
//!   were on (`#parlons-signin=<secret>`), once, for [`SIGNIN_MINUTES`];
//! - `POST /api/v1/readers/session`: trades that secret for a reader token;
//! - `DELETE /api/v1/readers/session`: signs this browser out; `DELETE
//!   /api/v1/readers/sessions`: every browser of the reader.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use parlons_shared::{
    EmailSignIn, ErrorBody, ReaderProfile, ReaderSession, SessionRequest, SignInSent,
};
use time::{Duration, OffsetDateTime};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::comments::require_origin;
use crate::domain::InvalidField;
use crate::domain::input::{parse_email, parse_page};
use crate::domain::reader::{SIGNIN_MINUTES, email_label};
use crate::domain::site::{Site, parse_site_id};
use crate::domain::token::{hash_email, hash_secret, new_secret};
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::reader_auth::{SignedIn, reader_token};
use crate::store::Reader;
use crate::store::StoreError;
use crate::store::accounts::NewSignin;
use crate::store::records::rfc3339;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(email_link))
        .routes(routes!(open_session, close_session))
        .routes(routes!(close_sessions))
}

/// Mails the reader a link that signs them in on the page.
#[utoipa::path(post, path = "/api/v1/readers/email", tag = "readers", request_body = EmailSignIn,
    params(("Origin" = String, Header, description = "One of the site's origins")),
    responses(
        (status = 202, description = "The link is on its way", body = SignInSent),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 403, description = "The `Origin` is not one of the site's", body = ErrorBody),
        (status = 404, description = "Unknown site, or this server sends no email (`not_found`)", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A malformed `site`, `email` or `page` (`field` names it)", body = ErrorBody),
        (status = 429, description = "Too many links asked for from this address, or to this mailbox; see `Retry-After`", body = ErrorBody),
    ))]
async fn email_link(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(body): ApiJson<EmailSignIn>,
) -> Result<(StatusCode, Json<SignInSent>)> {
    let site_id = parse_site_id(body.site.trim())?;
    let page = parse_page(&body.page)?;
    let email = parse_email(body.email.trim().to_owned())?;
    let site = state
        .sites
        .get(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    require_origin(&headers, &site)?;
    if !state.notifier.sends_email() {
        return Err(ApiError::NotFound);
    }
    let secret = new_secret();
    let url = signin_url(&site, &page, &secret)?;
    state.guards.limits.check_signin_mail(ip)?;
    let now = OffsetDateTime::now_utc();
    let added = state
        .store
        .add_signin(&NewSignin {
            site: &site.id,
            secret_hash: &hash_secret(&secret),
            email_hash: &hash_email(&email),
            email: &email,
            now,
            expires_at: now + Duration::minutes(SIGNIN_MINUTES),
        })
        .await?;
    if !added {
        return Err(ApiError::RateLimited {
            retry_after_secs: (SIGNIN_MINUTES * 60) as u64,
        });
    }
    state
        .notifier
        .send_signin(&site, &email, &url)
        .await
        .map_err(ApiError::Internal)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SignInSent {
            expires_in_minutes: SIGNIN_MINUTES as u32,
        }),
    ))
}

/// The page's address on the site, with the secret in its fragment (never sent to servers).
fn signin_url(site: &Site, page: &str, secret: &str) -> Result<String> {
    let invalid = || InvalidField::new("page", "This page has no address on the site.");
    let page_url = site.page_url(page).ok_or_else(invalid)?;
    let mut url = url::Url::parse(&page_url).map_err(|_| invalid())?;
    url.set_fragment(Some(&format!("parlons-signin={secret}")));
    Ok(url.to_string())
}

/// Trades the secret of a sign-in link for a reader token.
#[utoipa::path(post, path = "/api/v1/readers/session", tag = "readers", request_body = SessionRequest,
    params(("Origin" = String, Header, description = "One of the site's origins")),
    responses(
        (status = 200, description = "Signed in; `reader_token` is shown once", body = ReaderSession),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 403, description = "The `Origin` is not one of the site's", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 410, description = "The link was used already, is too old, or is another site's (`link_expired`)", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A malformed `site` or `token`", body = ErrorBody),
    ))]
async fn open_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SessionRequest>,
) -> Result<Json<ReaderSession>> {
    let site_id = parse_site_id(body.site.trim())?;
    let secret = body.token.trim();
    if secret.len() != 64 || !secret.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return Err(InvalidField::new("token", "A sign-in token is 64 hexadecimal digits.").into());
    }
    let site = state
        .sites
        .get(&site_id)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    require_origin(&headers, &site)?;
    let reader_token = new_secret();
    let reader = match state
        .store
        .sign_in_by_email(
            &site.id,
            &hash_secret(secret),
            &hash_secret(&reader_token),
            OffsetDateTime::now_utc(),
        )
        .await
    {
        Err(StoreError::NotFound) => return Err(ApiError::LinkExpired),
        other => other?,
    };
    // Their comments that were anonymous now say they are confirmed (the change log has it).
    state.live.wake();
    Ok(Json(ReaderSession {
        reader_token,
        reader: profile(&reader),
    }))
}

/// Signs this browser out: its token signs no one in any more.
#[utoipa::path(delete, path = "/api/v1/readers/session", tag = "readers",
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
    ))]
async fn close_session(
    State(state): State<AppState>,
    _signed_in: SignedIn,
    headers: HeaderMap,
) -> Result<StatusCode> {
    let token = reader_token(&headers).unwrap_or_default();
    state.store.sign_out(&hash_secret(token)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs every browser of the reader out, this one included.
#[utoipa::path(delete, path = "/api/v1/readers/sessions", tag = "readers",
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 204, description = "Signed out everywhere"),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
    ))]
async fn close_sessions(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
) -> Result<StatusCode> {
    state.store.sign_out_everywhere(reader.reader_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The reader as they see themselves.
pub(crate) fn profile(reader: &Reader) -> ReaderProfile {
    ReaderProfile {
        site: reader.site_id.clone(),
        name: reader.name.clone(),
        via: reader.known().as_str().to_owned(),
        email: reader.email.as_deref().map(email_label),
        since: rfc3339(reader.created_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signin_link_opens_the_page_with_the_secret_in_its_fragment_only() {
        let site = Site {
            origins: vec!["https://journal.example".into()],
            ..Site::default()
        };

        let url = signin_url(&site, "/2026/article?p=2#section", "ab12").expect("a link");

        assert_eq!(
            url,
            "https://journal.example/2026/article?p=2#parlons-signin=ab12"
        );
        assert_eq!(
            signin_url(&site, "//evil.example/x", "ab12")
                .expect_err("refused")
                .to_string(),
            "This page has no address on the site."
        );
    }
}
