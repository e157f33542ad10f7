//! The reads a CRM order's export starts from, shared by the flow
//! (`order_export::sync`) and its dry run (`flows::dry_run::crm_moysklad`)
//! so both see the same state: the order's link and MoySklad order, and
//! whether its shipment is made. The goods look-up (`resolve_goods`), the
//! retail-sale check (`from_retail_sale`) and the MS-M6 status check
//! (`shipment_known`) are the flow's own, re-exported here.

use crate::error::Result;
use crate::model::{EntityKind, System, TenantId};
use crate::store::{Link, LinkKey, Store};

pub(crate) use super::order_goods::{from_retail_sale, resolve_goods};
pub(crate) use super::status_seen::shipment_known;

/// The CRM order's link and the MoySklad order it names.
pub(crate) struct Linked {
    pub key: LinkKey,
    pub link: Option<Link>,
    pub ms_order_id: Option<String>,
}

pub(crate) async fn linked(store: &Store, tenant: &TenantId, crm_id: i64) -> Result<Linked> {
    let key = LinkKey::new(
        tenant,
        EntityKind::Order,
        System::RetailCrm,
        crm_id.to_string(),
    );
    let link = store.links.get_link(&key).await?;
    let ms_order_id = link
        .as_ref()
        .and_then(|l| l.peer(System::MoySklad))
        .map(str::to_owned);
    Ok(Linked {
        key,
        link,
        ms_order_id,
    })
}

/// Whether the order's MS-M6 shipment (demand) is made already.
pub(crate) async fn shipped(store: &Store, tenant: &TenantId, crm_id: i64) -> Result<bool> {
    let demand_key = LinkKey::new(
        tenant,
        EntityKind::Shipment,
        System::RetailCrm,
        crm_id.to_string(),
    );
    Ok(store.links.get_link(&demand_key).await?.is_some())
}
