//! MS-S3 / MS-S4: a move for every warehouse order items are taken from
//! that is not the order's shipment store, bringing those items to it,
//! conducted at once when MS-S4 is on.
//!
//! A CRM order has one shipment store; the warehouse an item is taken from
//! is the store of its packs (`/orders/packs`). Choices where the seed is
//! silent: one move per (order, source warehouse), made once (its `syncId`
//! derives from both), so a redelivered or later change never moves the
//! goods twice; services are not moved (MoySklad refuses them in a move);
//! a source warehouse without an MS-M2 mapping is journalled and skipped.

use super::order_export::Goods;
use crate::connectors::moysklad::{Document, GoodsKind, MetaRef, Position, PositionsField};
use crate::connectors::retailcrm::{CrmOrderDetails, CrmPack};
use crate::settings::MoySkladSync;
use std::collections::BTreeMap;

/// One move to make: from CRM store `source`.
#[derive(Debug, Clone, PartialEq)]
pub struct MovePlan {
    pub source: String,
    pub body: Document,
}

/// The moves order `order` (exported as `ms_order_id`) needs, and journal notes.
pub fn moves(
    sync: &MoySkladSync,
    base_url: &str,
    order: &CrmOrderDetails,
    packs: &[CrmPack],
    goods: &BTreeMap<String, Goods>,
    ms_order_id: &str,
) -> (Vec<MovePlan>, Vec<String>) {
    let mut notes = Vec::new();
    let (Some(target), Some(org)) = (
        order
            .shipment_store
            .as_deref()
            .and_then(|s| sync.stores.get(s)),
        order.site.as_deref().and_then(|s| sync.shops.get(s)),
    ) else {
        return (Vec::new(), notes);
    };
    let mut by_store: BTreeMap<&str, Vec<Position>> = BTreeMap::new();
    for pack in packs {
        if Some(pack.store.as_str()) == order.shipment_store.as_deref() || pack.quantity <= 0.0 {
            continue;
        }
        let good = order
            .lines
            .iter()
            .find(|l| l.id == Some(pack.item_id))
            .and_then(|l| l.xml_id.as_ref())
            .and_then(|x| goods.get(x));
        let Some(good) = good.filter(|g| g.kind != GoodsKind::Service) else {
            continue;
        };
        by_store.entry(&pack.store).or_default().push(Position {
            assortment: Some(MetaRef::entity(base_url, good.kind.as_str(), &good.id)),
            quantity: Some(pack.quantity),
            ..Position::default()
        });
    }
    let mut plans = Vec::new();
    for (store, positions) in by_store {
        let Some(source) = sync.stores.get(store) else {
            notes.push(format!(
                "MS-S3: warehouse {store:?} is not mapped to a MoySklad store; no move is made"
            ));
            continue;
        };
        plans.push(MovePlan {
            source: store.to_owned(),
            body: Document {
                applicable: Some(sync.conduct_moves),
                organization: Some(MetaRef::entity(base_url, "organization", org)),
                source_store: Some(MetaRef::entity(base_url, "store", source)),
                target_store: Some(MetaRef::entity(base_url, "store", target)),
                customer_order: Some(MetaRef::entity(base_url, "customerorder", ms_order_id)),
                positions: Some(PositionsField::Rows(positions)),
                ..Document::default()
            },
        });
    }
    (plans, notes)
}
