//! Validators for cached answers (JSON, feeds): an `ETag` taken from the body, and `304 Not Modified` when the
//! client already holds it.
//!
//! Thread and count answers are the same for every reader of a page (published comments only),
//! so browsers and CDNs may keep them; they revalidate each time and get an empty `304` while
//! nothing changed.

use std::sync::{Arc, OnceLock};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sha2::{Digest, Sha256};

use super::encoding::{Coding, MIN_COMPRESSED_BYTES, brotli, gzip};
use super::headers;

/// A JSON body and its entity tag, computed once (a cached thread page keeps both), and its
/// compressed forms, each made the first time a reader asks for it.
#[derive(Clone)]
pub struct Tagged {
    pub body: Bytes,
    content_type: &'static str,
    pub etag: HeaderValue,
    /// The tag's hex digits, which every coding's tag starts with.
    digest: Arc<str>,
    encoded: Arc<[OnceLock<(Bytes, HeaderValue)>; 2]>,
}

impl Tagged {
    pub fn new(body: Bytes) -> Self {
        Self::with_content_type(body, "application/json")
    }

    /// A body of another media type (an Atom feed).
    pub fn with_content_type(body: Bytes, content_type: &'static str) -> Self {
        let digest = hex::encode(&Sha256::digest(&body)[..12]);
        Self {
            content_type,
            etag: quoted(&digest),
            digest: digest.into(),
            body,
            encoded: Arc::new([OnceLock::new(), OnceLock::new()]),
        }
    }

    /// The body and tag in `coding`; each coded form has its own tag (`"<digest>-gzip"`).
    fn representation(&self, coding: Coding) -> (Bytes, HeaderValue) {
        let (slot, encode, suffix): (_, fn(&[u8]) -> Bytes, _) = match coding {
            Coding::Identity => return (self.body.clone(), self.etag.clone()),
            Coding::Gzip => (&self.encoded[0], gzip, "gzip"),
            Coding::Brotli => (&self.encoded[1], brotli, "br"),
        };
        slot.get_or_init(|| {
            let tag = quoted(&format!("{}-{suffix}", self.digest));
            (encode(&self.body), tag)
        })
        .clone()
    }

    /// The answer to a request with these headers: `304` when one of its `If-None-Match`
    /// tags is this body's (in any coding), else `200` with the body in the best coding the
    /// request accepts. `cache_control` says how long it may be kept without asking again.
    pub fn respond(&self, request: &HeaderMap, cache_control: &'static str) -> Response {
        let compressible = self.body.len() >= MIN_COMPRESSED_BYTES;
        let coding = if compressible {
            Coding::preferred(request)
        } else {
            Coding::Identity
        };
        let (body, etag) = self.representation(coding);
        let mut headers = headers::with_room();
        headers.insert(header::ETAG, etag);
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        if compressible {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if matches(request, &self.digest) {
            return headers::answer(StatusCode::NOT_MODIFIED, headers, Body::empty());
        }
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        if let Some(name) = coding.name() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        headers::answer(StatusCode::OK, headers, body.into())
    }
}

fn quoted(tag: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{tag}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

/// Whether `If-None-Match` names this body's tag in any coding (weak comparison, as RFC 9110
/// asks for GET).
fn matches(request: &HeaderMap, digest: &str) -> bool {
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

    #[test]
    fn a_large_body_is_sent_in_the_coding_asked_for_with_its_own_tag_and_vary() {
        let tagged = Tagged::new(Bytes::from("{\"html\":\"Très juste\"}".repeat(100)));
        let mut request = HeaderMap::new();
        request.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, br"),
        );

        let response = tagged.respond(&request, "no-cache");

        assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(response.headers()[header::VARY], "accept-encoding");
        let etag = response.headers()[header::ETAG].to_str().expect("ascii");
        assert!(etag.ends_with("-br\""), "{etag}");
        request.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(etag).expect("a tag"),
        );
        assert_eq!(
            tagged.respond(&request, "no-cache").status(),
            StatusCode::NOT_MODIFIED
        );
    }

    #[test]
    fn a_small_body_is_sent_as_it_is() {
        let tagged = Tagged::new(Bytes::from_static(b"{\"counts\":{}}"));
        let mut request = HeaderMap::new();
        request.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("br"));

        let response = tagged.respond(&request, "no-cache");

        assert!(response.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(response.headers()[header::ETAG], tagged.etag);
    }
}
