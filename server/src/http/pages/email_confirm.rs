//! `/email/confirm/<token>`: the link of a confirmation email. `GET` asks, `POST` confirms
//! the address for the site (a mail scanner opening the link confirms nothing). Until then,
//! no reply email reaches the address, and the `trusted` mode does not trust it.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;
use time::OffsetDateTime;

use super::email_links::{invalid, page, site_words};
use crate::domain::token::hash_email;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::extract::ApiPath;
use crate::notify::links::LinkAction;

/// The site and address a confirmation link names, if this server signed it lately.
fn confirmation_of(state: &AppState, token: &str) -> Option<(String, String)> {
    match state
        .notifier
        .links()
        .verify(token, OffsetDateTime::now_utc())?
    {
        LinkAction::Confirm { site, email, .. } => Some((site, email)),
        LinkAction::Moderate { .. } | LinkAction::Unsubscribe { .. } | LinkAction::Claim { .. } => {
            None
        }
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> Response {
    let Some((site, email)) = confirmation_of(&state, &token) else {
        return invalid(&headers);
    };
    let words = site_words(&state, &site).await;
    page(
        words,
        StatusCode::OK,
        words.confirm_email_title,
        html! {
            p { ((words.confirm_email)(&email, &site)) }
            form method="post" { button type="submit" { (words.confirm_email_button) } }
        },
    )
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let Some((site, email)) = confirmation_of(&state, &token) else {
        return Ok(invalid(&headers));
    };
    state
        .store
        .confirm_email(&site, &hash_email(&email), OffsetDateTime::now_utc())
        .await?;
    let words = site_words(&state, &site).await;
    Ok(page(
        words,
        StatusCode::OK,
        words.done,
        html! { p { (words.email_confirmed) } },
    ))
}
