//! The local process's HTTP server: the router behind hyper with read
//! deadlines, which `axum::serve` does not set. Without them a client that
//! sends its headers slowly, or declares a longer body than it sends, holds
//! a connection (and a body read) for as long as it likes.
//!
//! - headers must arrive within `HEADER_READ_TIMEOUT`, else the connection
//!   is closed (hyper answers nothing: no request was read);
//! - a body must arrive within `BODY_READ_TIMEOUT`, else 408 `body_timeout`;
//!   a body declared or sent above `MAX_BODY_BYTES` is 413 at once;
//! - on stop, no new connection is taken and those open get
//!   `SHUTDOWN_GRACE` to finish their request.
//!
//! On AWS the hooks sit behind API Gateway, which reads the request itself
//! and hands the function a complete body (an HTTP API times out at 30 s and
//! takes at most 10 MB; slow clients cost the function nothing).

use crate::hooks::{ApiError, MAX_BODY_BYTES};
use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::extract::connect_info::ConnectInfo;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::Layer;

/// How long a client has to send the request line and headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a client has to send the body once the headers are in.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open requests may run on after a stop.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `stop` resolves, then drains; returns
/// whether every open request finished within `SHUTDOWN_GRACE`.
pub async fn serve(listener: TcpListener, app: Router, stop: impl Future<Output = ()>) -> bool {
    let app = app
        .layer(axum::middleware::from_fn(read_body_within_deadline))
        .layer(axum::middleware::map_response(crate::hooks::json_errors));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: pause, go on.
                    tracing::warn!(message = "Could not accept a connection.", %error);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // The peer's address, for per-source limits (admin sign-ins).
        let service =
            TowerToHyperService::new(axum::Extension(ConnectInfo(peer)).layer(app.clone()));
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client gone or too slow ends its own connection only.
            if let Err(error) = connection.await {
                tracing::debug!(message = "Connection closed.", %error);
            }
        });
    }
    // Closed now: a new connection is refused (the sender retries later).
    drop(listener);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_ok();
    if !drained {
        tracing::warn!(message = "Requests still open after the shutdown grace; dropped.");
    }
    drained
}

/// Reads the whole body within `BODY_READ_TIMEOUT` before the handler runs,
/// so no handler waits on a slow client; answers in the API's JSON errors.
async fn read_body_within_deadline(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return ApiError::TooLarge.into_response();
    }
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(
        BODY_READ_TIMEOUT,
        axum::body::to_bytes(body, MAX_BODY_BYTES),
    )
    .await
    {
        Err(_) => ApiError::BodyTimeout.into_response(),
        Ok(Err(_)) => ApiError::TooLarge.into_response(),
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    }
}
