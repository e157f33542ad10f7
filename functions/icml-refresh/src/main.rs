//! `icml-refresh`: queues an ICML export for every tenant whose catalogue is
//! older than its `icml.every_hours`, invoked by an hourly EventBridge
//! schedule. Its `QUEUE_URL` is the export queue, where the `icml-export`
//! function picks the requests up. Runs the `icml-refresh` job of
//! `synclane::jobs`.

use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    lambda::run_scheduled_function("icml-refresh").await
}
