//! `stock-pull`: the MoySklad stock pull, invoked by an EventBridge schedule.
//!
//! Runs the `stock-pull` job of `synclane::jobs` for every tenant it applies
//! to, stopping before the invocation's deadline; it refuses to start if the
//! job is not registered.

use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    lambda::run_scheduled_function("stock-pull").await
}
