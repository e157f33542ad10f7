//! Queues a customer export job and records it as queued.

use super::FLOW_ID;
use super::jobs::{self, ExportJob, JobState};
use crate::customers::export::Format;
use crate::customers::filter::CustomerFilter;
use crate::error::{Error, Result};
use crate::model::{EntityKind, Envelope, EventKind, System};
use crate::queue::{Outgoing, Queue};
use crate::settings::TenantSettings;
use crate::store::Store;

/// The envelope's `external_id`: a tenant's jobs share one FIFO group, so
/// they run one after the other.
const EXTERNAL_ID: &str = "customers";

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRequest {
    pub system: System,
    pub format: Format,
    pub filter: CustomerFilter,
}

/// Queues the export and answers the job as the API shows it.
pub async fn request(
    store: &Store,
    queue: &dyn Queue,
    tenant: &TenantSettings,
    wanted: &JobRequest,
) -> Result<ExportJob> {
    let job = ExportJob {
        id: uuid::Uuid::now_v7().to_string(),
        system: wanted.system.as_str().to_owned(),
        format: wanted.format.as_str().to_owned(),
        filter: wanted.filter.clone(),
        state: JobState::Queued,
        requested_at: crate::clock::now_ms(),
        rows: 0,
        read: 0,
        of: None,
        file: None,
        bytes: None,
        finished_at: None,
        error: None,
        retrying: false,
    };
    let envelope = Envelope {
        tenant: tenant.id.clone(),
        source: wanted.system,
        kind: EventKind::Created,
        entity: EntityKind::CustomerExport,
        external_id: EXTERNAL_ID.into(),
        dedupe_key: format!("customer-export:{}", job.id),
        received_at: job.requested_at,
        payload: serde_json::to_value(&job).map_err(|e| Error::Invalid(e.to_string()))?,
        flow: None,
    }
    .for_flow(FLOW_ID);
    // Recorded before it is queued: a worker that takes it at once finds it.
    jobs::add(store, &tenant.id, &job).await?;
    if let Err(e) = queue.send(Outgoing::of(&envelope)?).await {
        // Not queued: say so rather than show a job that never runs.
        let message = e.to_string();
        jobs::change(store, &tenant.id, &job.id, |j| {
            j.state = JobState::Failed;
            j.error = Some(format!("not queued: {message}"));
        })
        .await?;
        return Err(e);
    }
    Ok(job)
}
