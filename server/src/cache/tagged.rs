//! An answer kept in memory: its body, its entity tag (taken from the body), and its
//! compressed forms, each made the first time a reader asks for it. `http::layers::conditional`
//! turns one into a response (`304` or the body in the best coding).

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::http::HeaderValue;
use sha2::{Digest, Sha256};

use super::encoding::{Coding, brotli, gzip};

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
    pub fn representation(&self, coding: Coding) -> (Bytes, HeaderValue) {
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

    /// The media type of the body.
    pub fn content_type(&self) -> &'static str {
        self.content_type
    }

    /// The tag's hex digits, which every coding's tag starts with.
    pub fn digest(&self) -> &str {
        &self.digest
    }
}

fn quoted(tag: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{tag}\"")).unwrap_or(HeaderValue::from_static("\"0\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_body_has_the_same_tag_and_another_body_another() {
        let one = Tagged::new(Bytes::from_static(b"{\"count\":1}"));
        let again = Tagged::new(Bytes::from_static(b"{\"count\":1}"));
        let two = Tagged::new(Bytes::from_static(b"{\"count\":2}"));

        assert_eq!(one.etag, again.etag);
        assert_ne!(one.etag, two.etag);
    }
}
