//! `GET /metrics` in the Prometheus text format: requests by route, method and status,
//! latency histograms by route, posts accepted and refused by reason, live subscribers and
//! channels, reads of the sites table, the queue of comments waiting to be written, and the
//! outbox's messages not sent yet. Answered to a client on this host that no proxy relayed
//! (its address resolved through trusted proxies), or to any client presenting
//! `metrics_token` as a bearer token when it is set.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Response};
use parlons_shared::ErrorCode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::AppState;
use super::extract::ClientIp;
use crate::domain::token::secret_matches;
use crate::error::ApiError;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheLabels {
    cache: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PostLabels {
    /// `accepted`, or the error code of the refusal.
    outcome: &'static str,
}

/// 100 µs to about 10 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0001, 2.5, 13))
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    posts: Family<PostLabels, Counter>,
    subscribers: Gauge,
    channels: Gauge,
    site_reloads: Gauge,
    queued: Gauge,
    outbox: Gauge,
    cache_bytes: Family<CacheLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut metrics = Self {
            registry: Registry::with_prefix("parlons"),
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_histogram),
            posts: Family::default(),
            subscribers: Gauge::default(),
            channels: Gauge::default(),
            site_reloads: Gauge::default(),
            queued: Gauge::default(),
            outbox: Gauge::default(),
            cache_bytes: Family::default(),
        };
        let registry = &mut metrics.registry;
        registry.register(
            "http_requests",
            "HTTP requests answered",
            metrics.requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer (to the headers, for live streams)",
            metrics.latency.clone(),
        );
        registry.register(
            "comment_posts",
            "Comments posted, by outcome",
            metrics.posts.clone(),
        );
        registry.register(
            "live_subscribers",
            "Open live streams",
            metrics.subscribers.clone(),
        );
        registry.register(
            "live_channels",
            "Pages with a live channel (each has at least one reader)",
            metrics.channels.clone(),
        );
        registry.register(
            "site_reloads",
            "Reads of the sites table (every 2 s, and on a lookup that misses)",
            metrics.site_reloads.clone(),
        );
        registry.register(
            "cache_bytes",
            "Bytes the answer caches hold (at most the cache_mib setting in all)",
            metrics.cache_bytes.clone(),
        );
        registry.register(
            "comments_queued",
            "Comments waiting to be written (group commit)",
            metrics.queued.clone(),
        );
        registry.register(
            "outbox_pending",
            "Webhook calls and emails not sent yet",
            metrics.outbox.clone(),
        );
        metrics
    }
}

/// One request being answered: what its metrics need from the request, kept until the
/// answer. On the API's routes the label is the route template, never the path itself
/// (pages are unbounded).
pub struct Tracking {
    started: Instant,
    route: String,
    method: &'static str,
}

impl Tracking {
    pub fn start(request: &Request) -> Self {
        Self {
            started: Instant::now(),
            route: request
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str)
                .to_owned(),
            method: method_label(request.method()),
        }
    }

    /// The route's template (`/email/moderate/{token}`), or `unmatched`.
    pub fn route(&self) -> &str {
        &self.route
    }

    /// Counts the answer and its latency.
    pub fn finish(self, metrics: &Metrics, response: &Response) {
        let status = response.status();
        let route = RouteLabels { route: self.route };
        metrics
            .latency
            .get_or_create(&route)
            .observe(self.started.elapsed().as_secs_f64());
        if self.method == "POST" && route.route == "/api/v1/comments" {
            let outcome = match response.extensions().get::<ErrorCode>() {
                Some(code) => code.as_str(),
                None if status.is_success() => "accepted",
                None => "refused",
            };
            metrics.posts.get_or_create(&PostLabels { outcome }).inc();
        }
        metrics
            .requests
            .get_or_create(&RequestLabels {
                route: route.route,
                method: self.method,
                status: status.as_u16(),
            })
            .inc();
    }
}

/// Whether a proxy says it relayed the request.
fn relayed(headers: &HeaderMap) -> bool {
    ["x-forwarded-for", "forwarded", "x-real-ip"]
        .iter()
        .any(|name| headers.contains_key(*name))
}

/// The methods the API answers by name; any other is `other` (labels stay few).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// `GET /metrics`.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "The Prometheus text format", content_type = "application/openmetrics-text", body = String),
        (status = 401, description = "Not on this machine and without the metrics token", body = parlons_shared::ErrorBody),
    ))]
pub async fn scrape(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = state.settings.metrics_token.trim();
    let allowed = if token.is_empty() {
        // The client as resolved through trusted proxies; and a request a proxy relayed
        // is not a local one, whatever socket it came in on (a proxy on the same host).
        client.is_loopback() && !relayed(&headers)
    } else {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|given| secret_matches(given, &crate::domain::token::hash_secret(token)))
    };
    if !allowed {
        return Err(ApiError::Unauthorized);
    }
    let metrics = &state.metrics;
    metrics.subscribers.set(state.live.hub.all_readers() as i64);
    metrics.channels.set(state.live.hub.channels() as i64);
    metrics
        .site_reloads
        .set(i64::try_from(state.sites.reloads()).unwrap_or(i64::MAX));
    metrics.queued.set(state.writer.queued() as i64);
    for (cache, bytes) in state.caches.held() {
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        metrics
            .cache_bytes
            .get_or_create(&CacheLabels { cache })
            .set(bytes);
    }
    metrics.outbox.set(state.store.pending_messages().await?);
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &metrics.registry)
        .map_err(|error| ApiError::Internal(anyhow::anyhow!("metrics encoding: {error}")))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}
