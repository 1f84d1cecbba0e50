//! `POST /api/v1/comments`: a reader posts (201 published, 202 pending). Each post the spam
//! defense refuses is counted for the site's statistics, by layer.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use parlons_shared::{CommentStatus, CreatedComment, ErrorBody, NewComment, SpamLayer};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::CommentInput;
use crate::domain::reader::Readers;
use crate::domain::site::Site;
use crate::domain::token::{hash_email, hash_secret, new_secret};
use crate::error::{ApiError, Result};
use crate::guard::spam;
use crate::http::AppState;
use crate::http::extract::{ApiJson, ClientIp};
use crate::http::reader_auth::MaybeReader;
use crate::notify::CommentEvent;
use crate::store::records::rfc3339;
use crate::store::{NewCommentRecord, Reader};

use super::comments::require_origin;
use super::review::{Reviewed, review_needed};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_comment))
}

/// Parse, check the site and origin, rate-limit, render, store in one transaction, publish.
#[utoipa::path(post, path = "/api/v1/comments", tag = "comments", request_body = NewComment,
    params(("Origin" = String, Header, description = "One of the site's origins"),
        ("X-Reader-Token" = Option<String>, Header, description = "A signed-in reader's token: the comment is theirs on every device, marked `confirmed`")),
    responses(
        (status = 201, description = "Published; `edit_token` is shown once", body = CreatedComment),
        (status = 202, description = "Waiting for a moderator (only its author sees it)", body = CreatedComment),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "An `X-Reader-Token` that signs no one in on this site (`signed_out`)", body = ErrorBody),
        (status = 403, description = "The `Origin` is not one of the site's, a moderator blocked this address or email (`blocked`), the thread is closed (`thread_closed`), or the site takes comments from signed-in readers only (`sign_in_required`)", body = ErrorBody),
        (status = 404, description = "Unknown site, or parent (`field` = `parent`)", body = ErrorBody),
        (status = 409, description = "The same text was just posted (`duplicate_comment`)", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A field breaks a limit (`field` names it); the challenge is missing or invalid; the hidden field was filled", body = ErrorBody),
        (status = 429, description = "Too many posts from this address, or posted sooner than the site's minimum time (`too_fast`); see `Retry-After`", body = ErrorBody),
    ))]
async fn create_comment(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    reader: MaybeReader,
    ApiJson(mut body): ApiJson<NewComment>,
) -> Result<Response> {
    // A reader signed in by email posts with the address they confirmed, whatever was typed.
    if let Some(email) = reader.0.as_ref().and_then(|reader| reader.email.clone()) {
        body.email = Some(email);
    }
    let input = CommentInput::parse(body)?;
    let site = state
        .sites
        .get(&input.site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;
    require_origin(&headers, &site)?;
    let reader = reader.of_site(&site.id)?;
    if !site.readers.admits(reader.as_ref().map(Reader::known)) {
        return Err(ApiError::SignInRequired(sign_in_needed(site.readers)));
    }
    let input = match &reader {
        Some(reader) => named(&state, reader, input).await?,
        None => input,
    };
    let posted = post(&state, &site, ip, input, reader.as_ref()).await;
    if let Err(error) = &posted
        && let Some(layer) = spam_layer(error)
    {
        state.guards.refusals.count(&site.id, layer);
    }
    posted
}

/// What a site that lets only signed-in readers post tells the others.
fn sign_in_needed(readers: Readers) -> &'static str {
    match readers {
        Readers::SignedIn => {
            "This site takes comments from signed-in readers: sign in with the site's account to post."
        }
        _ => {
            "This site takes comments from signed-in readers: sign in with your email (we send a link) to post."
        }
    }
}

/// A signed-in reader's post carries their name when they give none; the one they give is
/// kept for next time.
async fn named(state: &AppState, reader: &Reader, mut input: CommentInput) -> Result<CommentInput> {
    match &input.author {
        Some(name) if reader.name.as_ref() != Some(name) => {
            state.store.rename_reader(reader.reader_id, name).await?;
        }
        Some(_) => {}
        None => input.author.clone_from(&reader.name),
    }
    Ok(input)
}

/// The spam layer that refused a post, if one did.
fn spam_layer(error: &ApiError) -> Option<SpamLayer> {
    Some(match error {
        ApiError::RateLimited { .. } => SpamLayer::RateLimit,
        ApiError::LooksAutomated => SpamLayer::Trap,
        ApiError::Blocked { .. } => SpamLayer::Block,
        ApiError::ChallengeRequired | ApiError::ChallengeInvalid(_) | ApiError::TooFast { .. } => {
            SpamLayer::Challenge
        }
        ApiError::DuplicateComment => SpamLayer::Duplicate,
        ApiError::Filtered => SpamLayer::Filter,
        _ => return None,
    })
}

/// A post to a known site from one of its origins: the thread open, the spam layers passed,
/// rendered, reviewed, stored, published.
async fn post(
    state: &AppState,
    site: &Site,
    ip: std::net::IpAddr,
    input: CommentInput,
    reader: Option<&Reader>,
) -> Result<Response> {
    let thread = state.store.page_state(&site.id, &input.page).await?;
    if thread.is_closed(site, OffsetDateTime::now_utc()) {
        return Err(ApiError::ThreadClosed);
    }
    state
        .guards
        .limits
        .check_post(&site.id, site.spam.posts_per_minute, ip)?;
    let email_hash = input.email.as_deref().map(hash_email);
    let passed = spam::check(
        &state.guards,
        site,
        ip,
        &spam::SpamFields {
            challenge: input.challenge.as_deref(),
            solution: input.solution.as_deref(),
            trap: input.trap.as_deref(),
            email_hash: email_hash.as_deref(),
            reader: reader.map(|reader| reader.reader_id),
        },
    )?;
    let posted = state.guards.duplicates.check(
        &site.id,
        state.guards.policy.duplicate_window(site),
        ip,
        &input.text,
    )?;

    let edit_token = new_secret();
    let notify_email = input.email.clone().filter(|_| input.notify);
    let html = state.guards.render(&input.text).await?;
    let reviewed = Reviewed {
        email_hash: email_hash.as_deref(),
        html: &html,
        fields: [
            &input.text,
            input.author.as_deref().unwrap_or_default(),
            input.website.as_deref().unwrap_or_default(),
        ],
    };
    let review = review_needed(state, site, &reviewed).await?;
    let status = if review {
        CommentStatus::Pending
    } else {
        CommentStatus::Published
    };
    let record = state
        .writer
        .insert(NewCommentRecord {
            html,
            site: input.site,
            page: input.page,
            parent: input.parent,
            author: input.author,
            website: input.website,
            email_hash,
            notify_email: notify_email.clone(),
            source: input.text,
            status,
            edit_token_hash: hash_secret(&edit_token),
            created_at: OffsetDateTime::now_utc(),
            address_hash: Some(passed.address_hash),
            challenge_nonce: passed.challenge.nonce().map(str::to_owned),
            badge: None,
            reader_id: reader.map(|reader| reader.reader_id),
        })
        .await?;
    passed.challenge.keep();
    state.guards.duplicates.remember(posted);
    let comment = record.to_shown(&state.faces, site);
    if status == CommentStatus::Published {
        state.live.changed(&record);
    }
    state.notifier.comment_event(CommentEvent::Created, &record);
    // Reply emails wait for the reader to confirm the address (a signed-in reader did); a
    // client asks the server to mail a few addresses an hour at most.
    if let Some(email) = &notify_email
        && reader.is_none()
        && state.guards.limits.check_confirmation(ip).is_ok()
    {
        state.notifier.ask_confirmation(&record.site, email);
    }
    if let Some(email) = &input.email {
        state.notifier.ask_author_claim(&record, email);
    }
    let edit_until = rfc3339(record.created_at + state.guards.policy.edit_window(site));
    let code = if status == CommentStatus::Published {
        StatusCode::CREATED
    } else {
        StatusCode::ACCEPTED
    };
    Ok((
        code,
        Json(CreatedComment {
            comment,
            edit_token,
            edit_until,
        }),
    )
        .into_response())
}
