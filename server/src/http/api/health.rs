//! `GET /healthz`: 200 when the database answers and live events reach this node's readers,
//! 503 when either fails (for load balancers and orchestrators; the cause goes to the log).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::http::AppState;

#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses(
        (status = 200, description = "`{\"status\":\"ok\",\"database\":\"ok\",\"live\":\"ok\"}`", body = Object),
        (status = 503, description = "The database does not answer (`database: unreachable`), or, on PostgreSQL, this node does not hear the others' changes (`live: reconnecting`)", body = Object),
    ))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = match state.store.ping().await {
        Ok(()) => "ok",
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            "unreachable"
        }
    };
    let live = if state.live.listening() {
        "ok"
    } else {
        "reconnecting"
    };
    let healthy = database == "ok" && live == "ok";
    let status = if healthy { "ok" } else { "unavailable" };
    let code = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        code,
        Json(json!({ "status": status, "database": database, "live": live })),
    )
}
