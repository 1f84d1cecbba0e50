//! The widget's files (`embed.js`, the JS glue `parlons-widget.js`, `parlons-widget_bg.wasm`), read from `widget_dir`, the demo
//! article at `/`, and `/healthz`.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use tower_http::services::ServeFile;
use tower_http::set_header::SetResponseHeaderLayer;

use super::AppState;
use crate::error::Result;
use crate::settings::Settings;

/// The files a host page loads. Their names are stable (`embed.js` is in site owners'
/// templates), so caches revalidate them after five minutes.
pub const WIDGET_FILES: [&str; 3] = ["embed.js", "parlons-widget.js", "parlons-widget_bg.wasm"];

const DEMO_PAGE: &str = include_str!("../../assets/demo.html");

pub(super) fn router(settings: &Settings) -> Router<AppState> {
    let mut files = Router::new();
    for name in WIDGET_FILES {
        files = files.route_service(
            &format!("/{name}"),
            ServeFile::new(settings.widget_dir.join(name)),
        );
    }
    // Host pages on any origin load these in CORS mode; `http::cors` allows that.
    let files = files.layer(SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    ));
    let router = files.route("/healthz", get(health));
    if settings.demo {
        router.route("/", get(|| async { Html(DEMO_PAGE) }))
    } else {
        router
    }
}

#[derive(serde::Serialize)]
struct Health {
    status: &'static str,
}

/// 200 when the database answers.
async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    state.store.ping().await?;
    Ok(Json(Health { status: "ok" }))
}
