//! `GET /healthz`: 200 when the database answers, 503 when it does not (for load balancers
//! and orchestrators; the cause goes to the log).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::http::AppState;

#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses(
        (status = 200, description = "`{\"status\":\"ok\",\"database\":\"ok\"}`", body = Object),
        (status = 503, description = "The database does not answer", body = Object),
    ))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
