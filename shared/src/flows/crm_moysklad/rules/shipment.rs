//! MS-M6 shipments and MS-M7 returns: when they are due and what they hold.
//!
//! - A shipment is due when the order is, or ever was, in a shipment status
//!   (the seed: "при создании отгрузки учитывается история статусов"); its
//!   positions are the MoySklad order's own ("с идентичными позициями,
//!   которые указаны в заказе в МойСклад"), it is conducted at once, and it
//!   carries the order's legal entity, account (MS-M11), store and channel.
//! - Returns are due when the order reaches a shipment-cancel status (now or
//!   during the changes this message carries); every demand of the order
//!   gets one, holding the demand's positions, its agent, legal entity and
//!   store (MoySklad requires a return on a demand to match it).
//!
//! Choice where the seed is silent: one shipment per order. Its `syncId`
//! derives from the order, so reaching a shipment status again after a
//! return makes no second demand, and neither can a redelivery.

use crate::connectors::moysklad::{
    AttributeValue, CustomerOrder, Document, MetaRef, Position, PositionsField,
};
use crate::settings::MoySkladSync;

/// Whether a demand is due: `now` or any of `seen` is a shipment status.
pub fn shipment_due(sync: &MoySkladSync, now: Option<&str>, seen: &[String]) -> bool {
    let ships = |s: &str| sync.shipment_statuses.iter().any(|x| x == s);
    now.is_some_and(ships) || seen.iter().any(|s| ships(s))
}

/// Whether returns are due: of the statuses this change set (`changed`, in
/// order), the last one that ships or cancels cancels; with none of them,
/// the order is in a shipment-cancel status `now`. (A cancel followed by a
/// shipment status in one change is a shipment, not a return.)
pub fn returns_due(sync: &MoySkladSync, now: Option<&str>, changed: &[String]) -> bool {
    let cancels = |s: &str| sync.shipment_cancel_statuses.iter().any(|x| x == s);
    let ships = |s: &str| sync.shipment_statuses.iter().any(|x| x == s);
    match changed.iter().rev().find(|s| cancels(s) || ships(s)) {
        Some(last) => cancels(last),
        None => now.is_some_and(cancels),
    }
}

/// A position copied into another document: good, quantity, price, discount, VAT.
fn copied(p: &Position) -> Option<Position> {
    let quantity = p.quantity.filter(|q| *q > 0.0)?;
    Some(Position {
        assortment: p.assortment.clone(),
        quantity: Some(quantity),
        price: p.price,
        discount: p.discount,
        vat: p.vat,
        vat_enabled: p.vat_enabled,
        ..Position::default()
    })
}

/// The demand of MoySklad order `ms` (read with its positions), numbered
/// `number` unless MS-S14 lets MoySklad number it.
pub fn demand_body(
    sync: &MoySkladSync,
    base_url: &str,
    ms: &CustomerOrder,
    positions: &[Position],
    number: Option<&str>,
    attributes: Vec<AttributeValue>,
) -> Document {
    let order_id = ms.id.clone().unwrap_or_default();
    Document {
        name: number
            .filter(|_| !sync.skip_shipment_number)
            .map(str::to_owned),
        applicable: Some(true),
        organization: ms.organization.clone(),
        organization_account: ms.organization_account.clone(),
        agent: ms.agent.clone(),
        store: ms.store.clone(),
        sales_channel: ms.sales_channel.clone(),
        customer_order: Some(MetaRef::entity(base_url, "customerorder", &order_id)),
        positions: Some(PositionsField::Rows(
            positions.iter().filter_map(copied).collect(),
        )),
        attributes: (!attributes.is_empty()).then_some(attributes),
        ..Document::default()
    }
}

/// The return of `demand` (read with its positions), conducted.
pub fn return_body(base_url: &str, demand: &Document, positions: &[Position]) -> Document {
    let demand_id = demand.id.clone().unwrap_or_default();
    Document {
        applicable: Some(true),
        organization: demand.organization.clone(),
        agent: demand.agent.clone(),
        store: demand.store.clone(),
        sales_channel: demand.sales_channel.clone(),
        demand: Some(MetaRef::entity(base_url, "demand", &demand_id)),
        positions: Some(PositionsField::Rows(
            positions.iter().filter_map(copied).collect(),
        )),
        ..Document::default()
    }
}
