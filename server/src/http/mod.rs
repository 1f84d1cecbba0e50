//! The HTTP API (contract v1), the live stream, and the widget's files.

pub(crate) mod accept;
pub(crate) mod api;
pub(crate) mod auth;
pub(crate) mod extract;
pub(crate) mod layers;
pub mod metrics;
pub(crate) mod oidc;
pub(crate) mod pages;
pub(crate) mod reader_auth;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Bytes, HttpBody};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method, Response, StatusCode, header};
use axum::{BoxError, Router};
use parlons_shared::limits::MAX_BODY_BYTES;
use tower::{Service, ServiceBuilder};
use tower_http::LatencyUnit;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use pages::assets::{WIDGET_FILES, built_widget_version, widget_folder};

use self::api::docs;
use self::layers::{compression, finish, headers};
use crate::cache::Caches;
use crate::error::ApiError;
use crate::guard::Guards;
use crate::live::Live;
use crate::settings::Settings;
use crate::sites::Sites;
use crate::store::Store;
use crate::store::group_commit::CommentWriter;

/// What every handler can reach: one `Arc`, so the clone axum makes for every request (and
/// every middleware) is one counter, not one per part.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// What the application state holds: every service a handler may call on.
pub struct Services {
    pub store: Arc<dyn Store>,
    /// New comments go through it: one transaction for all those waiting (group commit).
    pub writer: CommentWriter,
    pub sites: Arc<Sites>,
    pub live: Arc<Live>,
    /// The answer caches, made stale by `live` on every change.
    pub caches: Arc<Caches>,
    /// Rate limits, blocks, duplicates, challenges, stream quotas, and each site's policy.
    pub guards: Guards,
    pub settings: Arc<Settings>,
    /// Where browsers reach this server: the origins of its own pages (`/admin`), and the
    /// path before every URL it makes.
    pub public: Arc<crate::settings::PublicUrl>,
    pub metrics: metrics::Metrics,
    /// Webhook calls (and other notifications) go through its outbox.
    pub notifier: Arc<crate::notify::Notifier>,
    /// Authors' identicons (and Gravatar, where a site opted in).
    pub faces: Arc<crate::domain::faces::Faces>,
    /// Sign-ins at sites' own OpenID providers.
    pub oidc: Arc<oidc::flow::Flows>,
}

/// The whole application: the routes, and around them what every request goes through.
///
/// The layers that need no route (request id, trace, CORS' `Vary`, compression, CORS,
/// `nosniff`, the body limit) wrap the router from outside, so a request passes each once, as plain generic
/// code. `Router::layer` would wrap every route in them, boxed, and clone the whole stack
/// into a new box for every request. Under the router, around each route: `finish`, which
/// labels its metrics with the route's template.
pub fn service(
    state: AppState,
) -> impl Service<
    Request,
    Response = Response<impl HttpBody<Data = Bytes, Error = impl Into<BoxError>> + Send + 'static>,
    Error = Infallible,
    Future = impl Send + 'static,
> + Clone
+ Send
+ 'static {
    let around = ServiceBuilder::new()
        .layer(SetRequestIdLayer::x_request_id(
            crate::telemetry::RequestIds::default(),
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .layer(SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static(CORS_VARY),
        ))
        // Answers leave it boxed, so the levels above move a pointer, not the encoders'
        // states; live streams go around it (http/compression.rs).
        .layer(compression::CompressAnswers)
        .layer(cors(&state.sites))
        .layer(headers::nosniff())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    around.service(router(state))
}

/// The routes, each with `finish` (the contract's body for a bare error, then metrics) and
/// the request timeout around it.
fn router(state: AppState) -> Router {
    let timeout = Duration::from_secs(state.settings.request_timeout_secs);
    let (api, mut document) = OpenApiRouter::with_openapi(docs::ApiDoc::openapi())
        .merge(api::router())
        .routes(routes!(metrics::scrape))
        .split_for_parts();
    if !state.settings.public_url.trim().is_empty() {
        // Without it, clients take the document's own address, which is right behind a proxy
        // too; with it, the address readers reach, sub-path included.
        document.servers = Some(vec![utoipa::openapi::Server::new(state.public.url(""))]);
    }

    Router::new()
        .merge(api)
        .merge(docs::router(&document))
        .merge(pages::router(&state.settings, &state.public))
        .merge(oidc::router())
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        // One `layer` call: each wraps every route in another boxed level.
        .layer(
            ServiceBuilder::new()
                .layer(finish::FinishLayer::new(state.clone()))
                // Under `finish`, so a timeout's 408 gets the contract's body. It bounds the
                // time to an answer's headers: a live stream's body goes on.
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    timeout,
                )),
        )
        .with_state(state)
}

/// The span every line logged while answering a request is in: its id, its method, and the
/// route's template, which `finish` records once the router has matched it. Never the path
/// itself: paths carry capability tokens (the links in emails) and the query readers' page
/// keys, and neither belongs in a log.
fn request_span(request: &Request) -> tracing::Span {
    if !tracing::enabled!(Level::INFO) {
        return tracing::Span::none();
    }
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|id| id.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id,
        method = %request.method(),
        route = tracing::field::Empty
    )
}

/// What a CORS answer varies with (tower-http's default list), set as one fixed value by a
/// layer above CORS (and above compression, which then has less `Vary` to read): tower-http's own `vary` joins its list into a new value on every request
/// (callgrind: 3% of the counts call's instructions).
const CORS_VARY: &str = "origin, access-control-request-method, access-control-request-headers";

/// CORS: the widget's files may be loaded from any origin; the API answers an origin when
/// some site lists it, and each write then checks the origin against its own site.
/// One layer outside the router, so preflights are answered before routing.
fn cors(sites: &Arc<Sites>) -> CorsLayer {
    let sites = Arc::clone(sites);
    CorsLayer::new()
        .allow_origin(AllowOrigin::async_predicate(
            move |origin: HeaderValue, request: &Parts| {
                let api = request.uri.path().starts_with("/api/");
                let sites = Arc::clone(&sites);
                async move {
                    match origin.to_str() {
                        Ok(origin) if api => sites.any_allows(origin).await,
                        _ => !api,
                    }
                }
            },
        ))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static(parlons_shared::EDIT_TOKEN_HEADER),
            HeaderName::from_static(parlons_shared::READER_TOKEN_HEADER),
        ])
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(3600))
        .vary([])
}
