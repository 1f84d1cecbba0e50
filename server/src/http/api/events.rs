//! `GET /api/v1/events?site=S&page=P`: the page's live events as server-sent events.
//!
//! The stream opens with the current `count`, then carries `comment`, `delete`, `count` and
//! `votes` events as they happen, with keep-alive comments between them. Each event carries
//! the number of its change (`id:`); a browser that reconnects sends the last it got
//! (`Last-Event-ID`, or `last_event_id=` for a new `EventSource`) and gets, first, what it
//! missed (`live::replay`), or a `reload` event when the change log no longer reaches back.
//!
//! The hub frames each event once; a stream writes those shared bytes as they are, so a
//! comment costs each reader one write and no formatting (`bench/fanout.py`).

use std::convert::Infallible;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use futures_util::{StreamExt, stream};
use parlons_shared::ErrorBody;
use serde::Deserialize;
use tokio::time::{Instant, MissedTickBehavior, interval_at};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_page;
use crate::domain::site::parse_site_id;
use crate::error::{ApiError, Result};
use crate::http::AppState;
use crate::http::api::counts::page_counts;
use crate::http::extract::ReadAllowed;
use crate::http::extract::{ApiQuery, ClientIp};
use crate::live::{LiveEvent, replay};

/// How long a browser waits before reconnecting a dropped stream.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// What a quiet stream sends every `KEEP_ALIVE`: an empty comment, which readers ignore and
/// proxies take as traffic.
const KEEP_ALIVE_FRAME: &[u8] = b":\n\n";

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
    // From the count cache (which every change clears before it is delivered), so a
    // thousand readers reconnecting at once cost one query, not a thousand.
    let count = page_counts(&state, &site, std::iter::once(&page))
        .await?
        .get(&page)
        .copied()
        .unwrap_or(0);
    let mut opening = Vec::new();
    for event in &missed {
        opening.extend_from_slice(&event.frame());
    }
    opening.extend_from_slice(format!("retry: {}\n", RECONNECT_AFTER.as_millis()).as_bytes());
    opening.extend_from_slice(&LiveEvent::count(count).numbered(through).frame());
    // A reader too slow to keep up skipped some events: it reads the thread again.
    let live =
        subscription.map(|received| received.unwrap_or_else(|_| LiveEvent::reload().frame()));
    let mut quiet = interval_at(Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    quiet.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let frames = stream::iter([Bytes::from(opening)]).chain(live);
    let frames = tokio_stream::StreamExt::timeout_repeating(frames, quiet)
        .map(move |frame| {
            let _open = &slot;
            Ok::<_, Infallible>(frame.unwrap_or(Bytes::from_static(KEEP_ALIVE_FRAME)))
        })
        .take_until(state.live.hub.closing());

    let mut response = Response::new(Body::from_stream(frames));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // Tell nginx and friends not to buffer the stream.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
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
