//! The state of a tenant's ICML export, kept in the store (cursor
//! `icml-export`) so the admin API can answer "is my catalogue ready?"
//! whichever process generates it.

use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{PutOutcome, Store};
use serde::{Deserialize, Serialize};

const CURSOR: &str = "icml-export";

/// Where the latest request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportState {
    /// Durably queued, not started.
    Queued,
    Running,
    /// Generated, validated and published.
    Ready,
    /// The last attempt failed (`retrying` says whether another comes).
    Failed,
}

/// A catalogue that was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// Unix ms.
    pub at: i64,
    pub offers: u64,
    pub variant_offers: u64,
    pub categories: u64,
    pub bytes: u64,
}

/// What the admin API shows of a tenant's export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportStatus {
    pub request_id: String,
    pub state: ExportState,
    /// Unix ms.
    pub requested_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default)]
    pub retrying: bool,
    /// The current catalogue (it stays downloadable while a new one is made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Published>,
}

/// The stored status and its version (0 when there is none).
pub(crate) async fn load(store: &Store, tenant: &TenantId) -> Result<(Option<ExportStatus>, u64)> {
    match store.cursors.get_cursor(tenant, CURSOR).await? {
        None => Ok((None, 0)),
        Some(c) => {
            let status = serde_json::from_str(&c.value)
                .map_err(|e| Error::Storage(format!("{CURSOR} of {tenant}: {e}")))?;
            Ok((Some(status), c.version))
        }
    }
}

/// Writes `status` if the stored version is still `version`; `false` when
/// another writer came first (the caller re-reads and decides again).
pub(crate) async fn save(
    store: &Store,
    tenant: &TenantId,
    status: &ExportStatus,
    version: u64,
) -> Result<bool> {
    let value = serde_json::to_string(status).map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(matches!(
        store
            .cursors
            .put_cursor(tenant, CURSOR, &value, version)
            .await?,
        PutOutcome::Created
    ))
}

/// The tenant's export status, if an export was ever requested.
pub async fn get(store: &Store, tenant: &TenantId) -> Result<Option<ExportStatus>> {
    Ok(load(store, tenant).await?.0)
}
