//! `/admin`'s refusals as pages for people. A form the browser sent (it accepts `text/html`)
//! that the server refuses gets, instead of the contract's JSON body, a page in the
//! moderator's language: what went wrong (the server's own sentence beside it, in English,
//! where the language has only a general one), the status kept, and the way back. API
//! clients, which do not ask for HTML, still get the JSON body.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::html;
use parlons_shared::{ErrorBody, ErrorCode};

use super::pages::layout;
use super::words::{Lang, Words};

/// Error bodies are a sentence or two; anything longer is not one of ours.
const MOST_BODY_BYTES: usize = 16 * 1024;

/// The middleware: `root` is the path the server is served under.
pub async fn as_page(root: String, Lang(w): Lang, request: Request, next: Next) -> Response {
    let wants_html = accepts_html(request.headers());
    let response = next.run(request).await;
    let failed = response.status().is_client_error() || response.status().is_server_error();
    let Some(code) = response.extensions().get::<ErrorCode>().copied() else {
        return response;
    };
    if !wants_html || !failed {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let message = to_bytes(body, MOST_BODY_BYTES)
        .await
        .ok()
        .and_then(|bytes| serde_json::from_slice::<ErrorBody>(&bytes).ok())
        .map(|body| body.error.message)
        .unwrap_or_default();
    let page = layout(
        &root,
        w,
        w.t("error_title"),
        html! {
            main class="narrow" {
                h1 { (w.t("error_title")) }
                @match said(w, code) {
                    Some(sentence) => {
                        p class="error" role="alert" { (sentence) }
                        @if !message.is_empty() { p lang="en" dir="ltr" { (message) } }
                    }
                    None => p class="error" role="alert" lang="en" dir="ltr" { (message) },
                }
                p { a href={ (root) "/admin" } { (w.t("back_to_admin")) } }
            }
        },
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    (parts, Body::from(page.into_string())).into_response()
}

/// The language's sentence for the code, when it has one (English uses the server's own).
fn said(w: &Words, code: ErrorCode) -> Option<&str> {
    if w.lang == "en" {
        return None;
    }
    w.own(&format!("error_{}", code.as_str()))
}

fn accepts_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}
