//! `moysklad-webhooks`: re-registers every tenant's MoySklad webhooks,
//! invoked by an hourly EventBridge schedule.
//!
//! Saving settings registers them at once; this run repairs what a peer
//! outage at that moment, or MoySklad disabling a failing webhook, left
//! missing. Runs the `moysklad-webhooks` job of `synclane::jobs`.

use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    lambda::run_scheduled_function("moysklad-webhooks").await
}
