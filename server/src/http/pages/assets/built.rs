//! The widget built into the binary: `scripts/build-widget` writes `dist/`, and a release
//! build carries what it finds there (a debug build reads `dist/` from the source tree at
//! request time instead). Files are served from memory as built, `.br` or `.gz` when the
//! browser accepts that encoding, with an ETag from their hash.

use std::borrow::Cow;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

use crate::cache::encoding::Coding;
use crate::http::layers::conditional;

#[derive(Embed)]
#[folder = "../dist"]
#[exclude = "index.html"]
#[allow_missing = true]
struct Built;

/// Whether this binary carries a widget (one built before `scripts/build-widget` does not).
pub fn present() -> bool {
    Built::get("embed.js").is_some()
}

/// The widget's build version (`dist/version`), if the binary carries a widget.
pub fn version() -> Option<String> {
    let file = Built::get("version")?;
    Some(String::from_utf8_lossy(&file.data).trim().to_owned())
}

/// The built file `name` (`embed.js`, `i18n/fr.json`...), in the best encoding `request`
/// accepts; `304` when the browser holds it already.
pub fn serve(name: &str, request: &HeaderMap) -> Response {
    let Some(plain) = Built::get(name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // Brotli, else gzip, if asked for and built; as it is otherwise.
    let coded = Coding::preferred(request).name().and_then(|coding| {
        let extension = if coding == "br" { "br" } else { "gz" };
        Built::get(&format!("{name}.{extension}")).map(|file| (file, coding))
    });
    let (file, coding) = match coded {
        Some((file, coding)) => (file, Some(coding)),
        None => (plain, None),
    };
    // A strong tag per file and coding: the first 16 hex digits of the file's SHA-256.
    let digest = hex::encode(&file.metadata.sha256_hash()[..8]);
    let mut response = if conditional::matches(request, &digest) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body = match file.data {
            Cow::Borrowed(bytes) => Bytes::from_static(bytes),
            Cow::Owned(bytes) => Bytes::from(bytes),
        };
        let mut response = Body::from(body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, content_type(name));
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let tag = format!(
        "\"{digest}{}\"",
        coding.map_or(String::new(), |c| format!("-{c}"))
    );
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, tag);
    }
    response
}

fn content_type(name: &str) -> HeaderValue {
    HeaderValue::from_static(
        match name.rsplit_once('.').map(|(_, extension)| extension) {
            Some("js") => "text/javascript",
            Some("wasm") => "application/wasm",
            Some("json") => "application/json",
            _ => "application/octet-stream",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_the_binary_lacks_is_not_found() {
        let response = serve("../Cargo.toml", &HeaderMap::new());

        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
