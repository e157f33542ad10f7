//! The run's durable state, through the store's existing capabilities (so
//! SQLite and DynamoDB alike, no new table): the progress is a versioned
//! register (`Cursors`, compare-and-swap: a run that lost its lease cannot
//! overwrite its successor's checkpoint), each page's report a snapshot
//! entry (`Snapshots`, one read for every page's report).
//!
//! Order of writes per page: links, then the page's report, then the
//! checkpoint. A crash before the checkpoint redoes the page: its links
//! read as linked already, its report is written again under the same key.

use super::progress::{PageReport, Progress};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Cursors, PutOutcome, Snapshots};

/// The progress register.
pub const CURSOR: &str = "backfill:customers";
/// The snapshot holding the page reports.
pub const REPORT: &str = "backfill:customers";
/// The order backfill's register, report snapshot and lease.
pub const ORDERS: &str = "backfill:orders";
/// The MoySklad backfill's register, report snapshot and lease.
pub const MOYSKLAD: &str = "backfill:moysklad";

/// The report key of CRM page `page`.
pub fn crm_page_key(page: u32) -> String {
    format!("crm-{page:06}")
}

/// The report key of the `n`-th page of unmatched shop records.
pub fn shop_page_key(n: u32) -> String {
    format!("shop-{n:06}")
}

/// The stored progress of the customer backfill and its version (0: none yet).
pub async fn load(cursors: &dyn Cursors, tenant: &TenantId) -> Result<(Option<Progress>, u64)> {
    load_named(cursors, tenant, CURSOR).await
}

/// The stored progress of the backfill whose register is `name`.
pub async fn load_named(
    cursors: &dyn Cursors,
    tenant: &TenantId,
    name: &str,
) -> Result<(Option<Progress>, u64)> {
    let Some(cursor) = cursors.get_cursor(tenant, name).await? else {
        return Ok((None, 0));
    };
    let progress = serde_json::from_str(&cursor.value)
        .map_err(|e| Error::Storage(format!("backfill checkpoint: {e}")))?;
    Ok((Some(progress), cursor.version))
}

/// Writes `progress` over version `version` of register `name`; returns
/// the new version. A lost condition means another run took over: an
/// error, this run stops.
pub async fn save_named(
    cursors: &dyn Cursors,
    tenant: &TenantId,
    name: &str,
    progress: &Progress,
    version: u64,
) -> Result<u64> {
    let value = serde_json::to_string(progress)
        .map_err(|e| Error::Storage(format!("backfill checkpoint: {e}")))?;
    match cursors.put_cursor(tenant, name, &value, version).await? {
        PutOutcome::Created => Ok(version + 1),
        PutOutcome::Exists(_) => Err(Error::Busy(
            "another backfill run moved the checkpoint".into(),
        )),
    }
}

pub async fn put_report(
    snapshots: &dyn Snapshots,
    tenant: &TenantId,
    key: String,
    report: &PageReport,
) -> Result<()> {
    put_report_named(snapshots, tenant, REPORT, key, report).await
}

/// `put_report` into the snapshot `name`.
pub async fn put_report_named(
    snapshots: &dyn Snapshots,
    tenant: &TenantId,
    name: &str,
    key: String,
    report: &PageReport,
) -> Result<()> {
    let value = serde_json::to_string(report)
        .map_err(|e| Error::Storage(format!("backfill report: {e}")))?;
    snapshots.put_snapshots(tenant, name, &[(key, value)]).await
}

/// The reports stored under `keys`, in the keys' order (missing ones skipped).
pub async fn reports(
    snapshots: &dyn Snapshots,
    tenant: &TenantId,
    keys: &[String],
) -> Result<Vec<PageReport>> {
    reports_named(snapshots, tenant, REPORT, keys).await
}

/// `reports` of the snapshot `name`.
pub async fn reports_named(
    snapshots: &dyn Snapshots,
    tenant: &TenantId,
    name: &str,
    keys: &[String],
) -> Result<Vec<PageReport>> {
    let mut found = Vec::with_capacity(keys.len());
    // Pages of keys, as `get_snapshots` asks of its callers.
    for chunk in keys.chunks(500) {
        let values = snapshots.get_snapshots(tenant, name, chunk).await?;
        for key in chunk {
            if let Some(value) = values.get(key) {
                let report = serde_json::from_str(value)
                    .map_err(|e| Error::Storage(format!("backfill report {key}: {e}")))?;
                found.push(report);
            }
        }
    }
    Ok(found)
}

/// Every report of `progress`'s run so far: the CRM pages done, then the
/// shop's unmatched pages.
pub async fn all_reports(
    snapshots: &dyn Snapshots,
    tenant: &TenantId,
    progress: &Progress,
) -> Result<Vec<PageReport>> {
    let keys: Vec<String> = (1..=progress.crm_pages_done)
        .map(crm_page_key)
        .chain((1..=progress.shop_report_pages).map(shop_page_key))
        .collect();
    reports(snapshots, tenant, &keys).await
}
