//! `webasyst-deal-poll`: the Webasyst CRM deal poll (deals moved or closed
//! since the cursor), invoked by an EventBridge schedule.
//!
//! The CRM's own notifications need a paid licence, so its deals are polled
//! (`synclane::jobs::webasyst_deals`). Runs the `webasyst-deal-poll` job of
//! `synclane::runtime::registry::jobs()` for every tenant it applies to,
//! stopping before the invocation's deadline; it refuses to start if the job
//! is not registered.

use synclane::runtime::lambda::{self, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda::init_tracing();
    lambda::run_scheduled_function("webasyst-deal-poll").await
}
