//! `/email/claim/<token>`: the link of an "is this comment yours?" email, sent when a comment
//! gives an address the site's owner marked as one of the site's authors. `GET` shows the
//! comment and asks; `POST` puts the `author` mark on it (a mail scanner opening the link
//! marks nothing). Only the address's owner gets the link: a name or a typed address alone
//! never earns the mark.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::html;
use parlons_shared::{Badge, CommentStatus};
use time::OffsetDateTime;

use super::email_links::{invalid, page, site_words};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::extract::ApiPath;
use crate::notify::links::LinkAction;
use crate::store::{CommentRecord, StoreError};

/// The comment a claim link names, if this server signed it lately and it still exists.
async fn claimed_comment(state: &AppState, token: &str) -> Result<Option<CommentRecord>, ApiError> {
    let Some(LinkAction::Claim { comment, .. }) = state
        .notifier
        .links()
        .verify(token, OffsetDateTime::now_utc())
    else {
        return Ok(None);
    };
    match state.store.get_comment(comment).await {
        Ok(record) => Ok(Some(record)),
        Err(StoreError::NotFound) => Ok(None),
        Err(other) => Err(other.into()),
    }
}

pub(super) async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let Some(record) = claimed_comment(&state, &token).await? else {
        return Ok(invalid(&headers));
    };
    let words = site_words(&state, &record.site).await;
    Ok(page(
        words,
        StatusCode::OK,
        words.claim_title,
        html! {
            p { ((words.claim_ask)(&record.site)) }
            blockquote { (record.source) }
            form method="post" { button type="submit" { (words.claim_button) } }
        },
    ))
}

pub(super) async fn claim(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> Result<Response, ApiError> {
    let Some(record) = claimed_comment(&state, &token).await? else {
        return Ok(invalid(&headers));
    };
    let words = site_words(&state, &record.site).await;
    let marked = state.store.mark_author_comment(record.id).await?;
    if marked.badge != Some(Badge::Author) || marked.status == CommentStatus::Deleted {
        return Ok(page(
            words,
            StatusCode::CONFLICT,
            words.claim_title,
            html! { p { (words.not_an_author) } },
        ));
    }
    if marked != record {
        state.live.changed(&marked);
    }
    Ok(page(
        words,
        StatusCode::OK,
        words.done,
        html! { p { (words.claimed) } },
    ))
}
