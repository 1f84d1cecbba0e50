//! Signing in and out of `/admin`: a password checked off the async workers under a bound,
//! attempts limited per address and per account, a session cookie, each in the audit log.

use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::pages;
use super::words::{COOKIE, LANGUAGES, Words, chosen};
use crate::domain::moderator::{account_of, decoy_hash, verify_password};
use crate::domain::token::{hash_secret, new_secret};
use crate::error::ApiError;
use crate::guard::Refusal;
use crate::http::AppState;
use crate::http::auth::{SessionCookie, cookie, same_origin};
use crate::http::extract::ClientIp;
use crate::settings::PublicUrl;
use crate::store::{AuditEntry, CredentialKind, StoreError};

/// How long a sign-in lasts.
const SESSION_HOURS: i64 = 12;

#[derive(Deserialize)]
pub(super) struct SignIn {
    name: String,
    password: String,
}

pub(super) async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Result<Response, ApiError> {
    if !same_origin(&headers, &state) {
        return Err(ApiError::OriginNotAllowed);
    }
    let account = account_of(&form.name);
    let words = chosen(&headers);
    if let Err(limited) = state.guards.limits.check_sign_in(ip, account) {
        return Ok(too_many_attempts(&state.public, words, &limited));
    }
    let moderator = match state.store.moderator(account).await {
        Ok(moderator) => Some(moderator),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    // Verify even for an unknown name, so the answer takes as long either way.
    let hash = moderator
        .as_ref()
        .map_or(decoy_hash(), |m| m.password_hash.as_str())
        .to_owned();
    let password = form.password;
    let check = move || verify_password(&password, &hash);
    let valid = match state.guards.passwords.run(check).await {
        Ok(valid) => valid,
        Err(refusal) => return Ok(too_many_attempts(&state.public, words, &refusal)),
    };
    let now = OffsetDateTime::now_utc();
    let (Some(moderator), true) = (moderator, valid) else {
        log_sign_in(&state, "sign_in_failed", account, now).await?;
        let page = pages::sign_in(&state.public.path(""), words, Some("wrong_credentials"));
        return Ok((StatusCode::UNAUTHORIZED, Html(page.into_string())).into_response());
    };
    let secret = new_secret();
    let expires = now + Duration::hours(SESSION_HOURS);
    state
        .store
        .insert_credential(
            moderator.id,
            CredentialKind::Session,
            &hash_secret(&secret),
            Some(expires),
        )
        .await?;
    log_sign_in(&state, "sign_in", &moderator.name, now).await?;
    let cookie = SessionCookie::of(&state.public).set(&secret, SESSION_HOURS * 3600);
    Ok(with_cookie(
        Redirect::to(&state.public.path("/admin")),
        &cookie,
    ))
}

/// The sign-in page again, `429` with the wait.
fn too_many_attempts(public: &PublicUrl, words: &Words, refusal: &Refusal) -> Response {
    let page = pages::sign_in(&public.path(""), words, Some("too_many_attempts"));
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Html(page.into_string())).into_response();
    if let Refusal::RateLimited { retry_after_secs } = refusal {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    response
}

async fn log_sign_in(
    state: &AppState,
    action: &str,
    name: &str,
    at: OffsetDateTime,
) -> Result<(), ApiError> {
    let entry = AuditEntry {
        at,
        actor: name.chars().take(64).collect(),
        action: action.to_owned(),
        site: None,
        comment: None,
        before: None,
        after: None,
    };
    Ok(state.store.append_audit(&entry).await?)
}

pub(super) async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if !same_origin(&headers, &state) {
        return Err(ApiError::OriginNotAllowed);
    }
    let session = SessionCookie::of(&state.public);
    if let Some(secret) = cookie(&headers, session.name) {
        state
            .store
            .revoke_credential(&hash_secret(secret), OffsetDateTime::now_utc())
            .await?;
    }
    Ok(with_cookie(
        Redirect::to(&state.public.path("/admin")),
        &session.expired(),
    ))
}

fn with_cookie(redirect: Redirect, cookie: &str) -> Response {
    let mut response = redirect.into_response();
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
pub(super) struct Picked {
    lang: String,
}

/// `POST /admin/language`: keeps the moderator's language for a year, back to the page the
/// switch was on (when the browser says which, on this server's `/admin`).
pub(super) async fn pick_language(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(picked): Form<Picked>,
) -> Result<Response, ApiError> {
    let lang = LANGUAGES
        .into_iter()
        .find(|lang| *lang == picked.lang)
        .ok_or_else(|| {
            crate::domain::InvalidField::new("lang", "Pick one of the languages listed.")
        })?;
    let admin = state.public.url("/admin");
    let back = headers
        .get(header::REFERER)
        .and_then(|value| value.to_str().ok())
        .filter(|referer| referer.starts_with(&admin) && !referer.contains(['\r', '\n']))
        .map_or_else(|| state.public.path("/admin"), str::to_owned);
    let secure = if state.public.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={lang}; Path={}; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        state.public.path("/admin")
    );
    Ok(with_cookie(Redirect::to(&back), &cookie))
}
