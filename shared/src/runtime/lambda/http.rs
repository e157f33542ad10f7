//! HTTP functions (hooks, admin): the same axum `Router` the local runtime
//! serves, behind API Gateway HTTP API or a Function URL (payload format 2.0).

use super::Error;
use axum::extract::Request;
use axum::extract::connect_info::ConnectInfo;
use axum::middleware::Next;
use axum::response::Response;
use lambda_http::request::RequestContext;
use std::net::{IpAddr, SocketAddr};

/// Serves `router` until the runtime stops. Routes the router does not know
/// answer 404, exactly as on the local runtime.
pub async fn serve_http(router: axum::Router) -> Result<(), Error> {
    lambda_http::run(router.layer(axum::middleware::from_fn(source_address))).await
}

/// Puts the client's address API Gateway saw where the local server puts
/// its peer's (`ConnectInfo`), so per-source limits work the same on both.
async fn source_address(mut request: Request, next: Next) -> Response {
    let source = match request.extensions().get::<RequestContext>() {
        Some(RequestContext::ApiGatewayV2(context)) => context.http.source_ip.as_deref(),
        _ => None,
    }
    .and_then(|ip| ip.parse::<IpAddr>().ok());
    if let Some(ip) = source {
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(ip, 0)));
    }
    next.run(request).await
}
