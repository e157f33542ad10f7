//! Glue between the Lambda runtime and the library (cargo feature `lambda`,
//! so the local binary does not build the Lambda crates). Each function's
//! `main` is: `init_tracing`, build `AwsRuntime`, call one `run_*` here.

mod http;
mod schedule;
mod sqs;

pub use http::serve_http;
pub use lambda_runtime::Error;
pub use schedule::{run_schedule, run_scheduled_function};
pub use sqs::{handle_sqs_event, run_worker};

use tracing_subscriber::EnvFilter;

/// JSON logs, one object per line, as the functions' `LoggingConfig` expects.
///
/// The level comes from `RUST_LOG` if set, else from the function's
/// `ApplicationLogLevel` (Lambda passes it as `AWS_LAMBDA_LOG_LEVEL`).
pub fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        let level = std::env::var("AWS_LAMBDA_LOG_LEVEL").unwrap_or_default();
        let level = match level.to_ascii_lowercase().as_str() {
            "trace" => "trace",
            "debug" => "debug",
            "warn" => "warn",
            "error" | "fatal" => "error",
            _ => "info",
        };
        EnvFilter::new(level)
    });
    tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter)
        .init();
}
