//! Scheduled functions (`crm-history-poll`, `stock-pull`, `price-pull`,
//! `moysklad-webhooks`): an EventBridge schedule invokes one; it runs its job
//! for every tenant before the invocation's deadline.

use super::Error;
use crate::flows::schedule::{JobContext, run_for_all_tenants};
use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::{Value, json};
use std::time::Duration;

/// Time kept back from the Lambda deadline to finish and answer.
const MARGIN: Duration = Duration::from_secs(3);

/// The whole `main` of a scheduled function: the AWS adapters from the
/// environment (built once per container), then `run_schedule`.
pub async fn run_scheduled_function(name: &str) -> Result<(), Error> {
    let aws = crate::runtime::aws::AwsRuntime::from_env().await?;
    run_schedule(name, aws.job_context()).await
}

/// Runs the job called `name` on every invocation. Fails at start, with a
/// message naming the job, if the runtime's registry has no such job.
pub async fn run_schedule(name: &str, ctx: JobContext) -> Result<(), Error> {
    let job = crate::runtime::registry::job(&ctx.registry, name).ok_or_else(|| {
        crate::Error::Invalid(format!(
            "scheduled job {name:?} is not registered in synclane::runtime::registry::jobs()"
        ))
    })?;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<EventBridgeEvent<Value>>| {
            let (job, ctx) = (job.clone(), ctx.clone());
            async move {
                let ctx = JobContext {
                    deadline: deadline(event.context.deadline),
                    ..ctx
                };
                let report = run_for_all_tenants(job.as_ref(), &ctx).await?;
                let failed: Vec<&str> = report.failed.iter().map(|(t, _)| t.as_str()).collect();
                tracing::info!(
                    message = "Scheduled run done.",
                    job = job.name(),
                    tenants = report.tenants,
                    failed = failed.len()
                );
                Ok::<_, Error>(
                    json!({ "job": job.name(), "tenants": report.tenants, "failed": failed }),
                )
            }
        },
    ))
    .await
}

/// The invocation's deadline (Unix ms) as a tokio instant, less `MARGIN`.
fn deadline(deadline_ms: u64) -> tokio::time::Instant {
    let now_ms = u64::try_from(crate::clock::now_ms()).unwrap_or(0);
    let left = Duration::from_millis(deadline_ms.saturating_sub(now_ms));
    tokio::time::Instant::now() + left.saturating_sub(MARGIN)
}
