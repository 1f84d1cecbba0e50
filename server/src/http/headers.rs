//! Security headers. Every answer: `X-Content-Type-Options: nosniff` (a JSON or text answer
//! is never run as a script or style). The pages the server renders itself (the demo article
//! at `/`, the API docs) also get a Content-Security-Policy that allows only this origin
//! (and, for the widget, WebAssembly), no framing, and no referrer beyond the origin;
//! `/admin` and the email pages set stricter ones of their own.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The demo article embeds the widget as any site would: its script and WebAssembly, its
/// calls and live stream, and the styles it puts in its shadow root.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

pub async fn security_headers(request: Request, next: Next) -> Response {
    let own_page = matches!(request.uri().path(), "/" | "/api/v1/docs");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if own_page {
        headers
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(HeaderValue::from_static(PAGE_CSP));
        headers
            .entry(header::REFERRER_POLICY)
            .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
        headers
            .entry(header::X_FRAME_OPTIONS)
            .or_insert(HeaderValue::from_static("DENY"));
    }
    response
}
