//! Sign-in at a site's own OpenID provider, in a popup the widget opens:
//! - `GET /auth/oidc/start?site=S&origin=O`: starts the authorization code flow with PKCE,
//!   `state` and `nonce` (kept for ten minutes, once), and sends the reader to the provider;
//!   `O` must be one of the site's origins: the reader token goes back there only;
//! - `GET /auth/oidc/callback/{site}?code=…&state=…`: checks that the state is this
//!   browser's (a cookie set at the start), unused, in time and for this site, trades the
//!   code, checks the ID token, and signs the reader in: the popup's page hands the widget
//!   its reader token by `postMessage` (`page`);
//! - `GET /auth/oidc/done.js`: that page's script.
//!
//! Nothing of the provider is kept but the reader's subject, and the name it gives them.

pub mod flow;
mod page;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use tower_http::set_header::SetResponseHeaderLayer;

use self::page::Refusal;
use crate::domain::provider::{LIVE_LOGINS_PER_SITE, LOGIN_MINUTES};
use crate::domain::site::{Language, Site, parse_site_id};
use crate::domain::token::{hash_secret, new_secret};
use crate::http::AppState;
use crate::http::extract::{ApiPath, ClientIp};
use crate::store::StoreError;
use crate::store::providers::{Provider, ProviderLogin};

/// The cookie that ties a sign-in's `state` to the browser that started it.
const COOKIE: &str = "parlons_oidc_state";

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/oidc/start", get(start))
        .route("/auth/oidc/callback/{site}", get(callback))
        .route("/auth/oidc/done.js", get(done_js))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

#[derive(Debug, Deserialize)]
struct StartQuery {
    site: Option<String>,
    origin: Option<String>,
}

async fn start(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(query): Query<StartQuery>,
) -> Response {
    let script = state.public.url("/auth/oidc/done.js");
    let site = match site_of(&state, query.site.as_deref()).await {
        Ok(site) => site,
        Err(refusal) => return page::refused(refusal, Language::En, &script, None),
    };
    let refuse = |refusal: Refusal| page::refused(refusal, site.lang, &script, None);
    let Some(origin) = query.origin.filter(|origin| site.allows_origin(origin)) else {
        return refuse(Refusal::WrongOrigin);
    };
    let provider = match state.store.provider(&site.id).await {
        Ok(Some(provider)) => provider,
        Ok(None) => return refuse(Refusal::NoProvider),
        Err(error) => return failed(&error, site.lang, &script),
    };
    if state.guards.limits.check_provider_signin(ip).is_err() {
        return refuse(Refusal::Busy);
    }
    let started = match state
        .oidc
        .start(&provider, &redirect_uri(&state, &site))
        .await
    {
        Ok(started) => started,
        Err(error) => {
            tracing::warn!(site = %site.id, %error, "could not start a sign-in at the site's provider");
            return refuse(Refusal::Unreachable);
        }
    };
    let now = OffsetDateTime::now_utc();
    let login = ProviderLogin {
        site_id: site.id.clone(),
        nonce: started.nonce,
        verifier: started.verifier,
        origin,
        expires_at: now + Duration::minutes(LOGIN_MINUTES),
    };
    match state
        .store
        .add_provider_login(
            &hash_secret(&started.state),
            &login,
            now,
            LIVE_LOGINS_PER_SITE,
        )
        .await
    {
        Ok(true) => {}
        Ok(false) => return refuse(Refusal::Busy),
        Err(error) => return failed(&error, site.lang, &script),
    }
    let cookie = format!(
        "{COOKIE}={}; Path={}; Max-Age={}; HttpOnly; SameSite=Lax{}",
        started.state,
        state.public.path("/auth/oidc/"),
        LOGIN_MINUTES * 60,
        if state.public.is_https() {
            "; Secure"
        } else {
            ""
        },
    );
    let mut response = Redirect::to(&started.url).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Debug, Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(
    State(state): State<AppState>,
    ApiPath(site): ApiPath<String>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let script = state.public.url("/auth/oidc/done.js");
    let site = match site_of(&state, Some(&site)).await {
        Ok(site) => site,
        Err(refusal) => return page::refused(refusal, Language::En, &script, None),
    };
    let refuse =
        |refusal: Refusal, origin: Option<&str>| page::refused(refusal, site.lang, &script, origin);
    let Some(given) = query.state.filter(|given| (1..=200).contains(&given.len())) else {
        return refuse(Refusal::BadRequest, None);
    };
    // The state must be the one this browser was given at the start (no sign-in forced on
    // a reader by someone else's link), and is compared by hash.
    if crate::http::auth::cookie(&headers, COOKIE).map(hash_secret) != Some(hash_secret(&given)) {
        return refuse(Refusal::NotThisBrowser, None);
    }
    let login = match state.store.take_provider_login(&hash_secret(&given)).await {
        Ok(login) => login,
        Err(StoreError::NotFound) => return refuse(Refusal::Expired, None),
        Err(error) => return failed(&error, site.lang, &script),
    };
    if login.site_id != site.id {
        return refuse(Refusal::WrongSite, None);
    }
    let origin = Some(login.origin.as_str());
    if login.expires_at < OffsetDateTime::now_utc() {
        return refuse(Refusal::Expired, origin);
    }
    if query.error.is_some() {
        return refuse(Refusal::Denied, origin);
    }
    let Some(code) = query.code.filter(|code| (1..=4096).contains(&code.len())) else {
        return refuse(Refusal::BadRequest, origin);
    };
    let provider: Provider = match state.store.provider(&site.id).await {
        Ok(Some(provider)) => provider,
        Ok(None) => return refuse(Refusal::NoProvider, origin),
        Err(error) => return failed(&error, site.lang, &script),
    };
    let identity = match state
        .oidc
        .finish(
            &provider,
            &redirect_uri(&state, &site),
            &code,
            login.verifier,
            login.nonce,
        )
        .await
    {
        Ok(identity) => identity,
        Err(error) => {
            tracing::warn!(site = %site.id, %error, "refused a sign-in at the site's provider");
            let refusal = match error {
                flow::FlowError::Unreachable(_) => Refusal::Unreachable,
                flow::FlowError::CodeRefused(_) | flow::FlowError::TokenRefused(_) => {
                    Refusal::TokenRefused
                }
            };
            return refuse(refusal, origin);
        }
    };
    let reader_token = new_secret();
    let reader = match state
        .store
        .sign_in_by_subject(
            &site.id,
            &identity.subject,
            identity.name.as_deref(),
            &hash_secret(&reader_token),
            OffsetDateTime::now_utc(),
        )
        .await
    {
        Ok(reader) => reader,
        Err(error) => return failed(&error, site.lang, &script),
    };
    let message = serde_json::json!({
        "parlons": "signin",
        "reader_token": reader_token,
        "reader": crate::http::api::readers::profile(&reader),
    });
    page::signed_in(site.lang, &script, &login.origin, &message)
}

async fn done_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        page::DONE_JS,
    )
        .into_response()
}

/// The site a query names, if it exists.
async fn site_of(state: &AppState, site: Option<&str>) -> Result<std::sync::Arc<Site>, Refusal> {
    let id = site
        .and_then(|site| parse_site_id(site.trim()).ok())
        .ok_or(Refusal::BadRequest)?;
    match state.sites.get(&id).await {
        Ok(Some(site)) => Ok(site),
        Ok(None) => Err(Refusal::NoProvider),
        Err(error) => {
            tracing::error!(%error, "could not read the sites");
            Err(Refusal::Unreachable)
        }
    }
}

/// Where the provider sends the reader back: one address per site, registered at its provider.
fn redirect_uri(state: &AppState, site: &Site) -> String {
    state
        .public
        .url(&format!("/auth/oidc/callback/{}", site.id))
}

/// A store failure: logged, and the reader told to try again.
fn failed(error: &StoreError, lang: Language, script: &str) -> Response {
    tracing::error!(%error, "a sign-in at a provider failed");
    let mut response = page::refused(Refusal::Unreachable, lang, script, None);
    *response.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
    response
}
