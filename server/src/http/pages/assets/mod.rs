//! The widget's files: the ones in [`WIDGET_FILES`] and the language files under `/i18n/`;
//! the demo article at `/`. They come from the binary ([`built`]), or from `widget_dir` when
//! that is set (`scripts/build-widget` writes them there; a server working on the widget
//! sets it, and so does a binary built before the widget).
//!
//! Each file is sent as built: `.br` or `.gz` beside it when the browser accepts that
//! encoding. `embed.js` and `count.js` have stable names (they are in site owners' templates),
//! so caches keep them five minutes; `embed.js` loads the others with the build's version in
//! the URL (`?v=`), and while that version is the current build's they may be kept for a
//! year.

mod built;

use std::path::PathBuf;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::services::{ServeDir, ServeFile};

use crate::http::AppState;
use crate::settings::{PublicUrl, Settings};

/// The files a host page loads.
pub const WIDGET_FILES: [&str; 7] = [
    "embed.js",
    "count.js",
    // What embed.js loads with the wasm: the words, the scheme, the challenges.
    "mount.js",
    "parlons-widget.js",
    "parlons-widget_bg.wasm",
    // The proof-of-work solver, loaded only on sites that ask for one.
    "pow.js",
    // Readers' accounts, loaded only when a reader signs in or opens their account.
    "account.js",
];

const SHORT: HeaderValue = HeaderValue::from_static("public, max-age=300");
const FOR_A_YEAR: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");

const DEMO_PAGE: &str = include_str!("../../../../assets/demo.html");

/// Where the widget's files come from.
#[derive(Clone)]
enum Source {
    Folder(PathBuf),
    Binary,
}

impl Source {
    fn of(settings: &Settings) -> Self {
        match &settings.widget_dir {
            Some(folder) => Self::Folder(folder.clone()),
            None if built::present() => Self::Binary,
            None => Self::Folder(PathBuf::from("dist")),
        }
    }

    /// The current build's version.
    async fn version(&self) -> Option<String> {
        match self {
            Self::Folder(folder) => {
                let text = tokio::fs::read_to_string(folder.join("version"))
                    .await
                    .ok()?;
                Some(text.trim().to_owned())
            }
            Self::Binary => built::version(),
        }
    }
}

/// Where the widget's files are read from, for the start-up check: `None` when they are
/// in the binary.
pub fn widget_folder(settings: &Settings) -> Option<PathBuf> {
    match Source::of(settings) {
        Source::Folder(folder) => Some(folder),
        Source::Binary => None,
    }
}

/// The build version of the widget this binary carries, if any.
pub fn built_widget_version() -> Option<String> {
    built::version()
}

pub(super) fn router(settings: &Settings, public: &PublicUrl) -> Router<AppState> {
    let source = Source::of(settings);
    let files = match &source {
        Source::Folder(folder) => from_folder(folder),
        Source::Binary => from_binary(),
    };
    // Host pages on any origin load these in CORS mode; `http::cors` allows that.
    let files = files.layer(middleware::from_fn_with_state(source, cache_policy));
    if settings.demo_enabled() {
        // The article loads the widget from wherever this server is (under a sub-path too).
        let page = DEMO_PAGE
            .replace(
                r#"src="/embed.js""#,
                &format!(r#"src="{}""#, public.path("/embed.js")),
            )
            .replace(
                r#"rel="canonical" href="/""#,
                &format!(r#"rel="canonical" href="{}""#, public.path("/")),
            );
        files.route(
            "/",
            get(move || async move {
                (crate::http::layers::headers::own_page(), Html(page.clone()))
            }),
        )
    } else {
        files
    }
}

fn from_folder(folder: &std::path::Path) -> Router<AppState> {
    let mut files = Router::new();
    for name in WIDGET_FILES {
        files = files.route_service(
            &format!("/{name}"),
            ServeFile::new(folder.join(name))
                .precompressed_br()
                .precompressed_gzip(),
        );
    }
    // The words of each language (`i18n/fr.json`), fetched by embed.js beside the wasm.
    files.nest_service(
        "/i18n",
        ServeDir::new(folder.join("i18n"))
            .precompressed_br()
            .precompressed_gzip(),
    )
}

fn from_binary() -> Router<AppState> {
    let mut files = Router::new();
    for name in WIDGET_FILES {
        files = files.route(
            &format!("/{name}"),
            get(move |headers: HeaderMap| async move { built::serve(name, &headers) }),
        );
    }
    files.route(
        "/i18n/{file}",
        get(|Path(file): Path<String>, headers: HeaderMap| async move {
            // A language file's name, nothing that names another folder.
            if file.contains(['/', '\\']) || file.starts_with('.') {
                return StatusCode::NOT_FOUND.into_response();
            }
            built::serve(&format!("i18n/{file}"), &headers)
        }),
    )
}

/// A year for a URL that names the current build, five minutes for anything else (an old
/// loader's URL gets today's files, which must not be kept under that name).
async fn cache_policy(State(source): State<Source>, request: Request, next: Next) -> Response {
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
            source.version().await.as_deref() == Some(asked.as_str())
        }
        _ => false,
    };
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        if current { FOR_A_YEAR } else { SHORT },
    );
    response
}
