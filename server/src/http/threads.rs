//! `GET /api/v1/threads?site=S&page=P[&sort=oldest|newest][&limit=N][&after=CURSOR]`

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use parlons_shared::limits::{DEFAULT_THREAD_LIMIT, MAX_THREAD_LIMIT};
use parlons_shared::{Sort, Thread};
use serde::Deserialize;

use super::conditional::Tagged;
use super::extract::ApiQuery;
use super::{AppState, counts};
use crate::domain::InvalidField;
use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::store::ThreadQuery;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/threads", get(get_thread))
}

#[derive(Debug, Deserialize)]
struct ThreadParams {
    site: String,
    page: String,
    #[serde(default)]
    sort: Sort,
    limit: Option<u32>,
    after: Option<String>,
}

/// Browsers and CDNs keep a thread but ask each time whether it changed (`ETag`, `304`).
const CACHE_CONTROL: &str = "public, no-cache";

/// One page of a thread as a flat list; an unknown page is an empty thread.
async fn get_thread(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(params): ApiQuery<ThreadParams>,
) -> Result<Response> {
    let site = parse_site_id(&params.site)?;
    let page = parse_page(&params.page)?;
    let limit = params.limit.unwrap_or(DEFAULT_THREAD_LIMIT);
    if !(1..=MAX_THREAD_LIMIT).contains(&limit) {
        return Err(InvalidField::new(
            "limit",
            format!("The limit must be between 1 and {MAX_THREAD_LIMIT}."),
        )
        .into());
    }
    let after = params
        .after
        .filter(|after| !after.is_empty())
        .map(|after| after.parse::<i64>())
        .transpose()
        .map_err(|_| InvalidField::new("after", "The cursor is not one this server gave."))?;
    state
        .sites
        .get(&site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;

    // The first page is served from the cache while the page does not change.
    let key = (site.clone(), page.clone());
    let view = (params.sort, limit);
    let cacheable = after.is_none();
    if cacheable && let Some(page) = state.live.threads.get(&key, &view) {
        return Ok(page.respond(&headers, CACHE_CONTROL));
    }
    let version = state.live.threads.version(&key);
    let query = ThreadQuery {
        site: site.clone(),
        page: page.clone(),
        sort: params.sort,
        limit: limit + 1,
        after,
    };
    let mut records = state.store.thread(&query).await?;
    let next = if records.len() > limit as usize {
        records.truncate(limit as usize);
        records.last().map(|last| last.id.to_string())
    } else {
        None
    };
    let count = counts::page_counts(&state, &site, std::iter::once(&page))
        .await?
        .get(&page)
        .copied()
        .unwrap_or(0);
    let comments = records.iter().map(|record| record.to_api()).collect();
    let thread = Thread {
        site,
        page,
        count,
        comments,
        next,
    };
    let body =
        Bytes::from(serde_json::to_vec(&thread).map_err(|error| ApiError::Internal(error.into()))?);
    let page = Tagged::new(body);
    let response = page.respond(&headers, CACHE_CONTROL);
    if cacheable {
        state.live.threads.put(&key, version, view, page);
    }
    Ok(response)
}
