//! The widget's files, read from `widget_dir` (`scripts/build-widget` writes them): the ones in
//! [`WIDGET_FILES`] and the language files under `/i18n/`; the demo article at `/`.
//!
//! Each file is sent as built: `.br` or `.gz` beside it when the browser accepts that
//! encoding. `embed.js` and `count.js` have stable names (they are in site owners' templates),
//! so caches keep them five minutes; `embed.js` loads the others with the build's version in
//! the URL (`?v=`), and while that version is the one in `widget_dir/version` they may be kept
//! for a year.

use std::path::Path;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, Response};
use axum::routing::get;
use tower_http::services::{ServeDir, ServeFile};

use crate::http::AppState;
use crate::settings::Settings;

/// The files a host page loads.
pub const WIDGET_FILES: [&str; 5] = [
    "embed.js",
    "count.js",
    "parlons-widget.js",
    "parlons-widget_bg.wasm",
    // The proof-of-work solver, loaded only on sites that ask for one.
    "pow.js",
];

const SHORT: HeaderValue = HeaderValue::from_static("public, max-age=300");
const FOR_A_YEAR: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

const DEMO_PAGE: &str = include_str!("../../../assets/demo.html");

pub(super) fn router(settings: &Settings) -> Router<AppState> {
    let mut files = Router::new();
    for name in WIDGET_FILES {
        files = files.route_service(
            &format!("/{name}"),
            ServeFile::new(settings.widget_dir.join(name))
                .precompressed_br()
                .precompressed_gzip(),
        );
    }
    // The words of each language (`i18n/fr.json`), fetched by embed.js beside the wasm.
    let files = files.nest_service(
        "/i18n",
        ServeDir::new(settings.widget_dir.join("i18n"))
            .precompressed_br()
            .precompressed_gzip(),
    );
    // Host pages on any origin load these in CORS mode; `http::cors` allows that.
    let files = files.layer(middleware::from_fn_with_state(
        settings.widget_dir.clone(),
        cache_policy,
    ));
    if settings.demo_enabled() {
        files.route(
            "/",
            get(|| async { (crate::http::layers::headers::own_page(), Html(DEMO_PAGE)) }),
        )
    } else {
        files
    }
}

/// A year for a URL that names the current build, five minutes for anything else (an old
/// loader's URL gets today's files, which must not be kept under that name).
async fn cache_policy(
    State(widget_dir): State<std::path::PathBuf>,
    request: Request,
    next: Next,
) -> Response {
    let asked = request
        .uri()
        .query()
        .and_then(|query| query.strip_prefix("v="))
        .map(str::to_owned);
    let mut response = next.run(request).await;
    let current = match asked {
        Some(asked)
            if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED =>
        {
            current_version(&widget_dir).await.as_deref() == Some(asked.as_str())
        }
        _ => false,
    };
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        if current { FOR_A_YEAR } else { SHORT },
    );
    response
}

async fn current_version(widget_dir: &Path) -> Option<String> {
    let text = tokio::fs::read_to_string(widget_dir.join("version"))
        .await
        .ok()?;
    Some(text.trim().to_owned())
}
