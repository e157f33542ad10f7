//! MS-R2: line reconciliation for a sale made from an existing order, and
//! MS-R1's "a new order gets all lines".
//!
//! The seed lets each of the four actions (increase, decrease, add new,
//! remove missing) be switched on alone; none on means no line sync. It also
//! says the reference ignores further sales of the same order. Here the
//! order is compared with the goods of *all* its sales seen so far (summed
//! per good), which is what a merchant selling an order in two receipts
//! expects, and gives the same result whichever sale arrives first.
//! CRM items without an `xmlId` cannot be matched and are left alone.

use super::input::SaleLine;
use crate::connectors::retailcrm::CrmItem;
use crate::settings::RetailOptions;
use std::collections::BTreeMap;

/// Quantities equal to within this are the same (MoySklad keeps 4 decimals).
const EPS: f64 = 1e-6;

/// Every line of a sale as a new CRM item.
pub fn new_order_items(lines: &[SaleLine]) -> Vec<CrmItem> {
    summed(lines)
        .into_values()
        .map(|l| CrmItem {
            id: None,
            xml_id: Some(l.xml_id),
            name: l.name,
            quantity: l.quantity,
            price: l.price,
        })
        .collect()
}

/// The order's items after MS-R2, or `None` when nothing is to change
/// (no option on, or the items already agree with the sales).
pub fn reconcile(
    options: &RetailOptions,
    items: &[CrmItem],
    sold: &[SaleLine],
) -> Option<Vec<CrmItem>> {
    if !options.syncs_lines() {
        return None;
    }
    let mut sold = summed(sold);
    let mut out = Vec::with_capacity(items.len());
    let mut changed = false;
    for item in items {
        let Some(key) = item.xml_id.as_deref() else {
            out.push(item.clone());
            continue;
        };
        let Some(line) = sold.remove(key) else {
            if options.remove_missing_goods {
                changed = true;
            } else {
                out.push(item.clone());
            }
            continue;
        };
        let more = line.quantity > item.quantity + EPS && options.increase_quantity;
        let less = line.quantity + EPS < item.quantity && options.decrease_quantity;
        let mut kept = item.clone();
        if more || less {
            kept.quantity = line.quantity;
            changed = true;
        }
        out.push(kept);
    }
    if options.add_new_goods {
        for line in sold.into_values() {
            changed = true;
            out.push(CrmItem {
                id: None,
                xml_id: Some(line.xml_id),
                name: line.name,
                quantity: line.quantity,
                price: line.price,
            });
        }
    }
    changed.then_some(out)
}

/// Lines summed per good, in a stable order; the first line's name and price stand.
fn summed(lines: &[SaleLine]) -> BTreeMap<String, SaleLine> {
    let mut by_good: BTreeMap<String, SaleLine> = BTreeMap::new();
    for line in lines {
        by_good
            .entry(line.xml_id.clone())
            .and_modify(|l| l.quantity += line.quantity)
            .or_insert_with(|| line.clone());
    }
    by_good
}
