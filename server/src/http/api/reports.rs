//! Readers' reports, and the moderators' list of reported comments:
//! - `POST /api/v1/comments/{id}/report` `{"voter","reason","note"?}`: once per reader and
//!   comment, from the site's pages, 20 an hour per address. When reports not dismissed
//!   come from the site's threshold of distinct networks (3 unless the site says), a
//!   published comment goes back to waiting and leaves open pages live.
//! - `GET /api/v1/moderation/reports[?site=S]`: comments with reports not dismissed, the
//!   most reported first; a moderator dismisses them with
//!   `POST /api/v1/moderation/comments/{id}/dismiss` (audited), or approves or deletes.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use parlons_shared::{CommentStatus, ErrorBody, Report, ReportQueue, ReportedComment};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::comments::require_origin;
use super::moderation::moderated;
use crate::domain::InvalidField;
use crate::domain::site::{DEFAULT_REPORT_THRESHOLD, parse_site_id};
use crate::domain::vote::parse_voter;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, ClientIp};
use crate::store::NewReport;

/// Most characters in a report's note.
const MAX_NOTE_CHARS: usize = 500;
/// Most comments the moderators' list returns.
const LIST_LIMIT: u32 = 100;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report))
        .routes(routes!(get_reports))
}

/// A reader reports a published comment.
#[utoipa::path(post, path = "/api/v1/comments/{id}/report", tag = "comments", request_body = Report,
    params(("id" = i64, Path), ("Origin" = String, Header, description = "One of the site's origins")),
    responses(
        (status = 204, description = "Recorded (a second report of the same reader changes nothing)"),
        (status = 400, description = "Malformed JSON or id", body = ErrorBody),
        (status = 403, description = "The `Origin` is not one of the site's", body = ErrorBody),
        (status = 404, description = "No such published comment", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A malformed `voter`, an unknown `reason`, or a `note` over 500 characters (`field` names it)", body = ErrorBody),
        (status = 429, description = "Too many reports from this address; see `Retry-After`", body = ErrorBody),
    ))]
async fn report(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<Report>,
) -> Result<StatusCode> {
    let voter = parse_voter(&body.voter)?;
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty());
    if note.is_some_and(|note| note.chars().count() > MAX_NOTE_CHARS) {
        return Err(InvalidField::new("note", "A note is 500 characters at most.").into());
    }
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
    state.guards.limits.check_report(ip)?;
    let report = NewReport {
        comment: id,
        voter: state.guards.spam_keys.voter_hash(voter),
        reason: body.reason,
        note: note.map(str::to_owned),
        address_hash: state.guards.spam_keys.address_hash(ip),
        at: OffsetDateTime::now_utc(),
    };
    let threshold = site.report_threshold.unwrap_or(DEFAULT_REPORT_THRESHOLD);
    let reported = state.store.report(&report, threshold).await?;
    if let Some(held) = &reported.held {
        // It leaves every open page, on every node.
        state.live.changed(held);
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ReportsParams {
    /// Only this site's comments.
    site: Option<String>,
}

/// Comments with reports no moderator dismissed, the most reported first (at most 100).
#[utoipa::path(get, path = "/api/v1/moderation/reports", tag = "moderation", params(ReportsParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Reported comments, each with its count, reasons and notes", body = ReportQueue),
        (status = 401, description = "No credentials, or expired or revoked ones", body = ErrorBody),
        (status = 403, description = "Not a moderator of that site", body = ErrorBody),
        (status = 422, description = "A malformed site id", body = ErrorBody),
    ))]
async fn get_reports(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiQuery(params): ApiQuery<ReportsParams>,
) -> Result<Json<ReportQueue>> {
    let sites = match params.site.as_deref().map(parse_site_id).transpose()? {
        Some(site) => {
            moderator.require_site(&site)?;
            Some(vec![site])
        }
        None => moderator.0.site_filter().map(<[String]>::to_vec),
    };
    let comments = state
        .store
        .reported(sites.as_deref(), LIST_LIMIT)
        .await?
        .into_iter()
        .map(|summary| ReportedComment {
            comment: moderated(&summary.comment),
            reports: summary.reports,
            reasons: summary.reasons.into_iter().collect(),
            notes: summary.notes,
        })
        .collect();
    Ok(Json(ReportQueue { comments }))
}
