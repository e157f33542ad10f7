//! The CRM's funnels, for the order of their stages (SS-4 moves deals
//! forward only). Kept in a cursor for ten minutes, so an order action
//! costs no `crm.funnel.list`; a stage the copy does not know (a funnel
//! edited since) fetches them again at once.

use crate::clock::now_ms;
use crate::connectors::webasyst::{Crm, Funnel};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Cursors, PutOutcome};
use serde::{Deserialize, Serialize};

const NAME: &str = "shopscript_deals:funnels";
const FRESH_MS: i64 = 10 * 60 * 1000;

#[derive(Serialize, Deserialize)]
struct Copy {
    fetched_ms: i64,
    funnels: Vec<Funnel>,
}

/// Funnel `id`, as fresh as needed to know stage `stage`; `keep` false
/// (a dry run): funnels fetched are not kept.
pub(super) async fn funnel(
    store: &dyn Cursors,
    tenant: &TenantId,
    crm: &Crm,
    id: i64,
    stage: i64,
    keep: bool,
) -> Result<Option<Funnel>> {
    let cursor = store.get_cursor(tenant, NAME).await?;
    let version = cursor.as_ref().map_or(0, |c| c.version);
    let copy: Option<Copy> = cursor.and_then(|c| serde_json::from_str(&c.value).ok());
    if let Some(copy) = &copy
        && now_ms() - copy.fetched_ms < FRESH_MS
        && let Some(f) = copy
            .funnels
            .iter()
            .find(|f| f.id == id && f.stage(stage).is_some())
    {
        return Ok(Some(f.clone()));
    }
    let funnels = crm.funnels().await?;
    let found = funnels.iter().find(|f| f.id == id).cloned();
    if !keep {
        return Ok(found);
    }
    let value = serde_json::to_string(&Copy {
        fetched_ms: now_ms(),
        funnels,
    })
    .map_err(Error::storage)?;
    // Another worker refreshing at the same time wrote as good a copy.
    if let PutOutcome::Exists(_) = store.put_cursor(tenant, NAME, &value, version).await? {
        tracing::debug!(message = "Funnels refreshed by another worker meanwhile.");
    }
    Ok(found)
}
