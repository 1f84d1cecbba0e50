//! Content codings for answers kept in memory (threads, counts by GET).
//!
//! Every browser asks for compressed answers. Compressing a cached 100-comment thread on each
//! request (as a compression middleware does) costs more than everything else the request
//! does; a cached answer is compressed once per coding, the first time it is asked for, and
//! sent as is after that. The compression layer leaves answers that carry a
//! `Content-Encoding` alone.

use std::io::Write;

use axum::body::Bytes;
use axum::http::{HeaderMap, header};

/// Smaller answers are sent as they are: compressing them saves less than it costs.
pub const MIN_COMPRESSED_BYTES: usize = 1024;
/// Brotli's quality for answers made while a reader waits: close to 11's size, far faster.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;

/// How an answer's bytes are coded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The best coding `Accept-Encoding` allows: brotli, then gzip, else none.
    pub fn preferred(request: &HeaderMap) -> Self {
        if accepts(request, "br") {
            Self::Brotli
        } else if accepts(request, "gzip") {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// The `Content-Encoding` value, and the suffix its entity tag gets.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }
}

/// Whether `Accept-Encoding` lists `coding` (or `*`) without `q=0`.
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            (name.eq_ignore_ascii_case(coding) || name == "*")
                && parts.all(|param| !is_q_zero(param))
        })
}

fn is_q_zero(param: &str) -> bool {
    param
        .trim()
        .strip_prefix("q=")
        .and_then(|q| q.parse::<f32>().ok())
        .is_some_and(|q| q <= 0.0)
}

/// `body` gzipped (default level).
pub fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    Bytes::from(encoder.finish().unwrap_or_default())
}

/// `body` in brotli, at a quality made for answering while a reader waits.
pub fn brotli(body: &[u8]) -> Bytes {
    let mut encoder =
        brotli::CompressorWriter::new(Vec::new(), 4096, BROTLI_QUALITY, BROTLI_WINDOW);
    let _ = encoder.write_all(body);
    Bytes::from(encoder.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use axum::http::HeaderValue;

    use super::*;

    fn accepting(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn brotli_is_preferred_then_gzip_then_nothing() {
        assert_eq!(
            Coding::preferred(&accepting("gzip, deflate, br, zstd")),
            Coding::Brotli
        );
        assert_eq!(Coding::preferred(&accepting("gzip")), Coding::Gzip);
        assert_eq!(Coding::preferred(&accepting("BR;q=0.5")), Coding::Brotli);
        assert_eq!(Coding::preferred(&accepting("br;q=0, gzip")), Coding::Gzip);
        assert_eq!(Coding::preferred(&accepting("identity")), Coding::Identity);
        assert_eq!(Coding::preferred(&HeaderMap::new()), Coding::Identity);
    }

    #[test]
    fn each_coding_gives_back_the_same_bytes() {
        let body = "{\"comments\":[\"Très juste\"]}".repeat(100);

        let mut from_gzip = String::new();
        flate2::read::GzDecoder::new(&gzip(body.as_bytes())[..])
            .read_to_string(&mut from_gzip)
            .expect("gzip");
        let mut from_brotli = String::new();
        brotli::Decompressor::new(&brotli(body.as_bytes())[..], 4096)
            .read_to_string(&mut from_brotli)
            .expect("brotli");

        assert_eq!(from_gzip, body);
        assert_eq!(from_brotli, body);
    }
}
