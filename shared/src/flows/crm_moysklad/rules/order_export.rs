//! CRM order → MoySklad customer order: whether and what to export
//! (MS-M1, MS-M3, MS-M4, MS-M5, MS-S9; the positions, with MS-S1/S13,
//! MS-S2/M8, MS-S12 and MS-B5, are `positions`').
//!
//! `precheck` runs before any MoySklad look-up (an order that will not be
//! exported costs no calls); `decide` builds the order body once its goods
//! are resolved. The buyer (`agent`) is filled in by the worker after the
//! counterparty is resolved (MS-B2), so an order refused here never creates
//! a counterparty. The documents (moves, shipments, returns, payments) are
//! decided by their own rules once the order is in MoySklad.

pub use super::positions::Goods;
use super::positions::Lines;
use crate::connectors::moysklad::{CustomerOrder, Meta, MetaRef, PositionsField};
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::settings::MoySkladSync;
use std::collections::BTreeMap;

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
    /// The order is shipped, or is being shipped now (MS-M6 writes reserves off).
    pub shipped: bool,
}

/// Whether the MoySklad order is created or updated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Create,
    Update(String),
}

/// An order to write: `body` lacks `agent`, the custom attributes (MS-M12,
/// MS-C1), the bank account (MS-M11) and, on create, `syncId`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportPlan {
    pub target: Target,
    pub body: CustomerOrder,
    /// Things the merchant should know that do not stop the export (MS-S13).
    pub notes: Vec<String>,
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
        shipped,
    } = input;
    if let Some(v) = precheck(sync, order, ms_order_id.is_some()) {
        return v;
    }
    let lines = Lines {
        sync,
        base_url,
        order,
        goods,
        shipped,
    };
    let (positions, notes) = match super::positions::positions(lines) {
        Ok(found) => found,
        Err(reason) => return Verdict::Journal(reason),
    };
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
    Verdict::Export(Box::new(ExportPlan {
        target,
        body,
        notes,
    }))
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
