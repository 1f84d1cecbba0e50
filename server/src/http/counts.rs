//! `POST /api/v1/counts` body `{"site","pages":[P,...]}`: published comments per page.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use parlons_shared::limits::MAX_COUNT_PAGES;
use parlons_shared::{Counts, CountsRequest};

use super::AppState;
use super::extract::ApiJson;
use crate::domain::InvalidField;
use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/counts", post(count_comments))
}

/// Every asked page is in the answer, keyed as it was asked; pages with no comment count 0.
async fn count_comments(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CountsRequest>,
) -> Result<Json<Counts>> {
    let site = parse_site_id(&body.site)?;
    if body.pages.len() > MAX_COUNT_PAGES {
        return Err(InvalidField::new(
            "pages",
            format!("Ask for at most {MAX_COUNT_PAGES} pages at once."),
        )
        .into());
    }
    let keys = body
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

    let mut pages: Vec<String> = keys.iter().map(|(_, page)| page.clone()).collect();
    pages.sort_unstable();
    pages.dedup();
    let found = state.store.counts(&site, &pages).await?;
    let counts: BTreeMap<String, u64> = keys
        .into_iter()
        .map(|(asked, page)| (asked, found.get(&page).copied().unwrap_or(0)))
        .collect();
    Ok(Json(Counts { counts }))
}
