//! The accept loop: each connection served by hyper's HTTP/1.1 server, with the limits
//! `axum::serve` does not expose.
//!
//! - A client must send a request's headers within `header_read_timeout_secs` (slowloris),
//!   and an idle keep-alive connection is closed after the same time.
//! - HTTP/1.1 only: proxies speak it to their upstreams, and browsers' HTTP/2 ends at the
//!   proxy. A connection served by one protocol is smaller than one that could be either
//!   (about 1 KiB each, which counts with 10,000 live readers).
//! - On shutdown: stop accepting, let each connection finish its response (live streams end
//!   when the caller's `shutdown` closes them), then return.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::BoxError;
use axum::body::{Bytes, HttpBody};
use axum::extract::Request;
use axum::http::Response;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::{Service, ServiceExt};

/// Accepts connections on `listener` and serves `app` on each, until `shutdown` resolves and every connection is done.
pub async fn run<S, B>(
    listener: TcpListener,
    app: S,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    S: Service<Request, Response = Response<B>, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let app = Arc::new(app);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, say: wait instead of spinning.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // Each connection holds the application through one shared pointer and clones it
        // for each request, as tower's services expect: a copy per connection would keep
        // the whole layer stack (about 1 KiB) for as long as a live stream stays open.
        let app = Arc::clone(&app);
        let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            // Boxed: hyper keeps a slot the size of the request's future for as long as the
            // connection lives, and a live stream's connection lives for hours; boxed, the
            // slot is a pointer and the future's memory goes when its response has begun.
            Box::pin(S::clone(&app).oneshot(request))
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                // No address: none reaches the log.
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
