//! The deal's client: the CRM contact of the order's customer (SS-1 "the
//! same client", SS-2). Found by e-mail, then phone; created when the CRM
//! has neither. Linked to the shop's contact (kind `customer`), so the
//! next order of the same customer costs no look-up, and claimed first, so
//! two orders of one new customer handled at once make one contact.

use crate::connectors::webasyst::{Crm, NewContact, Order};
use crate::error::{Error, Result};
use crate::flows::FlowCtx;
use crate::flows::links::Resolution;
use crate::model::{EntityKind, System};
use crate::store::LinkKey;

/// The shop's customer key: its contact id, else its e-mail.
fn customer_key(ctx: &FlowCtx<'_>, order: &Order) -> Option<LinkKey> {
    let contact = order.contact.as_ref();
    let id = order
        .contact_id
        .or(contact.and_then(|c| c.id))
        .map(|id| id.to_string())
        .or_else(|| {
            contact
                .and_then(|c| c.email.as_deref())
                .map(|e| format!("email:{}", e.trim().to_lowercase()))
        })?;
    Some(LinkKey::new(
        &ctx.tenant.id,
        EntityKind::Customer,
        System::ShopScript,
        id,
    ))
}

/// The CRM contact of `order`'s customer, without creating one.
pub(super) async fn find(ctx: &FlowCtx<'_>, crm: &Crm, order: &Order) -> Result<Option<i64>> {
    if let Some(key) = customer_key(ctx, order)
        && let Some(link) = ctx.store.links.get_link(&key).await?
        && let Some(id) = link.peer(System::WebasystCrm).and_then(|p| p.parse().ok())
    {
        return Ok(Some(id));
    }
    look_up(crm, order).await
}

/// The CRM contact of `order`'s customer, created if the CRM has none.
pub(super) async fn find_or_create(ctx: &FlowCtx<'_>, crm: &Crm, order: &Order) -> Result<i64> {
    let Some(key) = customer_key(ctx, order) else {
        return create(crm, order).await;
    };
    let links = ctx.store.links.as_ref();
    let claim = match ctx
        .claims
        .resolve_or_claim(links, &key, System::WebasystCrm)
        .await?
    {
        Resolution::Linked(link) => {
            let id = link.peer(System::WebasystCrm).and_then(|p| p.parse().ok());
            return id.ok_or_else(|| Error::Storage(format!("link {key} names no CRM contact")));
        }
        Resolution::Claimed(claim) => claim,
    };
    let id = match look_up(crm, order).await? {
        Some(id) => id,
        None => create(crm, order).await?,
    };
    ctx.claims
        .complete(links, &claim, System::WebasystCrm, &id.to_string())
        .await?;
    Ok(id)
}

/// The CRM contact of the order's customer: by e-mail; by phone only when
/// the order has no e-mail. An e-mail names one person, a phone may be
/// shared (a family, an office): a new e-mail is a new contact, or one
/// customer's deals would land on another's contact, and stay linked there.
async fn look_up(crm: &Crm, order: &Order) -> Result<Option<i64>> {
    let contact = order.contact.as_ref();
    let email = contact
        .and_then(|c| c.email.as_deref())
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if let Some(email) = email {
        return crm.find_contact("email", email).await;
    }
    if let Some(phone) = contact.and_then(|c| c.phone.as_deref()) {
        return crm.find_contact("phone", phone.trim()).await;
    }
    Ok(None)
}

async fn create(crm: &Crm, order: &Order) -> Result<i64> {
    let contact = order.contact.clone();
    let new = NewContact {
        name: contact
            .as_ref()
            .and_then(|c| c.name.clone())
            .unwrap_or_default(),
        email: contact.as_ref().and_then(|c| c.email.clone()),
        phone: contact.as_ref().and_then(|c| c.phone.clone()),
    };
    crm.add_contact(&new).await
}
