//! `GET /api/v1/events?site=S&page=P`: the page's live events as server-sent events.
//!
//! The stream opens with the current `count`, then carries `comment`, `delete`, `count` and
//! `votes` events as they happen, with keep-alive comments between them. Browsers reconnect by
//! themselves; the widget reloads the thread when they do, so nothing missed stays missing.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, future, stream};
use parlons_shared::ErrorBody;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::extract::ReadAllowed;
use crate::http::extract::{ApiQuery, ClientIp};
use crate::live::LiveEvent;

/// How long a browser waits before reconnecting a dropped stream.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stream_events))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EventParams {
    #[param(min_length = 1, max_length = 64, pattern = "^[a-z0-9_-]+$")]
    site: String,
    #[param(min_length = 1, max_length = 1000)]
    page: String,
}

/// The page's live events: `count` first, then `comment` (a Comment), `delete` (`{"id"}`),
/// `count` (`{"count"}`) and `votes` (a Tally) as they happen; keep-alive comments every 15 s.
#[utoipa::path(get, path = "/api/v1/events", tag = "live", params(EventParams),
    responses(
        (status = 200, description = "A `text/event-stream` of `count`, `comment`, `delete` and `votes` events", content_type = "text/event-stream", body = String),
        (status = 400, description = "A malformed query", body = ErrorBody),
        (status = 404, description = "Unknown site", body = ErrorBody),
        (status = 422, description = "A parameter breaks a limit", body = ErrorBody),
        (status = 429, description = "Too many reads, or too many streams open, from this address; see `Retry-After`", body = ErrorBody),
        (status = 503, description = "The server holds as many streams as it can (`too_many_streams`)", body = ErrorBody),
    ))]
async fn stream_events(
    _: ReadAllowed,
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiQuery(params): ApiQuery<EventParams>,
) -> Result<Response> {
    let site = parse_site_id(&params.site)?;
    let page = parse_page(&params.page)?;
    state
        .sites
        .get(&site)
        .await?
        .ok_or(ApiError::SiteNotFound)?;

    // Held by the stream for as long as it is open.
    let slot = state.guards.streams.take(ip)?;
    // Subscribe before counting, so no change falls between the two.
    let subscription = state.live.hub.subscribe((site.clone(), page.clone()));
    let count = state.store.count(&site, &page).await?;
    let first = sse_event(&LiveEvent::count(count)).retry(RECONNECT_AFTER);
    let live = subscription.filter_map(|received| {
        // A reader too slow to keep up skips what it missed; its next reconnect reloads.
        future::ready(received.ok().map(|event| sse_event(&event)))
    });
    let events = stream::once(future::ready(first))
        .chain(live)
        .map(move |event| {
            let _open = &slot;
            Ok::<_, Infallible>(event)
        })
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
