//! The OpenCart account of a CRM person (OC-R2 "exists in OpenCart", OC-R3
//! "not in OpenCart"): through the link the forward direction recorded
//! when that person bought in the shop, else by e-mail address in the
//! shop's customer list. Never created.

use super::rules::Account;
use crate::connectors::opencart::OpenCart;
use crate::connectors::opencart::api::OcCustomer;
use crate::error::Result;
use crate::model::{EntityKind, System, TenantId};
use crate::store::{LinkKey, Links};

/// The account, or `None` (a guest order, OC-R3).
pub async fn find(
    links: &dyn Links,
    shop: &OpenCart,
    tenant: &TenantId,
    crm_person: Option<i64>,
    email: Option<&str>,
) -> Result<Option<Account>> {
    if let Some(id) = crm_person {
        let key = LinkKey::new(
            tenant,
            EntityKind::Customer,
            System::RetailCrm,
            id.to_string(),
        );
        let linked = links.get_link(&key).await?;
        // `c:<id>` is a registered customer; `guest:…` keys have no account.
        let registered = linked
            .as_ref()
            .and_then(|l| l.peer(System::OpenCart))
            .and_then(|k| k.strip_prefix("c:"))
            .and_then(|id| id.parse::<i64>().ok());
        if let Some(customer_id) = registered
            && let Some(record) = shop.customer_get(customer_id).await?
        {
            return Ok(Some(account(&record.customer)));
        }
    }
    match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(email) => Ok(shop.customer_by_email(email).await?.as_ref().map(account)),
        None => Ok(None),
    }
}

fn account(customer: &OcCustomer) -> Account {
    Account {
        customer_id: customer.customer_id,
        customer_group_id: customer.customer_group_id,
    }
}
