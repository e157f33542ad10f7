//! `crm-history-poll`: the CRM history poll (orders, customers, corporate customers), invoked by an EventBridge schedule.
//!
//! Runs the `crm-history-poll` job of `synclane::jobs` for every tenant it applies
//! to, stopping before the invocation's deadline; it refuses to start if the
//! job is not registered.

use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    lambda::run_scheduled_function("crm-history-poll").await
}
