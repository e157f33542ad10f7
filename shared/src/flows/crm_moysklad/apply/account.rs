//! MS-M11, the I/O half: the bank account of the customer order, decided by
//! `rules::payments::order_account` from the payments this change names
//! (`payload.payments`) and the decision kept from the order's earlier
//! changes (a per-order entry of the tenant's snapshot store), so a change
//! that touches no payment keeps the account the last changed one chose.

use super::context::Ctx;
use crate::connectors::moysklad::MetaRef;
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::error::Result;
use crate::flows::crm_moysklad::rules::payments::{account_ref, order_account};
use crate::model::{Envelope, TenantId};
use crate::store::Store;

const SNAPSHOT: &str = "ms-order-account";

/// The order's account and whether it is a new decision to keep.
pub(super) struct Account {
    pub reference: MetaRef,
    id: String,
    new: bool,
}

impl Account {
    /// Remembers the decision (after the order was written with it).
    pub async fn keep(&self, store: &Store, tenant: &TenantId, crm_id: i64) -> Result<()> {
        if !self.new {
            return Ok(());
        }
        let entry = (crm_id.to_string(), self.id.clone());
        store
            .snapshots
            .put_snapshots(tenant, SNAPSHOT, &[entry])
            .await
    }
}

/// The account the order of legal entity `org` takes, if any is mapped.
pub(super) async fn decide(
    store: &Store,
    ctx: &Ctx,
    envelope: &Envelope,
    order: &CrmOrderDetails,
    org: &str,
) -> Result<Option<Account>> {
    if ctx.sync.bank_accounts.is_empty() || org.is_empty() {
        return Ok(None);
    }
    let key = order.id.to_string();
    let mut kept = store
        .snapshots
        .get_snapshots(&envelope.tenant, SNAPSHOT, std::slice::from_ref(&key))
        .await?;
    let kept = kept.remove(&key);
    let changed: Vec<i64> =
        serde_json::from_value(envelope.payload["payments"].clone()).unwrap_or_default();
    let Some(id) = order_account(&ctx.sync, org, &order.payments, &changed, kept.as_deref()) else {
        return Ok(None);
    };
    Ok(Some(Account {
        reference: account_ref(ctx.ms.base_url(), org, &id),
        new: kept.as_deref() != Some(id.as_str()),
        id,
    }))
}
