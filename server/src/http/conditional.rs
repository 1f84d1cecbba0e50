//! Validators for JSON answers: an `ETag` taken from the body, and `304 Not Modified` when the
//! client already holds it.
//!
//! Thread and count answers are the same for every reader of a page (published comments only),
//! so browsers and CDNs may keep them; they revalidate each time and get an empty `304` while
//! nothing changed.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// A JSON body and its entity tag, computed once (a cached thread page keeps both).
#[derive(Clone)]
pub struct Tagged {
    pub body: Bytes,
    pub etag: HeaderValue,
}

impl Tagged {
    pub fn new(body: Bytes) -> Self {
        let digest = Sha256::digest(&body);
        let etag = format!("\"{}\"", hex::encode(&digest[..12]));
        Self {
            body,
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
        }
    }

    /// The answer to a request with these headers: `304` when one of its `If-None-Match`
    /// tags is this one, else `200` with the body. `cache_control` says how long it may be
    /// kept without asking again.
    pub fn respond(&self, request: &HeaderMap, cache_control: &'static str) -> Response {
        let headers = [
            (header::ETAG, self.etag.clone()),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            ),
        ];
        if matches(request, &self.etag) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        (
            headers,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.body.clone(),
        )
            .into_response()
    }
}

/// Whether `If-None-Match` names this tag (weak comparison, as RFC 9110 asks for GET).
fn matches(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.as_bytes();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(tag: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(tag).expect("a header value"),
        );
        headers
    }

    #[test]
    fn the_same_body_has_the_same_tag_and_another_body_another() {
        let one = Tagged::new(Bytes::from_static(b"{\"count\":1}"));
        let again = Tagged::new(Bytes::from_static(b"{\"count\":1}"));
        let two = Tagged::new(Bytes::from_static(b"{\"count\":2}"));

        assert_eq!(one.etag, again.etag);
        assert_ne!(one.etag, two.etag);
    }

    #[test]
    fn a_known_tag_gets_304_and_an_old_one_the_body() {
        let tagged = Tagged::new(Bytes::from_static(b"{}"));
        let ours = tagged.etag.to_str().expect("ascii").to_owned();

        let known = tagged.respond(&asking(&format!("\"old\", W/{ours}")), "no-cache");
        let old = tagged.respond(&asking("\"old\""), "no-cache");

        assert_eq!(known.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(old.status(), StatusCode::OK);
        assert_eq!(known.headers()[header::ETAG], tagged.etag);
    }
}
