//! `POST /api/v1/comments/{id}/vote` `{"voter", "value"}`: a reader's vote on a published
//! comment, without an account. The widget keeps a random id per browser; the server stores
//! only a keyed hash of it, one vote per id and comment (a new vote replaces the earlier one,
//! `0` takes it back). Votes come from the site's pages only (`Origin`), 60 a minute per
//! address. Readers of the page see the new tally live.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use parlons_shared::{CommentStatus, ErrorBody, Tally, Vote, Votes};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::comments::require_origin;
use crate::domain::reader::voter_id;
use crate::domain::vote::parse_vote;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::extract::{ApiJson, ApiPath, ClientIp};
use crate::http::reader_auth::MaybeReader;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(vote))
}

/// Votes on a published comment; answers the comment's tally.
#[utoipa::path(post, path = "/api/v1/comments/{id}/vote", tag = "comments", request_body = Vote,
    params(("id" = i64, Path), ("Origin" = String, Header, description = "One of the site's origins")),
    responses(
        (status = 200, description = "Counted: the comment's tally now", body = Tally),
        (status = 400, description = "Malformed JSON or id", body = ErrorBody),
        (status = 401, description = "An `X-Reader-Token` that signs no one in on this site (`signed_out`)", body = ErrorBody),
        (status = 403, description = "The `Origin` is not one of the site's, or the site takes no votes, or no down votes (`votes_off`)", body = ErrorBody),
        (status = 404, description = "No such published comment", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A malformed `voter`, or a `value` other than -1, 0 or 1 (`field` names it)", body = ErrorBody),
        (status = 429, description = "Too many votes from this address; see `Retry-After`", body = ErrorBody),
    ))]
async fn vote(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    reader: MaybeReader,
    ApiJson(body): ApiJson<Vote>,
) -> Result<Json<Tally>> {
    let (voter, value) = parse_vote(&body)?;
    // A missing comment is `comment_not_found` through `From<StoreError>`.
    let comment = state.store.get_comment(id).await?;
    if comment.status != CommentStatus::Published {
        return Err(ApiError::CommentNotFound);
    }
    let site = state
        .sites
        .get(&comment.site)
        .await?
        .ok_or(ApiError::CommentNotFound)?;
    require_origin(&headers, &site)?;
    match (site.votes, value) {
        (Votes::Off, _) => return Err(ApiError::VotesOff("")),
        (Votes::Up, -1) => return Err(ApiError::VotesOff(" down")),
        _ => {}
    }
    state.guards.limits.check_vote(ip)?;
    // A signed-in reader votes once whatever browser they vote from.
    let voter = match reader.of_site(&site.id)? {
        Some(reader) => voter_id(reader.reader_id),
        None => voter.to_owned(),
    };
    let voter = state.guards.spam_keys.voter_hash(&voter);
    let record = state
        .store
        .vote(id, &voter, value, OffsetDateTime::now_utc())
        .await?;
    // Readers see the tally move (and the page's caches drop), on every node.
    state.live.changed(&record);
    Ok(Json(Tally {
        id,
        upvotes: record.upvotes,
        downvotes: record.downvotes,
    }))
}
