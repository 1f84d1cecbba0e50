//! The pages behind the links in emails (signed by `notify::links`):
//! - `/email/moderate/{token}`: approve or delete a pending comment without signing in;
//! - `/email/unsubscribe/{token}`: no more reply emails (also RFC 8058's one-click POST);
//! - `/email/confirm/{token}`: a reader's address is theirs (`email_confirm`);
//! - `/email/claim/{token}`: a comment is the site's author's (`email_claim`).
//!
//! `GET` shows what the link would do and a button; only the `POST` acts, so mail scanners
//! that open links change nothing. The pages speak the site's language, as its emails do.

use axum::Router;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};
use time::OffsetDateTime;
use tower_http::set_header::SetResponseHeaderLayer;

use super::email_words::{Words, accepted, words};
use super::{email_claim, email_confirm};
use crate::domain::site::Language;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::api::moderation::apply_as;
use crate::http::extract::ApiPath;
use crate::notify::links::LinkAction;
use crate::store::{ModerationAction, StoreError};

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
                   frame-ancestors 'none'; base-uri 'none'";

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/email/moderate/{token}",
            get(moderation_link).post(moderation_link),
        )
        .route(
            "/email/unsubscribe/{token}",
            get(show_unsubscribe).post(unsubscribe),
        )
        .route(
            "/email/confirm/{token}",
            get(email_confirm::show).post(email_confirm::confirm),
        )
        .route(
            "/email/claim/{token}",
            get(email_claim::show).post(email_claim::claim),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

pub(super) fn page(words: &Words, status: StatusCode, title: &str, body: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(words.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Parlons" }
                style { "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}blockquote{border-left:3px solid #ccc;margin:1rem 0;padding-left:1rem;white-space:pre-wrap}button{font:inherit;padding:.4rem 1rem}" }
            }
            body { h1 { (title) } (body) }
        }
    };
    (status, Html(markup.into_string())).into_response()
}

/// A bad or expired link, in the reader's language (no site to take it from).
pub(super) fn invalid(headers: &HeaderMap) -> Response {
    let words = words(accepted(headers));
    page(
        words,
        StatusCode::GONE,
        words.invalid_title,
        html! { p { (words.invalid_body) } },
    )
}

/// The words of the site's language (its emails' language).
pub(super) async fn site_words(state: &AppState, site: &str) -> &'static Words {
    let lang = match state.sites.get(site).await {
        Ok(Some(site)) => site.lang,
        _ => Language::default(),
    };
    words(lang)
}

/// What a good moderation link asks for, on behalf of whom, in the site's words.
struct ModerationLink {
    action: ModerationAction,
    record: crate::store::CommentRecord,
    moderator: String,
    words: &'static Words,
}

/// A moderation link's action, comment and moderator, if the link is good and the moderator
/// may still moderate that site.
async fn moderation_of(state: &AppState, token: &str) -> Result<Option<ModerationLink>, ApiError> {
    let Some(LinkAction::Moderate {
        action,
        comment,
        moderator,
        ..
    }) = state
        .notifier
        .links()
        .verify(token, OffsetDateTime::now_utc())
    else {
        return Ok(None);
    };
    let Some(action) = ModerationAction::parse(&action) else {
        return Ok(None);
    };
    let record = match state.store.get_comment(comment).await {
        Err(StoreError::NotFound) => return Ok(None),
        other => other?,
    };
    let moderators = state.store.list_moderators().await?;
    let Some(moderator) = moderators.into_iter().find(|m| m.id == moderator) else {
        return Ok(None);
    };
    if !moderator.may_moderate(&record.site) {
        return Ok(None);
    }
    let words = site_words(state, &record.site).await;
    Ok(Some(ModerationLink {
        action,
        record,
        moderator: moderator.name,
        words,
    }))
}

/// `GET` shows what the link would do, `POST` does it.
/// The version of the text the confirmation page showed (absent from older pages).
#[derive(Debug, Default, serde::Deserialize)]
struct Seen {
    version: Option<String>,
}

async fn moderation_link(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
    seen: Result<Form<Seen>, FormRejection>,
) -> Result<Response, ApiError> {
    let Some(link) = moderation_of(&state, &token).await? else {
        return Ok(invalid(&headers));
    };
    if method == Method::POST {
        let Form(seen) = seen.unwrap_or_default();
        moderate(&state, link, seen.version.as_deref()).await
    } else {
        Ok(show_moderation(link))
    }
}

fn show_moderation(
    ModerationLink {
        action,
        record,
        moderator,
        words,
    }: ModerationLink,
) -> Response {
    let verb = if action == ModerationAction::Approve {
        words.approve
    } else {
        words.delete
    };
    page(
        words,
        StatusCode::OK,
        &(words.confirm_title)(verb),
        html! {
            p { (record.author.as_deref().unwrap_or(words.someone)) (words.on) code { (record.site) " " (record.page) } " (" (words.now) " " ((words.status)(record.status)) (words.close) }
            blockquote { (record.source) }
            form method="post" {
                input type="hidden" name="version" value=(record.version());
                button type="submit" { ((words.act_as)(verb, &moderator)) }
            }
        },
    )
}

async fn moderate(
    state: &AppState,
    ModerationLink {
        action,
        record,
        moderator,
        words,
    }: ModerationLink,
    seen: Option<&str>,
) -> Result<Response, ApiError> {
    let actor = format!("{moderator} (email link)");
    match apply_as(state, &actor, record.id, action, seen).await {
        Ok(changed) => Ok(page(
            words,
            StatusCode::OK,
            words.done,
            html! { p { (words.now_is) strong { ((words.status)(changed.status)) } (words.pages_show_it) } },
        )),
        Err(ApiError::InvalidTransition { .. }) => Ok(page(
            words,
            StatusCode::CONFLICT,
            words.already_done,
            html! { p { (words.already_is) strong { ((words.status)(record.status)) } (words.already_after) } },
        )),
        Err(ApiError::CommentChanged) => Ok(page(
            words,
            StatusCode::CONFLICT,
            words.changed_title,
            html! { p { (words.changed) } },
        )),
        Err(other) => Err(other),
    }
}

fn unsubscription_of(state: &AppState, token: &str) -> Option<(String, String)> {
    match state
        .notifier
        .links()
        .verify(token, OffsetDateTime::now_utc())?
    {
        LinkAction::Unsubscribe { site, email } => Some((site, email)),
        LinkAction::Moderate { .. } | LinkAction::Confirm { .. } | LinkAction::Claim { .. } => None,
    }
}

async fn show_unsubscribe(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> Response {
    let Some((site, email)) = unsubscription_of(&state, &token) else {
        return invalid(&headers);
    };
    let words = site_words(&state, &site).await;
    page(
        words,
        StatusCode::OK,
        words.stop_title,
        html! {
            p { (words.stop_before) strong { (email) } (words.stop_middle) (site) "." }
            form method="post" { button type="submit" { (words.stop_button) } }
        },
    )
}

async fn unsubscribe(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let Some((site, email)) = unsubscription_of(&state, &token) else {
        return Ok(invalid(&headers));
    };
    state.store.unsubscribe(&site, &email).await?;
    let words = site_words(&state, &site).await;
    Ok(page(
        words,
        StatusCode::OK,
        words.done,
        html! { p { ((words.stopped)(&site)) } },
    ))
}
