//! `shopscript-order-poll`: the Shop-Script orders' catch-up poll (orders
//! changed since the cursor), invoked by an EventBridge schedule.
//!
//! The shop's notifications are never retried: this poll brings what a lost
//! one did not (`synclane::jobs::shopscript_orders`). Runs the
//! `shopscript-order-poll` job of `synclane::runtime::registry::jobs()` for
//! every tenant it applies to, stopping before the invocation's deadline; it
//! refuses to start if the job is not registered.

use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    lambda::run_scheduled_function("shopscript-order-poll").await
}
