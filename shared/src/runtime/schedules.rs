//! The local runtime's timer: fires every scheduled job at its interval
//! (EventBridge does this on AWS).

use crate::flows::schedule::{JobContext, run_for_all_tenants};
use std::time::Duration;
use tokio::sync::watch;

/// Starts one loop per job; they stop when `shutdown` turns true. `every`,
/// when set, replaces every job's own interval.
pub fn spawn_all(
    ctx: JobContext,
    shutdown: watch::Receiver<bool>,
    every: Option<Duration>,
) -> Vec<tokio::task::JoinHandle<()>> {
    super::registry::jobs(&ctx.registry)
        .into_iter()
        .map(|job| {
            let (ctx, mut shutdown) = (ctx.clone(), shutdown.clone());
            let every = every.unwrap_or_else(|| job.every());
            tokio::spawn(async move {
                loop {
                    // A run may use most of the interval; it never overlaps itself here.
                    let run_ctx = JobContext { deadline: tokio::time::Instant::now() + every.max(Duration::from_secs(60)), ..ctx.clone() };
                    match run_for_all_tenants(job.as_ref(), &run_ctx).await {
                        Ok(report) if !report.failed.is_empty() => {
                            tracing::warn!(message = "Scheduled job had failures.", job = job.name(), failed = report.failed.len())
                        }
                        Ok(_) => {}
                        Err(error) => tracing::error!(message = "Scheduled job failed.", job = job.name(), %error),
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(every) => {}
                        _ = shutdown.wait_for(|stop| *stop) => break,
                    }
                }
            })
        })
        .collect()
}
