//! Published comments per page, for count badges:
//! - `POST /api/v1/counts` body `{"site","pages":[P,...]}`;
//! - `GET /api/v1/counts?site=S&page=P&page=Q...`, the same answer in a form CDNs and browsers
//!   keep (`ETag`, `304`, a short `max-age`). `count.js` asks with the pages sorted, so one
//!   listing page makes one cache key.

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use parlons_shared::limits::MAX_COUNT_PAGES;
use parlons_shared::{Counts, CountsRequest, ErrorBody};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::cache::Tagged;
use crate::domain::InvalidField;
use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::extract::ReadAllowed;
use crate::http::extract::{ApiBody, is_plain_json, parse_json};
use crate::http::layers::conditional::respond;
use crate::http::layers::headers;

/// Counts change with every comment: shared caches keep them briefly.
const CACHE_CONTROL: &str = "public, max-age=10, stale-while-revalidate=50";

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_counts, post_counts))
}

/// The query of `GET /api/v1/counts` (read by hand: `page` repeats).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct CountsQuery {
    #[param(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")]
    site: String,
    /// A page key; repeat it for each page (at most 200), sorted for one cache key per set.
    page: Vec<String>,
}

/// A request seen before, byte for byte and with nothing changed since, gets the answer it
/// got then (a listing page asks the same for every visitor); any other goes the whole way.
#[utoipa::path(post, path = "/api/v1/counts", tag = "counts", request_body = CountsRequest,
    responses(
        (status = 200, description = "Published comments per page; every asked page is present", body = Counts),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "A field breaks a limit (more than 200 pages...)", body = ErrorBody),
        (status = 429, description = "Too many reads from this address", body = ErrorBody),
    ))]
async fn post_counts(
    _: ReadAllowed,
    State(state): State<AppState>,
    ApiBody {
        headers,
        bytes: body,
    }: ApiBody,
) -> Result<Response> {
    let cacheable = is_plain_json(&headers);
    if cacheable && let Some(answer) = state.caches.count_posts.get(&body) {
        return Ok(json(answer));
    }
    let generation = state.caches.count_posts.generation();
    let request: CountsRequest = parse_json(headers, body.clone(), &state).await?;
    let counts = count_comments(&state, request).await?;
    if cacheable {
        state
            .caches
            .count_posts
            .put(body, generation, counts.clone());
    }
    Ok(json(counts))
}

/// The same answer as `POST`, in a form CDNs and browsers keep (`ETag`, `304`, `max-age=10`).
#[utoipa::path(get, path = "/api/v1/counts", tag = "counts", params(CountsQuery),
    responses(
        (status = 200, description = "Published comments per page", body = Counts),
        (status = 304, description = "`If-None-Match` matched: unchanged"),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 422, description = "A parameter breaks a limit", body = ErrorBody),
        (status = 429, description = "Too many reads from this address", body = ErrorBody),
    ))]
async fn get_counts(
    _: ReadAllowed,
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response> {
    let query = query.unwrap_or_default();
    if let Some(answer) = state.caches.count_gets.get(query.as_bytes()) {
        return Ok(respond(&answer, &headers, CACHE_CONTROL));
    }
    let generation = state.caches.count_gets.generation();
    let request = parse_query(&query)?;
    let answer = Tagged::new(count_comments(&state, request).await?);
    state
        .caches
        .count_gets
        .put(Bytes::from(query), generation, answer.clone());
    Ok(respond(&answer, &headers, CACHE_CONTROL))
}

fn json(body: Bytes) -> Response {
    let mut headers = headers::with_room();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers::answer(StatusCode::OK, headers, body.into())
}

/// `site=S&page=P&page=Q`: `site` once, `page` once or more, nothing else.
fn parse_query(query: &str) -> Result<CountsRequest> {
    let mut site = None;
    let mut pages = Vec::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        match name.as_ref() {
            "site" if site.is_none() => site = Some(value.into_owned()),
            "site" => return Err(ApiError::Malformed("Give `site` once.".into())),
            "page" => pages.push(value.into_owned()),
            other => {
                return Err(ApiError::Malformed(format!(
                    "Unknown query parameter `{other}`: use `site` and `page`."
                )));
            }
        }
    }
    let site = site.ok_or_else(|| ApiError::Malformed("The query needs `site`.".into()))?;
    if pages.is_empty() {
        return Err(InvalidField::new("pages", "Ask for at least one `page`.").into());
    }
    Ok(CountsRequest { site, pages })
}

/// Every asked page is in the answer, keyed as it was asked; pages with no comment count 0.
async fn count_comments(state: &AppState, request: CountsRequest) -> Result<Bytes> {
    let site = parse_site_id(&request.site)?;
    if request.pages.len() > MAX_COUNT_PAGES {
        return Err(InvalidField::new(
            "pages",
            format!("Ask for at most {MAX_COUNT_PAGES} pages at once."),
        )
        .into());
    }
    let keys = request
        .pages
        .iter()
        .map(|asked| parse_page(asked).map(|page| (asked.clone(), page)))
        .collect::<Result<Vec<_>, InvalidField>>()
        .map_err(|invalid| InvalidField::new("pages", invalid.message))?;
    state
        .sites
        .get(&site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;

    let found = page_counts(state, &site, keys.iter().map(|(_, page)| page)).await?;
    let counts: BTreeMap<String, u64> = keys
        .into_iter()
        .map(|(asked, page)| (asked, found.get(&page).copied().unwrap_or(0)))
        .collect();
    let body =
        serde_json::to_vec(&Counts { counts }).map_err(|error| ApiError::Internal(error.into()))?;
    Ok(Bytes::from(body))
}

/// Each page's count, from the cache where it is fresh, else from one query for the rest.
pub(super) async fn page_counts<'a>(
    state: &AppState,
    site: &str,
    pages: impl Iterator<Item = &'a String>,
) -> Result<HashMap<String, u64>> {
    let mut found = HashMap::new();
    let mut missing = Vec::new();
    for page in pages {
        let key = (site.to_owned(), page.clone());
        match state.caches.counts.get(&key, &()) {
            Some(count) => {
                found.insert(page.clone(), count);
            }
            None => missing.push((state.caches.counts.version(&key), key)),
        }
    }
    if missing.is_empty() {
        return Ok(found);
    }
    let mut pages: Vec<String> = missing.iter().map(|(_, (_, page))| page.clone()).collect();
    pages.sort_unstable();
    pages.dedup();
    let counted = state.store.counts(site, &pages).await?;
    for (version, key) in missing {
        let count = counted.get(&key.1).copied().unwrap_or(0);
        state.caches.counts.put(&key, version, (), count);
        found.insert(key.1, count);
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_gives_the_site_and_every_page_in_order() {
        let request = parse_query("site=blog&page=%2Fa&page=%2Fb%3Fx%3D1").expect("valid");

        assert_eq!(request.site, "blog");
        assert_eq!(request.pages, ["/a", "/b?x=1"]);
    }

    #[test]
    fn a_query_without_site_or_pages_or_with_strangers_is_refused() {
        assert!(parse_query("page=/a").is_err());
        assert!(parse_query("site=blog").is_err());
        assert!(parse_query("site=blog&page=/a&pages=/b").is_err());
        assert!(parse_query("site=a&site=b&page=/a").is_err());
    }
}
