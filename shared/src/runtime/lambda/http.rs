//! HTTP functions (hooks, admin): the same axum `Router` the local runtime
//! serves, behind API Gateway HTTP API or a Function URL (payload format 2.0).

use super::Error;

/// Serves `router` until the runtime stops. Routes the router does not know
/// answer 404, exactly as on the local runtime.
pub async fn serve_http(router: axum::Router) -> Result<(), Error> {
    lambda_http::run(router).await
}
