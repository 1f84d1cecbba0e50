//! What every answer goes through last: the contract's body for an error answered without
//! one (a timeout, a layer's refusal), then the request's metrics.
//!
//! A tower layer rather than `middleware::from_fn`: `from_fn` clones the service under it and
//! boxes that service and the request's future, four allocations on every request; this one
//! calls the service under it and wraps its future in place.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

use crate::error::ApiError;
use crate::http::AppState;
use crate::http::metrics::Tracking;

#[derive(Clone)]
pub struct FinishLayer {
    state: AppState,
}

impl FinishLayer {
    pub fn new(state: AppState) -> Self {
        Self { state }
    }
}

impl<S> Layer<S> for FinishLayer {
    type Service = Finish<S>;

    fn layer(&self, inner: S) -> Finish<S> {
        Finish {
            inner,
            state: self.state.clone(),
        }
    }
}

#[derive(Clone)]
pub struct Finish<S> {
    inner: S,
    state: AppState,
}

impl<S> Service<Request> for Finish<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Finishing<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let tracking = Tracking::start(&request);
        tracing::Span::current().record("route", tracking.route());
        Finishing {
            answer: self.inner.call(request),
            tracking: Some(tracking),
            state: self.state.clone(),
        }
    }
}

pin_project_lite::pin_project! {
    pub struct Finishing<F> {
        #[pin]
        answer: F,
        tracking: Option<Tracking>,
        state: AppState,
    }
}

impl<F> Future for Finishing<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Ok(response) = ready!(this.answer.poll(cx));
        let response = with_error_body(response);
        if let Some(tracking) = this.tracking.take() {
            tracking.finish(&this.state.metrics, &response);
        }
        Poll::Ready(Ok(response))
    }
}

/// Gives an error answered without a body the contract's body, keeping its headers.
fn with_error_body(response: Response) -> Response {
    let status = response.status();
    let has_body = response.headers().contains_key(header::CONTENT_TYPE);
    if (status.is_client_error() || status.is_server_error()) && !has_body {
        let mut replaced = ApiError::from_status(status).into_response();
        *replaced.status_mut() = status;
        for (name, value) in response.headers() {
            if name != header::CONTENT_LENGTH {
                replaced.headers_mut().entry(name).or_insert(value.clone());
            }
        }
        return replaced;
    }
    response
}
