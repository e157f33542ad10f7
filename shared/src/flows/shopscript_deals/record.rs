//! What the flow last did for one linked order, kept in a cursor
//! `shopscript_deals:order:{id}` written with compare-and-swap (an order's
//! events and its deal's run in different queue groups, so two workers
//! may update it at once: each writes only its own fields over the latest).
//!
//! - `last_log_id`: the order's history applied to the deal up to here
//!   (SS-4, order → deal);
//! - `shown`: a fingerprint of what the deal shows (SS-3);
//! - `deal_stage`, `deal_status`: the deal as last seen or set, so a polled
//!   deal that did not move (our own write, a renamed deal) costs nothing;
//! - `seen`: the order's version last synced (`Order::version`; the
//!   catch-up poll skips orders the notification already brought);
//! - `creating`: a deal add was sent and its id not yet linked: a retry
//!   looks for that deal before adding another.

use crate::connectors::webasyst::DealStatus;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Cursors, PutOutcome};
use serde::{Deserialize, Serialize};

/// The record of one order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Record {
    #[serde(default)]
    pub last_log_id: i64,
    #[serde(default)]
    pub shown: Option<String>,
    #[serde(default)]
    pub deal_stage: Option<i64>,
    #[serde(default)]
    pub deal_status: Option<DealStatus>,
    #[serde(default)]
    pub seen: Option<String>,
    #[serde(default)]
    pub creating: Option<String>,
}

fn name(order_id: i64) -> String {
    format!("shopscript_deals:order:{order_id}")
}

/// The record of `order_id` and its version (0: none yet).
pub(crate) async fn load(
    store: &dyn Cursors,
    tenant: &TenantId,
    order_id: i64,
) -> Result<(Record, u64)> {
    let Some(cursor) = store.get_cursor(tenant, &name(order_id)).await? else {
        return Ok((Record::default(), 0));
    };
    let record = serde_json::from_str(&cursor.value)
        .map_err(|e| Error::Storage(format!("record of order {order_id}: {e}")))?;
    Ok((record, cursor.version))
}

/// Applies `change` to the latest record and writes it, trying again
/// over whatever another worker wrote meanwhile. Returns the record written.
pub(crate) async fn update(
    store: &dyn Cursors,
    tenant: &TenantId,
    order_id: i64,
    change: impl Fn(&mut Record),
) -> Result<Record> {
    loop {
        let (mut record, version) = load(store, tenant, order_id).await?;
        change(&mut record);
        let value = serde_json::to_string(&record).map_err(Error::storage)?;
        if let PutOutcome::Created = store
            .put_cursor(tenant, &name(order_id), &value, version)
            .await?
        {
            return Ok(record);
        }
    }
}

/// The version of order `order_id` last synced (the catch-up poll skips
/// an order the notification already brought).
pub async fn seen(store: &dyn Cursors, tenant: &TenantId, order_id: i64) -> Result<Option<String>> {
    Ok(load(store, tenant, order_id).await?.0.seen)
}
