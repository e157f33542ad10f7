//! The shop's webhooks about accounts we manage (`customer.updated`,
//! `customer.deleted`): journalled, and repaired at the third party's next
//! feed.
//!
//! An update whose managed fields match the fingerprint on the account's
//! link is the echo of our own write and is dropped. Otherwise the third
//! party that owns the account is marked for repair (`applied`): its next
//! feed, even of the version already applied, reads the shop and puts back
//! what the ERP holds; a deleted account is then found missing, its link
//! given up, and the account created again if the ERP still has its party
//! active (EW-5). Accounts we do not manage are ignored.
//!
//! `plan` reads only and is shared with the dry run
//! (`flows::dry_run::woo_customer`); `apply` carries it out.

use super::account;
use super::applied;
use super::parties::account_key;
use super::rules::ErpRef;
use crate::connectors::woocommerce::WooCustomer;
use crate::error::{Error, Result};
use crate::flows::done_key;
use crate::flows::{FlowCtx, Outcome, journal};
use crate::model::{Envelope, EventKind, System, TenantId};
use crate::settings::WooCommerceSettings;
use crate::store::{LinkState, Store};

/// What a webhook says of the account.
pub(crate) enum Change {
    Created,
    /// Its body: the account as the shop holds it now.
    Updated(Box<WooCustomer>),
    Deleted,
}

/// What a change of a managed account asks for: this journal message, and
/// the owner's next feed marked for repair.
pub(crate) struct Repair {
    pub owner: ErpRef,
    pub message: String,
}

/// The repair `change` of account `id` asks for; `Err` says why none.
/// Reads only.
pub(crate) async fn plan(
    store: &Store,
    shop: &WooCommerceSettings,
    tenant: &TenantId,
    id: i64,
    change: &Change,
) -> Result<std::result::Result<Repair, String>> {
    let link = store.links.get_link(&account_key(tenant, id)).await?;
    let owner = link
        .as_ref()
        .filter(|l| l.state == LinkState::Linked)
        .and_then(|l| ErpRef::parse(l.peer(System::Erp)?));
    let (Some(link), Some(owner)) = (link.as_ref(), owner) else {
        return Ok(Err(format!("account {id} is not linked to the ERP")));
    };
    let what = match change {
        Change::Updated(now) => {
            if link.fingerprint.as_deref() == Some(account::fingerprint(shop, now).as_str()) {
                return Ok(Err("our own write (echo)".into()));
            }
            format!(
                "was changed in the shop; the next ERP feed of {} puts back what the ERP holds",
                owner.tiers_id()
            )
        }
        Change::Deleted => format!(
            "was deleted in the shop; the next ERP feed of {} creates it again if the ERP \
             still has it active",
            owner.tiers_id()
        ),
        Change::Created => return Ok(Err("a new account".into())),
    };
    let message = format!(
        "WooCommerce account {id} of ERP {} {what}",
        owner.external_id()
    );
    Ok(Ok(Repair { owner, message }))
}

pub(super) async fn apply(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let shop = ctx.tenant.woocommerce_shop()?;
    let tenant = &envelope.tenant;
    let id: i64 = envelope
        .external_id
        .parse()
        .map_err(|_| Error::Invalid(format!("customer id {:?}", envelope.external_id)))?;
    let change = match envelope.kind {
        EventKind::Updated => Change::Updated(Box::new(
            serde_json::from_value(envelope.payload.clone())
                .map_err(|e| Error::Invalid(format!("WooCommerce customer: {e}")))?,
        )),
        EventKind::Deleted => Change::Deleted,
        EventKind::Created => Change::Created,
    };
    let Repair { owner, message } = match plan(ctx.store, shop, tenant, id, &change).await? {
        Ok(repair) => repair,
        Err(reason) => return Ok(Outcome::Skipped(reason)),
    };
    journal::note(ctx.store, ctx.tenant, "customer", &id.to_string(), &message).await;
    let cursors = ctx.store.cursors.as_ref();
    if let Some(dedupe_key) = applied::mark_for_repair(cursors, tenant, owner.tiers_id()).await? {
        ctx.store
            .idempotency
            .release_idempotency_key(tenant, &done_key(&dedupe_key))
            .await?;
    }
    Ok(Outcome::Applied)
}
