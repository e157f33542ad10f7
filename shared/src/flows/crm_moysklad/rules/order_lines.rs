//! MS-S5 (lines): a linked MoySklad order's positions → the CRM order's items.
//!
//! Positions and items are matched by the MoySklad good they stand for: a
//! CRM item's offer xmlId resolves to a good (MS-B9: external code,
//! `product#variant` for modifications), a position names its good by id.
//! Matched pairs take MoySklad's quantity and unit price (after its
//! discount); CRM items without a position are removed; positions without
//! an item are added by the good's xmlId. A position whose good has no
//! external code cannot be named in the CRM: it is reported, not guessed.

use super::order_export::Goods;
use crate::connectors::moysklad::Kopecks;
use crate::connectors::moysklad::mapping::{from_kopecks, to_kopecks};
use crate::connectors::retailcrm::{CrmLine, ItemEdit};
use std::collections::BTreeMap;

/// One MoySklad position as the rule needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct MsLine {
    /// The good's id (product, variant or service).
    pub good_id: String,
    /// The good's CRM xmlId, when it has an external code (only needed for additions).
    pub xml_id: Option<String>,
    pub quantity: f64,
    /// Unit price in kopecks, MoySklad's discount already applied.
    pub price: Kopecks,
}

/// What the positions ask of the CRM order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineChanges {
    /// The complete item list to write (the CRM drops items left out);
    /// `None` when the items already match.
    pub items: Option<Vec<ItemEdit>>,
    /// Positions that could not be carried over, and why (for the journal).
    pub notes: Vec<String>,
}

/// A position's price after its percentage discount, in kopecks.
pub fn unit_price(price: Kopecks, discount_percent: f64) -> Kopecks {
    Kopecks((price.0 as f64 * (1.0 - discount_percent / 100.0)).round() as i64)
}

/// Compares the CRM items with MoySklad's positions; `crm_goods` maps CRM
/// xmlIds to goods (as resolved for the export).
pub fn line_changes(
    crm: &[CrmLine],
    crm_goods: &BTreeMap<String, Goods>,
    ms: &[MsLine],
) -> LineChanges {
    let mut pending: Vec<Option<&MsLine>> = ms.iter().map(Some).collect();
    let mut items = Vec::with_capacity(ms.len());
    let mut changed = false;
    for line in crm {
        let good = line.xml_id.as_ref().and_then(|x| crm_goods.get(x));
        // The first unclaimed position on the same good (a good may repeat).
        let hit = good.and_then(|g| {
            pending
                .iter_mut()
                .find(|p| p.is_some_and(|m| m.good_id == g.id))
                .and_then(Option::take)
        });
        let Some(pos) = hit else {
            changed = true; // no position on its good: removed in MoySklad
            continue;
        };
        let same_qty = (pos.quantity - line.quantity).abs() < 1e-9;
        let same_price = to_kopecks(line.price) == pos.price;
        changed |= !(same_qty && same_price);
        items.push(ItemEdit {
            id: line.id,
            xml_id: None,
            quantity: pos.quantity,
            price: (!same_price).then(|| from_kopecks(pos.price)),
            purchase_price: None,
        });
    }
    let mut notes = Vec::new();
    for pos in pending.into_iter().flatten() {
        let Some(xml_id) = pos.xml_id.clone().filter(|x| !x.is_empty()) else {
            notes.push(format!(
                "MS-S5: MoySklad good {} has no external code; it cannot be added to the CRM order",
                pos.good_id
            ));
            continue;
        };
        changed = true;
        items.push(ItemEdit {
            id: None,
            xml_id: Some(xml_id),
            quantity: pos.quantity,
            price: Some(from_kopecks(pos.price)),
            purchase_price: None,
        });
    }
    LineChanges {
        items: changed.then_some(items),
        notes,
    }
}
