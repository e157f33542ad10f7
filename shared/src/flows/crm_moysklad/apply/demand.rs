//! MS-M6 (with MS-S10/S11, MS-S14, MS-M11): the order's shipment. Read the
//! MoySklad order with its positions, the cost prices before the goods
//! leave (MS-S10), make and conduct the demand (`syncId` from the order),
//! write the cost prices into the CRM, then link the demand. The reserves
//! were written off by the order update before it (`positions`, shipped).

use super::context::Ctx;
use super::documents::{Exported, linked};
use super::{cost_prices, metadata, stable_uuid};
use crate::connectors::moysklad::{DocumentKind, PositionsField};
use crate::error::{Error, Result};
use crate::flows::crm_moysklad::rules::copy_fields::matching;
use crate::flows::crm_moysklad::rules::shipment::demand_body;
use crate::flows::journal;
use crate::flows::links;
use crate::model::{EntityKind, System};
use crate::store::Store;

/// Makes the order's demand unless it has one; `true` when it wrote.
pub(super) async fn sync(store: &Store, ctx: &Ctx, o: &Exported<'_>) -> Result<bool> {
    let crm_id = o.crm.id.to_string();
    let key = o.key(EntityKind::Shipment, System::RetailCrm, &crm_id);
    if linked(store, &key).await?.is_some() {
        return Ok(false);
    }
    let Some(ms) = ctx.ms.customer_order_expanded(o.ms_id, "positions").await? else {
        let note = format!(
            "MS-M6: MoySklad order {} is gone; no shipment made",
            o.ms_id
        );
        journal::note(store, &ctx.settings, "order", &crm_id, &note).await;
        return Ok(false);
    };
    let listed = ms.positions.as_ref();
    let mut positions = listed.map(PositionsField::rows).unwrap_or_default();
    if !listed.is_none_or(PositionsField::complete) {
        positions = ctx.ms.customer_order_positions(o.ms_id).await?;
    }
    // MS-S10: the cost prices while the goods are still in the warehouse.
    let edits = cost_prices::edits(ctx, &o.crm.lines, o.goods, ms.store.as_ref()).await?;
    let attributes = match ctx.sync.copy_custom_fields_to_shipment {
        true => {
            let from = metadata::attributes(store, ctx, "customerorder").await?;
            let to = metadata::attributes(store, ctx, "demand").await?;
            let values = ms.attributes.clone().unwrap_or_default();
            matching(ctx.ms.base_url(), &values, &from, &to, "demand")
        }
        false => Vec::new(),
    };
    let number = o.crm.number.as_deref();
    let mut body = demand_body(
        &ctx.sync,
        ctx.ms.base_url(),
        &ms,
        &positions,
        number,
        attributes,
    );
    body.sync_id = Some(stable_uuid(&[o.tenant().as_str(), "demand", &crm_id]));
    let demand = ctx.ms.document_create(DocumentKind::Demand, &body).await?;
    let demand_id = demand
        .id
        .ok_or_else(|| Error::Invalid("MoySklad returned no demand id".into()))?;
    if let Some(items) = edits {
        cost_prices::write(ctx, o.crm, items).await?;
    }
    links::upsert(
        store.links.as_ref(),
        &key,
        System::MoySklad,
        &demand_id,
        |_| {},
    )
    .await?;
    Ok(true)
}
