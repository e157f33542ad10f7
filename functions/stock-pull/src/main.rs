//! `stock-pull`: the MoySklad stock pull, invoked by an EventBridge schedule.
//!
//! Runs the `stock-pull` job of `synclane::jobs` for every tenant it applies
//! to, stopping before the invocation's deadline; it refuses to start if the
//! job is not registered.

use synclane::jobs::JobContext;
use synclane::runtime::aws::AwsRuntime;
use synclane::runtime::lambda::{self, Error};
use synclane::runtime::local::peer_http_client;

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    let aws = AwsRuntime::from_env().await?;
    let ctx = JobContext {
        store: aws.store.clone(),
        queue: aws.queue_port(),
        http: peer_http_client(),
        // Replaced per invocation by the Lambda deadline.
        deadline: tokio::time::Instant::now(),
    };
    lambda::run_schedule("stock-pull", ctx).await
}
