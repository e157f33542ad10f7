//! CRM order → MoySklad customer order: whether and what to export
//! (MS-M1, MS-M3, MS-M4, MS-M5, MS-S2/MS-M8, MS-S9, MS-S12).
//!
//! `precheck` runs before any MoySklad look-up (an order that will not be
//! exported costs no calls); `decide` builds the order body once its goods
//! are resolved. The buyer (`agent`) is filled in by the worker after the
//! counterparty is resolved (MS-B2), so an order refused here never creates
//! a counterparty. Documents (reserves, moves, shipments, returns, payments)
//! hang off the returned `ExportPlan` in a later issue: it says whether the
//! order is new and carries the state the document rules need.

use crate::connectors::moysklad::mapping::to_kopecks;
use crate::connectors::moysklad::{
    CustomerOrder, GoodsKind, Meta, MetaRef, Position, PositionsField,
};
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::settings::MoySkladSync;
use std::collections::BTreeMap;

/// A MoySklad good an offer's xmlId resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goods {
    pub kind: GoodsKind,
    pub id: String,
}

/// What the worker knows when deciding.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    pub sync: &'a MoySkladSync,
    /// MoySklad base URL, for `meta` references.
    pub base_url: &'a str,
    pub order: &'a CrmOrderDetails,
    /// The linked MoySklad order, once exported.
    pub ms_order_id: Option<&'a str>,
    /// Goods found per xmlId (missing keys: not in MoySklad's catalogue).
    pub goods: &'a BTreeMap<String, Goods>,
}

/// Whether the MoySklad order is created or updated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Create,
    Update(String),
}

/// An order to write: `body` lacks only `agent` (and `syncId` on create).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPlan {
    pub target: Target,
    pub body: CustomerOrder,
}

/// The rules' answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Nothing to do, and why (not an error).
    Skip(String),
    /// Cannot be exported as it is: the merchant must fix something (MS-B8 journal).
    Journal(String),
    Export(Box<ExportPlan>),
}

/// MS-M4 and the mapping part of MS-M5, before any look-up.
pub fn precheck(sync: &MoySkladSync, order: &CrmOrderDetails, exported: bool) -> Option<Verdict> {
    let status = order.status.as_deref().unwrap_or_default();
    if !exported
        && !sync.export_statuses.is_empty()
        && !sync.export_statuses.iter().any(|s| s == status)
    {
        return Some(Verdict::Skip(format!(
            "MS-M4: status {status:?} is not an export status; the order waits"
        )));
    }
    let site = order.site.as_deref().unwrap_or_default();
    if !sync.shops.contains_key(site) {
        return Some(Verdict::Journal(format!(
            "MS-M5: shop {site:?} is not mapped to a MoySklad legal entity"
        )));
    }
    match order.shipment_store.as_deref() {
        None | Some("") => Some(Verdict::Journal(
            "MS-M5: the order has no shipping warehouse".into(),
        )),
        Some(store) if !sync.stores.contains_key(store) => Some(Verdict::Journal(format!(
            "MS-M5: warehouse {store:?} is not mapped to a MoySklad store"
        ))),
        _ => None,
    }
}

/// The whole decision (re-checks `precheck`).
pub fn decide(input: ExportInput<'_>) -> Verdict {
    let ExportInput {
        sync,
        base_url,
        order,
        ms_order_id,
        goods,
    } = input;
    if let Some(v) = precheck(sync, order, ms_order_id.is_some()) {
        return v;
    }
    let mut positions = Vec::with_capacity(order.lines.len());
    for (n, line) in order.lines.iter().enumerate() {
        let Some(xml_id) = line.xml_id.as_deref().filter(|x| !x.is_empty()) else {
            return Verdict::Journal(format!(
                "MS-M5: line {} ({:?}) is not linked to the MoySklad catalogue (no xmlId)",
                n + 1,
                line.name
            ));
        };
        let Some(good) = goods.get(xml_id) else {
            return Verdict::Journal(format!(
                "MS-M5: line {} ({:?}): no MoySklad good with external code {xml_id:?}",
                n + 1,
                line.name
            ));
        };
        if good.kind == GoodsKind::Service && !sync.services_as_goods {
            return Verdict::Journal(format!(
                "MS-S12: line {} ({:?}) is a MoySklad service; turn on \"export services as goods\"",
                n + 1,
                line.name
            ));
        }
        // MS-S2 / MS-M8: reserve when on, for the chosen item statuses (none chosen: all).
        let reserve = sync.auto_reserve
            && good.kind != GoodsKind::Service
            && (sync.reserve_item_statuses.is_empty()
                || line
                    .status
                    .as_ref()
                    .is_some_and(|s| sync.reserve_item_statuses.contains(s)));
        positions.push(Position {
            assortment: Some(MetaRef::entity(base_url, good.kind.as_str(), &good.id)),
            quantity: Some(line.quantity),
            price: Some(to_kopecks(line.price)),
            reserve: reserve.then_some(line.quantity),
            ..Position::default()
        });
    }
    let site = order.site.as_deref().unwrap_or_default();
    let store = order.shipment_store.as_deref().unwrap_or_default();
    let body = CustomerOrder {
        // MS-S9: MoySklad numbers the order itself.
        name: order.number.clone().filter(|_| !sync.skip_order_number),
        external_code: Some(order.id.to_string()),
        description: order.manager_comment.clone(),
        organization: sync
            .shops
            .get(site)
            .map(|id| MetaRef::entity(base_url, "organization", id)),
        sales_channel: sync
            .channels
            .get(site)
            .map(|id| MetaRef::entity(base_url, "saleschannel", id)),
        store: sync
            .stores
            .get(store)
            .map(|id| MetaRef::entity(base_url, "store", id)),
        // MS-M3: mapped statuses only; an unmapped one leaves MoySklad's state alone.
        state: order
            .status
            .as_ref()
            .and_then(|s| sync.statuses.get(s))
            .map(|id| state_ref(base_url, id)),
        shipment_address: order
            .delivery_address
            .as_ref()
            .map(|a| a.text())
            .filter(|t| !t.is_empty()),
        positions: Some(PositionsField::Rows(positions)),
        ..CustomerOrder::default()
    };
    let target = match ms_order_id {
        Some(id) => Target::Update(id.to_owned()),
        None => Target::Create,
    };
    Verdict::Export(Box::new(ExportPlan { target, body }))
}

/// A customer-order state reference (`entity/customerorder/metadata/states/{id}`).
pub fn state_ref(base_url: &str, id: &str) -> MetaRef {
    MetaRef {
        meta: Meta {
            href: format!(
                "{}/entity/customerorder/metadata/states/{id}",
                base_url.trim_end_matches('/')
            ),
            kind: Some("state".into()),
            ..Meta::entity(base_url, "state", id)
        },
    }
}
