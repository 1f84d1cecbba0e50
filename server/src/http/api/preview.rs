//! `POST /api/v1/preview` `{"text"}`: the reader's Markdown rendered by the server, through the
//! same pulldown-cmark and ammonia as a posted comment, so what the preview shows is what will
//! be stored. Nothing is kept; reads' rate limit applies.

use axum::Json;
use parlons_shared::{EditComment, ErrorBody, Preview};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::input::parse_text;
use crate::domain::render::render;
use crate::error::Result;
use crate::http::AppState;
use crate::http::extract::ApiJson;
use crate::http::extract::ReadAllowed;

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
        (status = 429, description = "Too many requests from this address", body = ErrorBody),
    ))]
async fn preview(_: ReadAllowed, ApiJson(body): ApiJson<EditComment>) -> Result<Json<Preview>> {
    let text = parse_text(&body.text)?;
    Ok(Json(Preview {
        html: render(&text).into_string(),
    }))
}
