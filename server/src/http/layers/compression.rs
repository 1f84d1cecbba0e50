//! Compression of answers, except the live streams, which go around it.
//!
//! tower-http's compressed body holds each encoder's state inline: every answer that passes
//! through `CompressionLayer` is a value of about 6 KiB (brotli's state, even when the answer
//! is sent as it is). For a request that lasts microseconds that is nothing; a live stream
//! keeps its body for hours, and 10,000 idle readers kept 57 MiB of encoder states that never
//! encode (heaptrack: 5,824 B per reader, a third of each one's memory). A stream is never
//! compressed anyway (tower-http leaves `text/event-stream` alone), so its requests skip the
//! layer and their body is boxed as it is.
//!
//! Every answer leaves boxed (`axum::body::Body`): the levels above move a pointer, not the
//! encoder states (perf: memmove was 11% of the counts call's time before).
//!
//! A request that accepts no coding (an API client, a proxy that compresses itself) goes
//! around the layer too: for it tower-http would only box an identity body inside its 6 KiB
//! value and scan the `Vary` header. It gets `Vary: accept-encoding` all the same, so a cache
//! does not hand its plain answer to a client that asked for compression.

use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderValue, Response, header};
use futures_util::FutureExt;
use futures_util::future::{Either, Map};
use tower::{Layer, Service};
use tower_http::compression::{Compression, CompressionBody, CompressionLayer};

/// The path of the live streams (`http/events.rs`).
const STREAMS: &str = "/api/v1/events";

/// Compresses answers with [`CompressionLayer`]'s defaults, except the live streams.
#[derive(Clone, Default)]
pub struct CompressAnswers;

impl<S> Layer<S> for CompressAnswers {
    type Service = CompressAnswersService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CompressAnswersService {
            compression: CompressionLayer::new().layer(inner),
        }
    }
}

/// One inner service, called through tower-http's compression or around it (a copy of each
/// would clone everything under this layer twice whenever the stack is cloned).
#[derive(Clone)]
pub struct CompressAnswersService<S> {
    compression: Compression<S>,
}

type Boxed<F, B, E> = Map<F, fn(Result<Response<B>, E>) -> Result<Response<Body>, E>>;

fn boxed<B, E>(answer: Result<Response<B>, E>) -> Result<Response<Body>, E>
where
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    answer.map(|response| response.map(Body::new))
}

/// An answer sent as it is, to a request that accepts no coding.
fn plain<B, E>(answer: Result<Response<B>, E>) -> Result<Response<Body>, E>
where
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    boxed(answer.map(|mut response| {
        let headers = response.headers_mut();
        if !headers.contains_key(header::CONTENT_ENCODING) && !varies_by_coding(headers) {
            headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        response
    }))
}

/// Whether `Vary` already names `Accept-Encoding` (or is `*`).
fn varies_by_coding(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::VARY)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&byte| byte == b','))
        .map(<[u8]>::trim_ascii)
        .any(|name| name == b"*" || name.eq_ignore_ascii_case(b"accept-encoding"))
}

impl<S, B> Service<Request> for CompressAnswersService<S>
where
    S: Service<Request, Response = Response<B>>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError> + Send,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Either<
        Boxed<<Compression<S> as Service<Request>>::Future, CompressionBody<B>, S::Error>,
        Boxed<S::Future, B, S::Error>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.compression.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.uri().path() == STREAMS {
            let inner = self.compression.get_mut();
            Either::Right(inner.call(request).map(boxed as fn(_) -> _))
        } else if !request.headers().contains_key(header::ACCEPT_ENCODING) {
            let inner = self.compression.get_mut();
            Either::Right(inner.call(request).map(plain as fn(_) -> _))
        } else {
            Either::Left(self.compression.call(request).map(boxed as fn(_) -> _))
        }
    }
}
