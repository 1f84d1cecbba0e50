//! The widget built into the binary: `scripts/build-widget` writes `dist/`, and a release
//! build carries what it finds there (a debug build reads `dist/` from the source tree at
//! request time instead). Files are served from memory as built, `.br` or `.gz` when the
//! browser accepts that encoding, with an ETag from their hash.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::{Embed, EmbeddedFile};

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
    let (file, encoding) = [("br", "br"), ("gzip", "gz")]
        .into_iter()
        .filter(|(encoding, _)| accepts(request, encoding))
        .find_map(|(encoding, extension)| {
            Built::get(&format!("{name}.{extension}")).map(|file| (file, Some(encoding)))
        })
        .unwrap_or((plain, None));
    let tag = etag(&file, encoding);
    let mut response = if request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|held| held.as_bytes() == tag.as_bytes())
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body = match file.data {
            std::borrow::Cow::Borrowed(bytes) => Bytes::from_static(bytes),
            std::borrow::Cow::Owned(bytes) => Bytes::from(bytes),
        };
        let mut response = Body::from(body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type(name));
        if let Some(encoding) = encoding {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(tag) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, tag);
    }
    response
}

/// A strong tag per file and encoding: the first 16 hex digits of the file's SHA-256.
fn etag(file: &EmbeddedFile, encoding: Option<&str>) -> String {
    let hash = hex::encode(&file.metadata.sha256_hash()[..8]);
    format!(
        "\"{hash}{}\"",
        encoding.map_or(String::new(), |e| format!("-{e}"))
    )
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

/// Whether `Accept-Encoding` names `encoding` with a weight above zero.
fn accepts(request: &HeaderMap, encoding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let named = parts
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case(encoding));
            let refused = parts.any(|parameter| {
                parameter
                    .strip_prefix("q=")
                    .and_then(|weight| weight.parse::<f32>().ok())
                    .is_some_and(|weight| weight <= 0.0)
            });
            named && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).expect("a value"),
        );
        headers
    }

    #[test]
    fn an_encoding_counts_as_accepted_unless_its_weight_is_zero() {
        assert!(accepts(&asking("gzip, deflate, br"), "br"));
        assert!(accepts(&asking("BR;q=0.5"), "br"));
        assert!(!accepts(&asking("gzip, br;q=0"), "br"));
        assert!(!accepts(&asking("gzip"), "br"));
        assert!(accepts(&asking("gzip"), "gzip"));
    }

    #[test]
    fn a_file_the_binary_lacks_is_not_found() {
        let response = serve("../Cargo.toml", &HeaderMap::new());

        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
