//! The documents of an exported order, after the order itself: moves
//! (MS-S3/S4), payments (MS-M9..M11, MS-S15), the shipment with its cost
//! prices (MS-M6, MS-S10/S11, MS-S14) and returns (MS-M7).
//!
//! Each step checks its own state (a link per document), and every create
//! carries a `syncId` derived from what the document is for: a redelivery,
//! a reordered message or a crash between creating a document and linking
//! it finds or gets back the first document, never makes a second.

use super::context::Ctx;
use super::{demand, moves, payments, returns};
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::error::Result;
use crate::flows::crm_moysklad::rules::order_export::Goods;
use crate::model::{EntityKind, Envelope, System, TenantId};
use crate::store::{LinkKey, Store};
use std::collections::BTreeMap;

/// What the document steps share: the order on both sides and its parties.
pub(super) struct Exported<'a> {
    pub envelope: &'a Envelope,
    pub crm: &'a CrmOrderDetails,
    /// The MoySklad customer order's id.
    pub ms_id: &'a str,
    /// The buyer's counterparty and the shop's legal entity.
    pub agent: &'a str,
    pub org: &'a str,
    pub goods: &'a BTreeMap<String, Goods>,
}

impl Exported<'_> {
    pub fn tenant(&self) -> &TenantId {
        &self.envelope.tenant
    }

    /// A link key of this tenant.
    pub fn key(&self, kind: EntityKind, system: System, id: impl Into<String>) -> LinkKey {
        LinkKey::new(self.tenant(), kind, system, id)
    }
}

/// Runs every document step; `true` when one wrote something.
pub(super) async fn sync(
    store: &Store,
    ctx: &Ctx,
    order: &Exported<'_>,
    shipment_due: bool,
) -> Result<bool> {
    let mut wrote = moves::sync(store, ctx, order).await?;
    wrote |= payments::sync(store, ctx, order).await?;
    if shipment_due {
        wrote |= demand::sync(store, ctx, order).await?;
    }
    wrote |= returns::sync(store, ctx, order).await?;
    Ok(wrote)
}

/// The MoySklad id a document link of `key` records, if any.
pub(super) async fn linked(store: &Store, key: &LinkKey) -> Result<Option<String>> {
    Ok(store
        .links
        .get_link(key)
        .await?
        .and_then(|l| l.peer(System::MoySklad).map(str::to_owned)))
}
