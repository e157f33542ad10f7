//! Scheduled jobs: work that runs on a timer for every tenant it applies to
//! (the CRM history poll, MoySklad webhooks, stock and price pulls, the
//! ICML refresh). The local runtime fires them from `runtime::schedules`; on
//! AWS an EventBridge schedule invokes one function per job, which calls
//! `run_for_all_tenants` with the job the runtime's registry names.

use super::Registry;
use crate::error::Result;
use crate::peers::Peers;
use crate::queue::Queue;
use crate::settings::TenantSettings;
use crate::store::{JournalEntry, Store};
use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;

/// What a job may use. Cheap to clone.
#[derive(Clone)]
pub struct JobContext {
    pub store: Store,
    pub queue: Arc<dyn Queue>,
    pub peers: Peers,
    /// Where polled source events fan out to.
    pub registry: Arc<Registry>,
    /// When the invocation must stop (a Lambda's remaining time); jobs that
    /// cannot finish checkpoint and continue on the next run.
    pub deadline: tokio::time::Instant,
}

/// One kind of scheduled work.
#[async_trait]
pub trait ScheduledJob: Send + Sync {
    /// Stable name: the Lambda function and the local scheduler use it.
    fn name(&self) -> &'static str;
    /// How often the local runtime fires it.
    fn every(&self) -> Duration;
    /// Whether the tenant has what the job needs (peers configured, options on).
    fn applies_to(&self, ctx: &JobContext, tenant: &TenantSettings) -> bool;
    /// Runs the job for one tenant.
    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()>;
}

/// What one run over the tenants did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunReport {
    pub tenants: usize,
    pub failed: Vec<(String, String)>,
}

/// Runs `job` for every tenant it applies to, one tenant's failure not
/// stopping the others (each failure is journalled for that tenant).
pub async fn run_for_all_tenants(job: &dyn ScheduledJob, ctx: &JobContext) -> Result<RunReport> {
    let mut report = RunReport::default();
    for id in ctx.store.tenants.list_tenants().await? {
        let Some(tenant) = ctx.store.tenants.get_tenant(&id).await? else {
            continue;
        };
        if !job.applies_to(ctx, &tenant) {
            continue;
        }
        report.tenants += 1;
        if let Err(error) = job.run(ctx, &tenant).await {
            tracing::warn!(message = "Scheduled job failed for a tenant.", job = job.name(), tenant = %id, %error);
            let entry = JournalEntry {
                at_ms: crate::clock::now_ms(),
                entity: job.name().to_owned(),
                external_id: String::new(),
                message: error.to_string(),
                level: crate::store::JournalLevel::Error,
                flow: Some(job.name().to_owned()),
            };
            let ttl = Duration::from_secs(u64::from(tenant.journal.retention_days) * 86_400);
            if let Err(e) = ctx.store.journal.append_journal(&id, &entry, ttl).await {
                tracing::error!(message = "Could not write the journal.", error = %e);
            }
            report.failed.push((id.to_string(), error.to_string()));
        }
    }
    Ok(report)
}
