//! The order ⇄ deal links. The public API cannot set a deal's
//! `external_id` (the CRM's own `shop:<id>` link), so the pair is kept
//! here: both records under the `order` kind, the order's link naming the
//! deal (`webasyst_crm`) and the deal's naming the order (`shopscript`).

use crate::error::Result;
use crate::model::{EntityKind, System, TenantId};
use crate::store::{LinkKey, Links};

/// The link key of a Shop-Script order.
pub fn order_key(tenant: &TenantId, order_id: i64) -> LinkKey {
    LinkKey::new(
        tenant,
        EntityKind::Order,
        System::ShopScript,
        order_id.to_string(),
    )
}

/// The link key of a CRM deal (its order's counterpart).
pub fn deal_key(tenant: &TenantId, deal_id: i64) -> LinkKey {
    LinkKey::new(
        tenant,
        EntityKind::Order,
        System::WebasystCrm,
        deal_id.to_string(),
    )
}

/// The deal linked to `order_id`, if any.
pub async fn deal_of(links: &dyn Links, tenant: &TenantId, order_id: i64) -> Result<Option<i64>> {
    let link = links.get_link(&order_key(tenant, order_id)).await?;
    Ok(link.and_then(|l| l.peer(System::WebasystCrm)?.parse().ok()))
}

/// The order linked to `deal_id`, if any.
pub async fn order_of(links: &dyn Links, tenant: &TenantId, deal_id: i64) -> Result<Option<i64>> {
    let link = links.get_link(&deal_key(tenant, deal_id)).await?;
    Ok(link.and_then(|l| l.peer(System::ShopScript)?.parse().ok()))
}
