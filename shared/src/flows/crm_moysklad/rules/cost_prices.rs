//! MS-S10 / MS-S11: cost prices into the CRM order on shipment.
//!
//! The cost comes "by the same algorithm as the stock and purchase-price
//! sync" (MS-P2): the stock report's cost price of the good in the shipment
//! warehouse, read before the demand takes the goods out. MS-S10 writes it
//! only to items without a purchase price; MS-S11 always.
//!
//! Choice where the seed is silent: a good the warehouse does not hold
//! (MS-P2 would say 0) keeps the item's price as it is: a zero cost is "not
//! known", and writing it would erase a price under MS-S11.

use super::order_export::Goods;
use crate::connectors::moysklad::Kopecks;
use crate::connectors::moysklad::mapping::from_kopecks;
use crate::connectors::retailcrm::{CrmLine, ItemEdit};
use crate::settings::MoySkladSync;
use std::collections::BTreeMap;

/// The complete item list to write (the CRM drops items left out), with
/// purchase prices where they change; `None` when nothing changes.
/// `costs`: cost per unit by MoySklad good id.
pub fn cost_edits(
    sync: &MoySkladSync,
    lines: &[CrmLine],
    goods: &BTreeMap<String, Goods>,
    costs: &BTreeMap<String, Kopecks>,
) -> Option<Vec<ItemEdit>> {
    if !sync.load_cost_on_shipment {
        return None;
    }
    let mut changed = false;
    let mut items = Vec::with_capacity(lines.len());
    for line in lines {
        let id = line.id?;
        let cost = line
            .xml_id
            .as_ref()
            .and_then(|x| goods.get(x))
            .and_then(|g| costs.get(&g.id))
            .filter(|c| c.0 > 0)
            .map(|c| from_kopecks(*c));
        let empty = line.purchase_price.is_none_or(|p| p.abs() < 0.005);
        let write = cost.filter(|c| {
            (empty || sync.overwrite_cost_on_shipment)
                && line.purchase_price.is_none_or(|p| (p - c).abs() >= 0.005)
        });
        changed |= write.is_some();
        items.push(ItemEdit {
            id: Some(id),
            xml_id: None,
            quantity: line.quantity,
            price: None,
            purchase_price: write,
        });
    }
    changed.then_some(items)
}
