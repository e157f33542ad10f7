//! Pushing entries to the CRM and recording them as pushed (MS-P3): the
//! snapshot is written only after the CRM accepted the upload, so a crash in
//! between re-pushes (harmless: an upload is idempotent) rather than skips.

use super::Sync;
use super::offers::{Entry, SNAPSHOT};
use crate::error::Result;

/// Counts for one run (the benchmark and the tests read them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Offer-warehouse entries uploaded.
    pub pushed: u64,
    /// CRM upload requests.
    pub crm_requests: u64,
    /// Report pages or short reports read from MoySklad (5 limit units each).
    pub moysklad_reports: u64,
    /// Other MoySklad reads: goods by id (`entity/assortment` batches of new
    /// goods, a variant or product to build an xmlId), ordinary calls.
    pub moysklad_lookups: u64,
    /// xmlIds the CRM did not know.
    pub not_found: u64,
    /// Whether the run stopped at its deadline with work left.
    pub interrupted: bool,
    /// Whether another run held the lease, so this one did nothing.
    pub skipped: bool,
    /// "full" or "delta" (empty when nothing ran).
    pub mode: &'static str,
}

impl Sync<'_> {
    /// Uploads `entries` and records them in the snapshot.
    pub(super) async fn push(&self, entries: &[Entry], stats: &mut RunStats) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let offers: Vec<_> = entries.iter().map(Entry::offer).collect();
        let outcome = self.crm.upload_inventories(&offers).await?;
        stats.pushed += entries.len() as u64;
        stats.crm_requests += outcome.requests;
        stats.not_found += outcome.not_found.len() as u64;
        let written: Vec<(String, String)> =
            entries.iter().map(|e| (e.key(), e.snapshot())).collect();
        self.store
            .snapshots
            .put_snapshots(self.tenant, SNAPSHOT, &written)
            .await
    }
}
