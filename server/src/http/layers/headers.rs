//! Security headers. Every answer: `X-Content-Type-Options: nosniff` (a JSON or text answer
//! is never run as a script or style), set by a plain header layer. The pages the server
//! renders itself (the demo article at `/`, the API docs) answer with [`own_page`]'s headers:
//! a Content-Security-Policy that allows only this origin (and, for the widget,
//! WebAssembly), no framing, and no referrer beyond the origin; `/admin` and the email pages
//! set stricter ones of their own.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::Response;
use tower_http::set_header::SetResponseHeaderLayer;

/// The demo article embeds the widget as any site would: its script and WebAssembly, its
/// calls and live stream, and the styles it puts in its shadow root.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// A header map with room for what the layers add to an answer on its way out (request id,
/// CORS, `nosniff`, `Vary`): an empty one grows, rehashing, twice on the way (callgrind: 4%
/// of the counts call's instructions). Answer with it through [`answer`].
pub fn with_room() -> HeaderMap {
    HeaderMap::with_capacity(12)
}

/// An answer that keeps `headers` as its map (`IntoResponse` would copy them into a new,
/// empty one).
pub fn answer(status: StatusCode, headers: HeaderMap, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

/// `nosniff` on every answer.
pub fn nosniff() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    )
}

/// The headers of a page the server renders, to answer it with.
pub fn own_page() -> [(HeaderName, HeaderValue); 3] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}
