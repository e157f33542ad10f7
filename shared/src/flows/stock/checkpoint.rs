//! Where a tenant's stock sync stands, kept in one cursor so a run that hits
//! its deadline (or crashes) is continued by the next one, and written with
//! the cursor's version check so a run that lost its lease cannot move it.

use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{PutOutcome, Store};
use serde::{Deserialize, Serialize};

/// The cursor's name.
pub(super) const CURSOR: &str = "stock-pull:checkpoint";

/// A full pass under way: the warehouse it is in and the report offset there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FullProgress {
    /// Index into the tenant's mapped warehouses (sorted by CRM code).
    pub store: usize,
    pub offset: u64,
    /// Unix ms when the pass started (becomes `last_full_ms`).
    pub started_ms: i64,
}

/// The sync state of one tenant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    #[serde(default)]
    pub full: Option<FullProgress>,
    /// Start of the last finished full pass (0: never).
    #[serde(default)]
    pub last_full_ms: i64,
    /// Start of the last finished pass of any kind: the next delta asks for
    /// changes since then.
    #[serde(default)]
    pub last_sync_ms: i64,
}

/// The checkpoint as read, with the version to write over.
pub(super) struct Stored {
    pub state: Checkpoint,
    pub version: u64,
}

pub(super) async fn load(store: &Store, tenant: &TenantId) -> Result<Stored> {
    Ok(match store.cursors.get_cursor(tenant, CURSOR).await? {
        None => Stored {
            state: Checkpoint::default(),
            version: 0,
        },
        Some(c) => Stored {
            state: serde_json::from_str(&c.value).map_err(Error::storage)?,
            version: c.version,
        },
    })
}

/// Writes `state` over `stored`; an error if someone else wrote in between
/// (then this run no longer owns the sync and must stop).
pub(super) async fn save(
    store: &Store,
    tenant: &TenantId,
    stored: &mut Stored,
    state: Checkpoint,
) -> Result<()> {
    let value = serde_json::to_string(&state).map_err(Error::storage)?;
    match store
        .cursors
        .put_cursor(tenant, CURSOR, &value, stored.version)
        .await?
    {
        PutOutcome::Created => {
            stored.version += 1;
            stored.state = state;
            Ok(())
        }
        PutOutcome::Exists(_) => Err(Error::Busy(format!(
            "stock checkpoint of {tenant} moved under us"
        ))),
    }
}
