//! The API's description, generated from the code: each route is declared with its
//! documentation (`utoipa-axum`'s `routes!`), so a route cannot be served undocumented.
//! - `GET /api/v1/openapi.json`: the OpenAPI 3.1 document;
//! - `GET /api/v1/docs`: the same as a page people read (server-rendered, no script, no
//!   third-party request).

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use maud::{DOCTYPE, Markup, html};
use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{RefOr, Response};

use crate::http::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Parlons",
        description = "The HTTP API of Parlons, a self-hosted comment server. Every failure \
                       answers `{\"error\":{\"code\",\"message\",\"field\"}}`; clients match \
                       on `code`.",
        license(name = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "threads", description = "Reading a page's comments"),
        (name = "comments", description = "Posting, and authors editing and erasing"),
        (name = "counts", description = "Comment counts for listing pages"),
        (name = "live", description = "Live events"),
        (name = "feeds", description = "Atom feeds of the latest comments"),
        (name = "readers", description = "Readers who sign in (`X-Reader-Token`): their comments, their data"),
        (name = "moderation", description = "For moderators (API token or /admin session)"),
        (name = "operations", description = "Health and metrics"),
    ),
    modifiers(&BearerToken),
)]
pub struct ApiDoc;

/// Moderators' API tokens (`parlons moderator token <name>`).
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The routes serving `document`, made once at start.
pub fn router(document: &utoipa::openapi::OpenApi) -> Router<AppState> {
    let json = Bytes::from(document.to_pretty_json().unwrap_or_else(|error| {
        tracing::error!(%error, "the OpenAPI document does not serialize");
        String::from("{}")
    }));
    let page = Html(page(document).into_string());
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(move || async move {
                ([(header::CONTENT_TYPE, "application/json")], json).into_response()
            }),
        )
        .route(
            "/api/v1/docs",
            get(move || async move { (crate::http::layers::headers::own_page(), page.clone()) }),
        )
}

const METHODS: [&str; 5] = ["get", "post", "patch", "delete", "put"];

fn operations(item: &PathItem) -> Vec<(&'static str, &Operation)> {
    METHODS
        .into_iter()
        .zip([&item.get, &item.post, &item.patch, &item.delete, &item.put])
        .filter_map(|(method, operation)| operation.as_ref().map(|op| (method, op)))
        .collect()
}

/// How the document spells a value (`query`, `true`).
fn label(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

fn page(document: &utoipa::openapi::OpenApi) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Parlons API" }
                link rel="icon" href="data:,";
                style { "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
                        "code{background:#f3f3f3;padding:0 .2em}section{border-top:1px solid #ddd;margin-top:1.5rem}"
                        "th,td{text-align:left;vertical-align:top;padding:.2rem .6rem .2rem 0}" }
            }
            body {
                h1 { "Parlons API" }
                @if let Some(description) = &document.info.description { p { (description) } }
                p { "Machine-readable: " a href="openapi.json" { code { "/api/v1/openapi.json" } } " (OpenAPI 3.1)." }
                @for (path, item) in &document.paths.paths {
                    @for (method, operation) in operations(item) {
                        (operation_section(method, path, operation))
                    }
                }
            }
        }
    }
}

fn operation_section(method: &str, path: &str, operation: &Operation) -> Markup {
    let anchor = format!("{method}-{}", path.replace(['/', '{', '}'], "-"));
    html! {
        section id=(anchor) {
            h2 { code { (method.to_uppercase()) " " (path) } }
            @if let Some(summary) = &operation.summary { p { (summary) } }
            @if let Some(description) = &operation.description { p { (description) } }
            @if let Some(parameters) = &operation.parameters {
                table {
                    tr { th { "parameter" } th { "in" } th { "required" } th { "meaning" } }
                    @for parameter in parameters {
                        tr {
                            td { code { (parameter.name) } }
                            td { (label(&parameter.parameter_in)) }
                            td { (label(&parameter.required)) }
                            td { (parameter.description.as_deref().unwrap_or("")) }
                        }
                    }
                }
            }
            table {
                tr { th { "status" } th { "answer" } }
                @for (status, response) in &operation.responses.responses {
                    tr {
                        td { (status) }
                        td { (match response { RefOr::T(Response { description, .. }) => description.as_str(), RefOr::Ref(_) => "" }) }
                    }
                }
            }
        }
    }
}
