//! `hook-erp`: the ERP contact feed (`POST /hooks/{tenant}/erp`) on Lambda.
//!
//! It serves the same router as the local runtime (`synclane::hooks::router`);
//! API Gateway sends only the ERP feed's path here. A route the router does
//! not serve answers 404: a hook that is not implemented is never faked.

use synclane::hooks::router;
use synclane::runtime::aws::AwsRuntime;
use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    // Built once per container, reused by every invocation.
    let aws = AwsRuntime::from_env().await?;
    let app = router(aws.hooks());
    lambda::serve_http(app).await
}
