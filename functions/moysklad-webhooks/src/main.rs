//! `moysklad-webhooks`: re-registers every tenant's MoySklad webhooks,
//! invoked by an hourly EventBridge schedule.
//!
//! Saving settings registers them at once; this run repairs what a peer
//! outage at that moment, or MoySklad disabling a failing webhook, left
//! missing. Runs the `moysklad-webhooks` job of `synclane::jobs`.

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
    lambda::run_schedule("moysklad-webhooks", ctx).await
}
