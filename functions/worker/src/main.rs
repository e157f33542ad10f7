//! `worker`: the SQS FIFO work queue's consumer on Lambda.
//!
//! Each message goes through `Worker::handle`, as in the local runtime;
//! retryable failures are reported in `batchItemFailures`, poison messages
//! are journalled and copied to the DLQ (see `synclane::runtime::aws::batch`).
//!
//! The same binary is the `icml-export` function: there `QUEUE_URL` is the
//! export queue and `ICML_BUCKET` names where catalogues are published.

use synclane::runtime::aws::AwsRuntime;
use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    // Clients are built once per container and reused by every invocation.
    let aws = AwsRuntime::from_env().await?;
    lambda::run_worker(aws.worker(), aws.queue).await
}
