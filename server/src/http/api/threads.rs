//! `GET /api/v1/threads?site=S&page=P[&sort=oldest|newest|top][&limit=N][&after=CURSOR]`

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use parlons_shared::{ErrorBody, Sort, Thread};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{AppState, counts, paging};
use crate::cache::Tagged;
use crate::domain::InvalidField;
use crate::domain::input::{parse_cursor, parse_page};
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::extract::ApiQuery;
use crate::http::extract::ReadAllowed;
use crate::http::layers::conditional::respond;
use crate::store::{Shape, ThreadQuery};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_thread))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ThreadParams {
    /// The site id (`data-site`).
    #[param(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")]
    site: String,
    /// The page key (`data-page`, by default the page's path).
    #[param(min_length = 1, max_length = 1000)]
    page: String,
    /// `oldest` (default): comments by date, `limit` a page; `newest` or `top`: conversations
    /// (a top-level comment and all its replies), the newest or best-scored first, `limit`
    /// conversations a page.
    #[serde(default)]
    #[param(inline)]
    sort: Sort,
    /// Comments (`oldest`, `replies_to`: 1 to 1,000, default 500) or conversations (`newest`,
    /// `top`: 1 to 100, default 50) per page.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<u32>,
    /// The `next` cursor of the previous page, or a `more_replies` entry's `after`.
    after: Option<String>,
    /// Only the replies of this conversation (a top-level comment's id), oldest first: the
    /// rest of a conversation that `newest` or `top` cut (`more_replies`).
    #[param(minimum = 1)]
    replies_to: Option<i64>,
}

/// Browsers and CDNs keep a thread but ask each time whether it changed (`ETag`, `304`).
const CACHE_CONTROL: &str = "public, no-cache";

/// One page of a thread as a flat list; an unknown page is an empty thread.
#[utoipa::path(get, path = "/api/v1/threads", tag = "threads", params(ThreadParams),
    responses(
        (status = 200, description = "One page of the thread: published comments, and deleted ones kept for their replies, parents by id. Sent with an `ETag`.", body = Thread),
        (status = 304, description = "`If-None-Match` matched: unchanged"),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 422, description = "A parameter breaks a limit; `field` names it", body = ErrorBody),
        (status = 429, description = "Too many reads from this address; see `Retry-After`", body = ErrorBody),
    ))]
async fn get_thread(
    _: ReadAllowed,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<ThreadParams>,
) -> Result<Response> {
    let site = parse_site_id(&params.site)?;
    let page = parse_page(&params.page)?;
    if params.replies_to.is_some_and(|id| id < 1) {
        return Err(InvalidField::new("replies_to", "A comment id is a positive number.").into());
    }
    let shape = Shape::of(params.sort, params.replies_to);
    let limit = paging::limit(shape, params.limit)?;
    let after = parse_cursor(params.after.as_deref())?;
    let site_settings = state
        .sites
        .get(&site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;

    // The first page of the widget's views is served from the cache while the page does not
    // change; other views are read from the database each time (and rate-limited), so no
    // client can fill the cache with views no reader asks for.
    let key = (site.clone(), page.clone());
    let view = (params.sort, limit);
    let cacheable = after.is_none() && paging::is_widget_view(shape, limit);
    if cacheable && let Some(page) = state.caches.threads.get(&key, &view) {
        return Ok(respond(&page, &headers, CACHE_CONTROL));
    }
    let version = cacheable.then(|| state.caches.threads.version(&key));
    let query = ThreadQuery {
        site: site.clone(),
        page: page.clone(),
        sort: params.sort,
        limit: limit + 1,
        after,
        replies_to: params.replies_to,
    };
    let mut records = state.store.thread(&query).await?;
    let next = paging::next_page(&mut records, shape, limit, after);
    let more_replies = paging::cut_replies(&mut records, shape);
    let count = counts::page_counts(&state, &site, std::iter::once(&page))
        .await?
        .get(&page)
        .copied()
        .unwrap_or(0);
    let closed = state
        .store
        .page_state(&site, &page)
        .await?
        .is_closed(&site_settings, time::OffsetDateTime::now_utc());
    let comments = records
        .iter()
        .map(|record| record.to_shown(&state.faces, &site_settings))
        .collect();
    let thread = Thread {
        site,
        page,
        count,
        comments,
        next,
        votes: site_settings.votes,
        more_replies,
        closed,
    };
    let body =
        Bytes::from(serde_json::to_vec(&thread).map_err(|error| ApiError::Internal(error.into()))?);
    let page = Tagged::new(body);
    let response = respond(&page, &headers, CACHE_CONTROL);
    if let Some(version) = version {
        state.caches.threads.put(&key, version, view, page);
    }
    Ok(response)
}
