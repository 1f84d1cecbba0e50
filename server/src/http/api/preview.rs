//! `POST /api/v1/preview` `{"text"}`: the reader's Markdown rendered by the server, through the
//! same pulldown-cmark and ammonia as a posted comment, so what the preview shows is what will
//! be stored. Nothing is kept. Previews have a rate limit of their own (30 a minute per address,
//! 10 at once) and render under the same bound as posts (`guard::Turns`).

use axum::Json;
use axum::extract::State;
use parlons_shared::{EditComment, ErrorBody, Preview};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_text;
use crate::error::Result;
use crate::http::AppState;
use crate::http::extract::{ApiJson, ClientIp};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(preview))
}

/// The HTML a comment with this text would show.
#[utoipa::path(post, path = "/api/v1/preview", tag = "comments", request_body = EditComment,
    responses(
        (status = 200, description = "The sanitized HTML", body = Preview),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "A body over 64 KiB", body = ErrorBody),
        (status = 415, description = "Not `application/json`", body = ErrorBody),
        (status = 422, description = "The text is empty or too long (`field` = `text`)", body = ErrorBody),
        (status = 429, description = "Too many previews from this address (30 a minute), or too many renderings waiting on the server", body = ErrorBody),
    ))]
async fn preview(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<EditComment>,
) -> Result<Json<Preview>> {
    let text = parse_text(&body.text)?;
    state.guards.limits.check_preview(ip)?;
    let html = state.guards.render(&text).await?;
    Ok(Json(Preview {
        html: html.into_string(),
    }))
}
