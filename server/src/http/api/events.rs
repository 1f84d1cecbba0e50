//! `GET /api/v1/events?site=S&page=P`: the page's live events as server-sent events.
//!
//! The stream opens with the current `count`, then carries `comment`, `delete`, `count` and
//! `votes` events as they happen, with keep-alive comments between them. Each event carries
//! the number of its change (`id:`); a browser that reconnects sends the last it got
//! (`Last-Event-ID`, or `last_event_id=` for a new `EventSource`) and gets, first, what it
//! missed (`live::replay`), or a `reload` event when the change log no longer reaches back.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
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
use crate::live::{LiveEvent, replay};

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
    /// The last event's `id` a reader got, for a stream opened anew (a browser reconnecting by
    /// itself sends `Last-Event-ID` instead, which wins).
    #[param(minimum = 0)]
    last_event_id: Option<i64>,
}

/// The page's live events: `count` first, then `comment` (a Comment), `delete` (`{"id"}`),
/// `count` (`{"count"}`) and `votes` (a Tally) as they happen; keep-alive comments every 15 s.
#[utoipa::path(get, path = "/api/v1/events", tag = "live", params(EventParams),
    responses(
        (status = 200, description = "A `text/event-stream` of `count`, `comment`, `delete`, `votes` and `reload` events, each with its change's `id`", content_type = "text/event-stream", body = String),
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
    headers: HeaderMap,
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
    // The subscription brings every change after `through`; the log, those the reader
    // missed up to it; the count is taken after both, so it is never older than them.
    let key = (site.clone(), page.clone());
    let (subscription, through) = state.live.hub.subscribe(key.clone());
    let missed = match last_event_id(&headers).or(params.last_event_id) {
        Some(after) => replay::missed(&state.live, &key, after, through).await?,
        None => Vec::new(),
    };
    let count = state.store.count(&site, &page).await?;
    let first = LiveEvent::count(count).numbered(through);
    let opening = missed
        .iter()
        .map(sse_event)
        .chain([sse_event(&first).retry(RECONNECT_AFTER)])
        .collect::<Vec<_>>();
    let live = subscription.map(|received| {
        // A reader too slow to keep up skipped some events: it reads the thread again.
        sse_event(&received.unwrap_or_else(|_| LiveEvent::reload()))
    });
    let events = stream::iter(opening)
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
    let sse = Event::default().event(event.name).data(&*event.data);
    match event.id {
        Some(id) => sse.id(id.to_string()),
        None => sse,
    }
}

/// The `Last-Event-ID` a reconnecting browser sends, when it is one of ours.
fn last_event_id(headers: &HeaderMap) -> Option<i64> {
    headers
        .get("last-event-id")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|id: &i64| *id >= 0)
}
