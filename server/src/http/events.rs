//! `GET /api/v1/events?site=S&page=P`: the page's live events as server-sent events.
//!
//! The stream opens with the current `count`, then carries `comment`, `delete` and `count`
//! events as they happen, with keep-alive comments between them. Browsers reconnect by
//! themselves; the widget reloads the thread when they do, so nothing missed stays missing.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{StreamExt, future, stream};
use serde::Deserialize;
use tokio_stream::wrappers::BroadcastStream;

use super::AppState;
use super::extract::ApiQuery;
use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::live::LiveEvent;

/// How long a browser waits before reconnecting a dropped stream.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/api/v1/events", get(stream_events))
}

#[derive(Debug, Deserialize)]
struct EventParams {
    site: String,
    page: String,
}

async fn stream_events(
    State(state): State<AppState>,
    ApiQuery(params): ApiQuery<EventParams>,
) -> Result<Response> {
    let site = parse_site_id(&params.site)?;
    let page = parse_page(&params.page)?;
    state
        .sites
        .get(&site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;

    // Subscribe before counting, so no change falls between the two.
    let receiver = state.live.hub.subscribe((site.clone(), page.clone()));
    let count = state.store.count(&site, &page).await?;
    let first = sse_event(&LiveEvent::count(count)).retry(RECONNECT_AFTER);
    let live = BroadcastStream::new(receiver).filter_map(|received| {
        // A reader too slow to keep up skips what it missed; its next reconnect reloads.
        future::ready(received.ok().map(|event| sse_event(&event)))
    });
    let events = stream::once(future::ready(first))
        .chain(live)
        .map(Ok::<_, Infallible>)
        .take_until(state.live.hub.closing());

    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    // Tell nginx and friends not to buffer the stream.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

fn sse_event(event: &LiveEvent) -> Event {
    Event::default().event(event.name).data(&*event.data)
}
