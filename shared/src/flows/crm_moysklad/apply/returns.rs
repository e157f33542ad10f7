//! MS-M7: a sales return for each demand of the order when it reaches a
//! shipment-cancel status. The demands are the MoySklad order's own (ours
//! and any made in MoySklad); each return carries a `syncId` derived from
//! its demand and is linked to it, so a demand never gets a second return.
//!
//! An order that simply stays in a cancel status is looked at once: after
//! a pass that left every demand returned, later changes that do not reach
//! a cancel status again read nothing.

use super::context::Ctx;
use super::documents::{Exported, linked};
use super::stable_uuid;
use super::status_seen::changed_statuses;
use crate::connectors::moysklad::DocumentKind;
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::shipment::{return_body, returns_due};
use crate::flows::links;
use crate::model::{EntityKind, System};
use crate::store::Store;
use std::time::Duration;

/// Makes the missing returns when they are due; `true` when it wrote.
pub(super) async fn sync(store: &Store, ctx: &Ctx, o: &Exported<'_>) -> Result<bool> {
    let changed = changed_statuses(o.envelope);
    if !returns_due(&ctx.sync, o.crm.status.as_deref(), &changed) {
        return Ok(false);
    }
    let reached_now = returns_due(&ctx.sync, None, &changed);
    let done_key = format!(
        "ms-returns:{}:{}",
        o.crm.id,
        o.crm.status.as_deref().unwrap_or_default()
    );
    let keys = &store.idempotency;
    if !reached_now && keys.has_idempotency_key(o.tenant(), &done_key).await? {
        return Ok(false);
    }
    let Some(ms) = ctx.ms.customer_order_get(o.ms_id).await? else {
        return Ok(false);
    };
    let mut wrote = false;
    for demand_ref in ms.demands.unwrap_or_default() {
        let demand_id = demand_ref.meta.id().to_owned();
        let key = o.key(EntityKind::SalesReturn, System::MoySklad, &demand_id);
        if linked(store, &key).await?.is_some() {
            continue;
        }
        let Some(demand) = ctx
            .ms
            .document_get(DocumentKind::Demand, &demand_id, "positions")
            .await?
        else {
            continue;
        };
        let mut positions = demand.position_rows();
        if !demand.positions_complete() {
            positions = ctx
                .ms
                .document_positions(DocumentKind::Demand, &demand_id)
                .await?;
        }
        let mut body = return_body(ctx.ms.base_url(), &demand, &positions);
        body.sync_id = Some(stable_uuid(&[
            o.tenant().as_str(),
            "salesreturn",
            &demand_id,
        ]));
        let made = ctx
            .ms
            .document_create(DocumentKind::SalesReturn, &body)
            .await?;
        let id = made
            .id
            .ok_or_else(|| Error::Invalid("MoySklad returned no sales return id".into()))?;
        links::upsert(store.links.as_ref(), &key, System::MoySklad, &id, |_| {}).await?;
        wrote = true;
    }
    keys.claim_idempotency_key(o.tenant(), &done_key, Duration::from_secs(30 * 86_400))
        .await?;
    Ok(wrote)
}
