//! `hook-shopscript`: Shop-Script's "HTTP request" notifications
//! (`POST /hooks/{tenant}/shopscript`) on Lambda.
//!
//! It serves the same router as the local runtime (`synclane::hooks::router`);
//! API Gateway sends only Shop-Script's path here. The shop never retries a
//! notification: what this function misses, the `shopscript-order-poll`
//! function catches up.

use synclane::hooks::router;
use synclane::runtime::aws::AwsRuntime;
use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    // Built once per container, reused by every invocation.
    let aws = AwsRuntime::from_env().await?;
    lambda::serve_http(router(aws.hooks())).await
}
