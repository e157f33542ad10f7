//! MoySklad's demand CREATE webhook (a shipment made in MoySklad): when it
//! ships an order we exported, it is that order's shipment. It takes the
//! cost prices into the CRM order like our own shipments do (MS-S10/S11,
//! read after the fact: goods it took the last units of keep their price),
//! and is linked to the order, so MS-M6 makes no second demand for it and
//! MS-M7 returns it. Our own demands never come back here: our writes carry
//! the DisableByPrefix header, and a linked demand is skipped anyway.

use super::context::Ctx;
use super::cost_prices;
use super::order_goods::resolve_goods;
use crate::connectors::moysklad::{DocumentKind, id_from_href};
use crate::error::{Error, Result};
use crate::flows::{Outcome, links};
use crate::model::{EntityKind, Envelope, System};
use crate::store::{LinkKey, Store};

pub(crate) async fn demand(store: &Store, ctx: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    let href = envelope.payload["meta"]["href"]
        .as_str()
        .ok_or_else(|| Error::Invalid("MoySklad event without meta.href".into()))?;
    let demand_id = id_from_href(href);
    let tenant = &envelope.tenant;
    let key = LinkKey::new(tenant, EntityKind::Shipment, System::MoySklad, demand_id);
    if store.links.get_link(&key).await?.is_some() {
        return Ok(Outcome::Skipped(
            "MS-M6: the shipment is linked already".into(),
        ));
    }
    let Some(demand) = ctx
        .ms
        .document_get(DocumentKind::Demand, demand_id, "")
        .await?
    else {
        return Ok(Outcome::Skipped("the MoySklad demand is gone".into()));
    };
    let Some(order) = demand.customer_order.as_ref() else {
        return Ok(Outcome::Skipped(
            "MS-M6: the demand ships no customer order".into(),
        ));
    };
    let order_key = LinkKey::new(tenant, EntityKind::Order, System::MoySklad, order.meta.id());
    let crm_id = store.links.get_link(&order_key).await?.and_then(|l| {
        l.peer(System::RetailCrm)
            .and_then(|id| id.parse::<i64>().ok())
    });
    let Some(crm_id) = crm_id else {
        return Ok(Outcome::Skipped("MS-M6: not an order we exported".into()));
    };
    if ctx.sync.load_cost_on_shipment
        && let Some(crm) = ctx.crm.order_details(crm_id).await?
    {
        let goods = resolve_goods(ctx, crm.lines.iter().filter_map(|l| l.xml_id.clone())).await?;
        if let Some(items) =
            cost_prices::edits(ctx, &crm.lines, &goods, demand.store.as_ref()).await?
        {
            cost_prices::write(ctx, &crm, items).await?;
        }
    }
    let crm = crm_id.to_string();
    links::upsert(store.links.as_ref(), &key, System::RetailCrm, &crm, |_| {}).await?;
    Ok(Outcome::Applied)
}
