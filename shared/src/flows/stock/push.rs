//! Pushing entries to the CRM and recording them as pushed (MS-P3): the
//! snapshot is written only after the CRM accepted the upload, so a crash in
//! between re-pushes (harmless: an upload is idempotent) rather than skips.
//!
//! Each accepted upload is one metered operation (issue 16, item 3), counted
//! exactly once: the count commits with an idempotency key made of where the
//! pass stood (its `basis`: the checkpoint it started from and the page or
//! chunk) and what was uploaded. A pass redone after a crash starts from the
//! same checkpoint and uploads the same entries, so it finds the key and
//! counts nothing; a later pass has another checkpoint, so the same values
//! pushed again another day count again.

use super::Sync;
use super::offers::{Entry, SNAPSHOT};
use crate::error::Result;
use crate::store::{Day, Meter};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// How long an upload's key is kept: longer than any pass is redone after.
const UPLOAD_KEY_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

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
    /// Uploads `entries`, counts the upload (once per `basis` and content)
    /// and records the entries in the snapshot.
    pub(super) async fn push(
        &self,
        basis: &str,
        entries: &[Entry],
        stats: &mut RunStats,
    ) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let offers: Vec<_> = entries.iter().map(Entry::offer).collect();
        let outcome = self.crm.upload_inventories(&offers).await?;
        stats.pushed += entries.len() as u64;
        stats.crm_requests += outcome.requests;
        stats.not_found += outcome.not_found.len() as u64;
        let meter = Meter {
            flow: "stock",
            day: Day::today(),
        };
        self.store
            .usage
            .claim_metered(
                self.tenant,
                &upload_key(basis, entries),
                UPLOAD_KEY_TTL,
                meter,
            )
            .await?;
        let written: Vec<(String, String)> =
            entries.iter().map(|e| (e.key(), e.snapshot())).collect();
        self.store
            .snapshots
            .put_snapshots(self.tenant, SNAPSHOT, &written)
            .await
    }
}

/// The idempotency key of one upload: its basis and a digest of its entries.
fn upload_key(basis: &str, entries: &[Entry]) -> String {
    let mut digest = Sha256::new();
    for entry in entries {
        digest.update(entry.key().as_bytes());
        digest.update(b"=");
        digest.update(entry.snapshot().as_bytes());
        digest.update(b"\n");
    }
    format!(
        "stock-upload:{basis}:{}",
        &hex::encode(digest.finalize())[..32]
    )
}
