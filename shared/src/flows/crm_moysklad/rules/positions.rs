//! The positions of an exported order: one per CRM item (MS-M5 checks, MS-S12
//! services), reserved by MS-S2 / MS-M8, cancelled items by MS-B5, and the
//! delivery as a line (MS-S1, MS-S13).
//!
//! Choices where the seed is silent, written down:
//! - MS-B5: without the option a cancelled item is not sent, so an update
//!   removes its position ("deleted"); with it the position stays, never
//!   reserved and at zero price, on a new order as the seed says and on an
//!   update too, so the order's sum counts only what is sold and the next
//!   update does not price the line again.
//! - MS-M6: once the order is shipped (or is being shipped by this message)
//!   nothing is reserved: the demand has written the reserves off.
//! - MS-S1/S13: the delivery line is one unit of a service at the delivery
//!   cost; an unmapped delivery type is journalled only when some type is
//!   mapped (without MS-S13 every delivery is the plain line).

use crate::connectors::moysklad::mapping::to_kopecks;
use crate::connectors::moysklad::{GoodsKind, MetaRef, Position};
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::settings::MoySkladSync;
use std::collections::BTreeMap;

/// A MoySklad good an offer's xmlId resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goods {
    pub kind: GoodsKind,
    pub id: String,
}

/// What the positions need to know besides the order.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'a> {
    pub sync: &'a MoySkladSync,
    pub base_url: &'a str,
    pub order: &'a CrmOrderDetails,
    pub goods: &'a BTreeMap<String, Goods>,
    /// A demand exists or is about to be made: reserves are written off (MS-M6).
    pub shipped: bool,
}

/// The positions, and notes for the journal (MS-S13 unmapped delivery types);
/// `Err` is why the order cannot be exported (MS-M5, MS-S12).
pub fn positions(l: Lines<'_>) -> Result<(Vec<Position>, Vec<String>), String> {
    let sync = l.sync;
    let mut positions = Vec::with_capacity(l.order.lines.len() + 1);
    for (n, line) in l.order.lines.iter().enumerate() {
        let Some(xml_id) = line.xml_id.as_deref().filter(|x| !x.is_empty()) else {
            return Err(format!(
                "MS-M5: line {} ({:?}) is not linked to the MoySklad catalogue (no xmlId)",
                n + 1,
                line.name
            ));
        };
        let Some(good) = l.goods.get(xml_id) else {
            return Err(format!(
                "MS-M5: line {} ({:?}): no MoySklad good with external code {xml_id:?}",
                n + 1,
                line.name
            ));
        };
        if good.kind == GoodsKind::Service && !sync.services_as_goods {
            return Err(format!(
                "MS-S12: line {} ({:?}) is a MoySklad service; turn on \"export services as goods\"",
                n + 1,
                line.name
            ));
        }
        if line.canceled && !sync.unreserve_cancelled_lines {
            continue; // MS-B5 off: a cancelled item is deleted from the MoySklad order.
        }
        // MS-S2 / MS-M8: reserve when on, for the chosen item statuses (none chosen: all).
        let reserve = sync.auto_reserve
            && !l.shipped
            && !line.canceled
            && good.kind != GoodsKind::Service
            && (sync.reserve_item_statuses.is_empty()
                || line
                    .status
                    .as_ref()
                    .is_some_and(|s| sync.reserve_item_statuses.contains(s)));
        let price = if line.canceled { 0.0 } else { line.price };
        positions.push(Position {
            assortment: Some(MetaRef::entity(l.base_url, good.kind.as_str(), &good.id)),
            quantity: Some(line.quantity),
            price: Some(to_kopecks(price)),
            reserve: reserve.then_some(line.quantity),
            ..Position::default()
        });
    }
    let mut notes = Vec::new();
    if let Some(service) = delivery_service(sync, l.order, &mut notes) {
        let cost = l.order.delivery.as_ref().map_or(0.0, |d| d.cost);
        positions.push(Position {
            assortment: Some(MetaRef::entity(l.base_url, "service", &service)),
            quantity: Some(1.0),
            price: Some(to_kopecks(cost)),
            ..Position::default()
        });
    }
    Ok((positions, notes))
}

/// MS-S1 / MS-S13: the service of the delivery line, if there is one.
fn delivery_service(
    sync: &MoySkladSync,
    order: &CrmOrderDetails,
    notes: &mut Vec<String>,
) -> Option<String> {
    let delivery = order.delivery.as_ref()?;
    if !sync.delivery_as_line || delivery.cost.abs() < 0.005 {
        return None; // MS-S1: only a delivery that costs something; a zeroed one is removed.
    }
    let code = delivery.code.as_deref().unwrap_or_default();
    if let Some(service) = sync.delivery_services.get(code) {
        return Some(service.clone());
    }
    if !sync.delivery_services.is_empty() {
        notes.push(format!(
            "MS-S13: delivery type {code:?} has no MoySklad service; the plain delivery line is sent"
        ));
    }
    sync.delivery_service.clone()
}
