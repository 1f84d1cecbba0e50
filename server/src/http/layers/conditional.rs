//! Validators for cached answers (JSON, feeds): an `ETag` taken from the body, and `304 Not Modified` when the
//! client already holds it.
//!
//! Thread and count answers are the same for every reader of a page (published comments only),
//! so browsers and CDNs may keep them; they revalidate each time and get an empty `304` while
//! nothing changed.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use crate::cache::Tagged;
use crate::cache::encoding::{Coding, MIN_COMPRESSED_BYTES};
use crate::http::layers::headers;

/// The answer to a request with these headers: `304` when one of its `If-None-Match`
/// tags is this body's (in any coding), else `200` with the body in the best coding the
/// request accepts. `cache_control` says how long it may be kept without asking again.
pub fn respond(tagged: &Tagged, request: &HeaderMap, cache_control: &'static str) -> Response {
    let compressible = tagged.body.len() >= MIN_COMPRESSED_BYTES;
    let coding = if compressible {
        Coding::preferred(request)
    } else {
        Coding::Identity
    };
    let (body, etag) = tagged.representation(coding);
    let mut headers = headers::with_room();
    headers.insert(header::ETAG, etag);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if compressible {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if matches(request, tagged.digest()) {
        return headers::answer(StatusCode::NOT_MODIFIED, headers, Body::empty());
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(tagged.content_type()),
    );
    if let Some(name) = coding.name() {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    headers::answer(StatusCode::OK, headers, body.into())
}

/// Whether `If-None-Match` names this body's tag in any coding (weak comparison, as RFC 9110
/// asks for GET).
pub fn matches(request: &HeaderMap, digest: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/").trim_matches('"'))
        .any(|tag| {
            tag == "*"
                || tag
                    .strip_prefix(digest)
                    .is_some_and(|rest| matches!(rest, "" | "-gzip" | "-br"))
        })
}

#[cfg(test)]
mod tests {
    use axum::body::Bytes;

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
    fn a_known_tag_gets_304_and_an_old_one_the_body() {
        let tagged = Tagged::new(Bytes::from_static(b"{}"));
        let ours = tagged.etag.to_str().expect("ascii").to_owned();

        let known = respond(&tagged, &asking(&format!("\"old\", W/{ours}")), "no-cache");
        let old = respond(&tagged, &asking("\"old\""), "no-cache");

        assert_eq!(known.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(old.status(), StatusCode::OK);
        assert_eq!(known.headers()[header::ETAG], tagged.etag);
    }

    #[test]
    fn a_large_body_is_sent_in_the_coding_asked_for_with_its_own_tag_and_vary() {
        let tagged = Tagged::new(Bytes::from("{\"html\":\"Très juste\"}".repeat(100)));
        let mut request = HeaderMap::new();
        request.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );

        let response = respond(&tagged, &request, "no-cache");

        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        let etag = response.headers()[header::ETAG].to_str().expect("ascii");
        assert!(etag.ends_with("-br\""), "{etag}");
        request.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(etag).expect("a tag"),
        );
        assert_eq!(
            respond(&tagged, &request, "no-cache").status(),
            StatusCode::NOT_MODIFIED
        );
    }

    #[test]
    fn a_small_body_is_sent_as_it_is() {
        let tagged = Tagged::new(Bytes::from_static(b"{\"counts\":{}}"));
        let mut request = HeaderMap::new();
        request.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br"));

        let response = respond(&tagged, &request, "no-cache");

        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(response.headers()[header::ETAG], tagged.etag);
    }
}
