//! A tenant's recent export jobs and their progress, kept in the store
//! (cursor `customer-exports`, one small JSON document per tenant) so the
//! admin API and the console can show them whichever process runs them.
//! Writes compare versions: the API adding a job and the worker reporting
//! progress never overwrite each other.

use crate::customers::filter::CustomerFilter;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{PutOutcome, Store};
use serde::{Deserialize, Serialize};

const CURSOR: &str = "customer-exports";

/// How many jobs are remembered (the oldest is forgotten first; its file
/// stays where it was published).
pub const KEPT: usize = 20;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Durably queued, not started.
    Queued,
    Running,
    /// Written and published: `file` can be downloaded.
    Ready,
    /// The last attempt failed (`retrying` says whether another comes).
    Failed,
}

/// One export job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportJob {
    pub id: String,
    /// `opencart`, `retailcrm` or `woocommerce`.
    pub system: String,
    /// `csv`, `xlsx`, `html` or `xml`.
    pub format: String,
    pub filter: CustomerFilter,
    pub state: JobState,
    /// Unix ms.
    pub requested_at: i64,
    /// Customers written so far.
    #[serde(default)]
    pub rows: u64,
    /// Records read from the system so far, and how many it pages through
    /// in all (known after the first page): the progress.
    #[serde(default)]
    pub read: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<u64>,
    /// The published file's name and size, once ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub retrying: bool,
}

impl ExportJob {
    /// Percent done, when the total is known.
    pub fn percent(&self) -> Option<u8> {
        match (self.state, self.of) {
            (JobState::Ready, _) => Some(100),
            (_, Some(0)) => Some(0),
            (_, Some(of)) => Some(((self.read.min(of) * 100) / of) as u8),
            _ => None,
        }
    }
}

/// The stored jobs (newest first) and their version (0 when none).
async fn load(store: &Store, tenant: &TenantId) -> Result<(Vec<ExportJob>, u64)> {
    match store.cursors.get_cursor(tenant, CURSOR).await? {
        None => Ok((Vec::new(), 0)),
        Some(c) => {
            let jobs = serde_json::from_str(&c.value)
                .map_err(|e| Error::Storage(format!("{CURSOR} of {tenant}: {e}")))?;
            Ok((jobs, c.version))
        }
    }
}

/// The tenant's recent jobs, newest first.
pub async fn list(store: &Store, tenant: &TenantId) -> Result<Vec<ExportJob>> {
    Ok(load(store, tenant).await?.0)
}

/// One job, if it is still remembered.
pub async fn get(store: &Store, tenant: &TenantId, id: &str) -> Result<Option<ExportJob>> {
    Ok(list(store, tenant).await?.into_iter().find(|j| j.id == id))
}

/// Applies `change` to the stored list and writes it back, again on a
/// concurrent write; returns what `change` returned.
async fn update<T>(
    store: &Store,
    tenant: &TenantId,
    mut change: impl FnMut(&mut Vec<ExportJob>) -> T,
) -> Result<T> {
    loop {
        let (mut jobs, version) = load(store, tenant).await?;
        let answer = change(&mut jobs);
        jobs.truncate(KEPT);
        let value = serde_json::to_string(&jobs).map_err(|e| Error::Invalid(e.to_string()))?;
        if let PutOutcome::Created = store
            .cursors
            .put_cursor(tenant, CURSOR, &value, version)
            .await?
        {
            return Ok(answer);
        }
    }
}

/// Adds a job in front.
pub(super) async fn add(store: &Store, tenant: &TenantId, job: &ExportJob) -> Result<()> {
    update(store, tenant, |jobs| {
        if !jobs.iter().any(|j| j.id == job.id) {
            jobs.insert(0, job.clone());
        }
    })
    .await
}

/// Applies `change` to job `id`; `false` when it is no longer remembered.
pub(super) async fn change(
    store: &Store,
    tenant: &TenantId,
    id: &str,
    mut change: impl FnMut(&mut ExportJob),
) -> Result<bool> {
    update(store, tenant, |jobs| {
        match jobs.iter_mut().find(|j| j.id == id) {
            Some(job) => {
                change(job);
                true
            }
            None => false,
        }
    })
    .await
}
