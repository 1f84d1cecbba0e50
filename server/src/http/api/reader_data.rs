//! What a signed-in reader reads and changes of their own, on any device (`X-Reader-Token`):
//! - `GET` · `PATCH` · `DELETE /api/v1/readers/me`: who they are, their name, and erasing
//!   everything the site holds about them;
//! - `GET /api/v1/readers/me/comments`: their comments, with links;
//! - `GET /api/v1/readers/me/export`: everything the site holds about them, as JSON;
//! - `POST /api/v1/readers/me/replies`: reply emails on or off for one page's thread.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use parlons_shared::{
    CommentStatus, ErrorBody, OwnComment, OwnComments, PageReplies, ReaderProfile, Rename,
    RepliesSet,
};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::readers::profile;
use crate::domain::InvalidField;
use crate::domain::input::{parse_name, parse_page};
use crate::domain::reader::voter_id;
use crate::error::Result;
use crate::http::AppState;
use crate::http::extract::ApiJson;
use crate::http::reader_auth::SignedIn;
use crate::notify::CommentEvent;
use crate::store::records::rfc3339;

/// Comments "My comments" lists at most.
const LISTED: i64 = 200;
/// Comments an export holds at most (a reader with more asks the site's owner).
const EXPORTED: i64 = 10_000;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me, rename, erase_everything))
        .routes(routes!(my_comments))
        .routes(routes!(export))
        .routes(routes!(page_replies))
}

/// Who the token signs in.
#[utoipa::path(get, path = "/api/v1/readers/me", tag = "readers",
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 200, description = "The signed-in reader", body = ReaderProfile),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
    ))]
async fn me(SignedIn(reader): SignedIn) -> Json<ReaderProfile> {
    Json(profile(&reader))
}

/// The name the reader's next comments carry.
#[utoipa::path(patch, path = "/api/v1/readers/me", tag = "readers", request_body = Rename,
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 200, description = "The reader, renamed", body = ReaderProfile),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A blank or over-long name", body = ErrorBody),
    ))]
async fn rename(
    State(state): State<AppState>,
    SignedIn(mut reader): SignedIn,
    ApiJson(body): ApiJson<Rename>,
) -> Result<Json<ReaderProfile>> {
    let name = parse_name(&body.name)?;
    state.store.rename_reader(reader.reader_id, &name).await?;
    reader.name = Some(name);
    Ok(Json(profile(&reader)))
}

/// The reader's comments on the site, newest first (200 at most), wherever they posted
/// them from.
#[utoipa::path(get, path = "/api/v1/readers/me/comments", tag = "readers",
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 200, description = "Their comments, pending ones included", body = OwnComments),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
    ))]
async fn my_comments(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
) -> Result<Json<OwnComments>> {
    let site = state.sites.get(&reader.site_id).await?.unwrap_or_default();
    let window = state.guards.policy.edit_window(&site);
    let comments = state
        .store
        .reader_comments(&reader, LISTED)
        .await?
        .into_iter()
        .map(|own| OwnComment {
            url: site.comment_url(&own.record.page, own.record.id),
            page: own.record.page.clone(),
            notify: own.notify_email.is_some(),
            comment: own.record.to_shown(&state.faces, &site),
            edit_until: rfc3339(own.record.created_at + window),
            text: own.record.source,
        })
        .collect();
    Ok(Json(OwnComments { comments }))
}

/// Everything the site holds about a reader.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReaderExport {
    pub site: String,
    /// RFC 3339.
    pub exported_at: String,
    pub reader: ExportedReader,
    pub comments: Vec<ExportedComment>,
    pub votes: Vec<ExportedVote>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedReader {
    pub name: Option<String>,
    /// `email` or `oidc`.
    pub via: String,
    /// The address they confirmed, when they signed in by email.
    pub email: Option<String>,
    /// Their subject at the site's OpenID provider, when they signed in there.
    pub subject: Option<String>,
    pub since: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedComment {
    pub id: i64,
    pub page: String,
    pub parent: Option<i64>,
    pub status: CommentStatus,
    pub author: Option<String>,
    pub website: Option<String>,
    /// What they wrote (Markdown).
    pub text: String,
    pub created_at: String,
    pub edited_at: Option<String>,
    /// Where reply emails go, when they asked for them.
    pub notify_email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedVote {
    pub comment: i64,
    pub value: i64,
    pub voted_at: String,
}

/// Everything the site holds about the reader, as a JSON file to keep.
#[utoipa::path(get, path = "/api/v1/readers/me/export", tag = "readers",
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 200, description = "Their data: who they are, their comments (10,000 at most), their votes", body = ReaderExport),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
    ))]
async fn export(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
) -> Result<impl IntoResponse> {
    let comments = state.store.reader_comments(&reader, EXPORTED).await?;
    let voter = state
        .guards
        .spam_keys
        .voter_hash(&voter_id(reader.reader_id));
    let votes = state.store.votes_by(&voter).await?;
    let export = ReaderExport {
        site: reader.site_id.clone(),
        exported_at: rfc3339(OffsetDateTime::now_utc()),
        reader: ExportedReader {
            name: reader.name.clone(),
            via: reader.known().as_str().to_owned(),
            email: reader.email.clone(),
            subject: reader.subject.clone(),
            since: rfc3339(reader.created_at),
        },
        comments: comments
            .into_iter()
            .map(|own| ExportedComment {
                id: own.record.id,
                parent: own.record.parent,
                status: own.record.status,
                author: own.record.author,
                website: own.record.website,
                text: own.record.source,
                created_at: rfc3339(own.record.created_at),
                edited_at: own.record.edited_at.map(rfc3339),
                notify_email: own.notify_email,
                page: own.record.page,
            })
            .collect(),
        votes: votes
            .into_iter()
            .map(|vote| ExportedVote {
                comment: vote.comment_id,
                value: vote.value,
                voted_at: rfc3339(vote.voted_at),
            })
            .collect(),
    };
    let disposition = format!("attachment; filename=\"parlons-{}.json\"", reader.site_id);
    Ok((
        [
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        Json(export),
    ))
}

/// Reply emails on or off for the reader's comments on one page.
#[utoipa::path(post, path = "/api/v1/readers/me/replies", tag = "readers", request_body = PageReplies,
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 200, description = "How many of their comments on the page changed", body = RepliesSet),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A malformed page, or replies asked for by a reader without an address", body = ErrorBody),
    ))]
async fn page_replies(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
    ApiJson(body): ApiJson<PageReplies>,
) -> Result<Json<RepliesSet>> {
    let page = parse_page(&body.page)?;
    if body.notify && reader.email.is_none() {
        return Err(InvalidField::new(
            "notify",
            "Reply emails need an address: sign in by email to get them.",
        )
        .into());
    }
    let comments = state
        .store
        .set_page_replies(&reader, &page, body.notify)
        .await?;
    Ok(Json(RepliesSet {
        page,
        notify: body.notify,
        comments,
    }))
}

/// Erases everything the site holds about the reader: their comments (as an author erases
/// one: the text, name, website and addresses are gone at once), their votes, their address
/// and its links, and every browser they signed in on.
#[utoipa::path(delete, path = "/api/v1/readers/me", tag = "readers",
    params(("X-Reader-Token" = String, Header, description = "The browser's reader token")),
    responses(
        (status = 204, description = "Erased; the token signs no one in any more"),
        (status = 401, description = "No reader token, or one that signs no one in (`signed_out`)", body = ErrorBody),
        (status = 403, description = "An `Origin` the reader's site does not allow", body = ErrorBody),
    ))]
async fn erase_everything(
    State(state): State<AppState>,
    SignedIn(reader): SignedIn,
) -> Result<StatusCode> {
    let now = OffsetDateTime::now_utc();
    let voter = state
        .guards
        .spam_keys
        .voter_hash(&voter_id(reader.reader_id));
    for vote in state.store.votes_by(&voter).await? {
        let record = state.store.vote(vote.comment_id, &voter, 0, now).await?;
        state.live.changed(&record);
    }
    for (before, after) in state.store.erase_reader(&reader, now).await? {
        if before.status == CommentStatus::Published {
            state.live.changed(&after);
        }
        if before.status != CommentStatus::Deleted {
            state.notifier.comment_event(CommentEvent::Deleted, &after);
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
