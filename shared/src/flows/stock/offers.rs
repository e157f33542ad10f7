//! Turning report rows into CRM uploads and MS-P3 snapshot entries.
//!
//! Snapshot `stock`, key `{crm store code}|{MoySklad good id}`, value
//! `{kind}|{xmlId}|{available}|{purchase price}`: what was last pushed, plus
//! what a delta pass needs to push again without the full report (the
//! xmlId and whether the good is a product or a variant).

use crate::connectors::retailcrm::{InventoryOffer, InventoryStore};
use crate::flows::stock::rules::StoreValues;

/// The snapshot's name.
pub(super) const SNAPSHOT: &str = "stock";

/// One offer in one warehouse, ready to push.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    pub store_code: String,
    pub good_id: String,
    /// `product` or `variant`.
    pub kind: String,
    pub xml_id: String,
    pub values: StoreValues,
}

impl Entry {
    pub fn key(&self) -> String {
        key(&self.store_code, &self.good_id)
    }

    pub fn snapshot(&self) -> String {
        format!("{}|{}|{}", self.kind, self.xml_id, self.values.encode())
    }

    pub fn offer(&self) -> InventoryOffer {
        InventoryOffer {
            xml_id: self.xml_id.clone(),
            stores: vec![InventoryStore {
                code: self.store_code.clone(),
                available: self.values.available,
                purchase_price: self.values.purchase_price.map(|k| k as f64 / 100.0),
            }],
        }
    }
}

pub(super) fn key(store_code: &str, good_id: &str) -> String {
    format!("{store_code}|{good_id}")
}

/// What a snapshot value says besides the values: kind and xmlId.
pub(super) struct Known<'a> {
    pub kind: &'a str,
    pub xml_id: &'a str,
}

pub(super) fn parse(snapshot: &str) -> Option<Known<'_>> {
    let (kind, rest) = snapshot.split_once('|')?;
    let (xml_id, _values) = rest.split_once('|')?;
    Some(Known { kind, xml_id })
}
