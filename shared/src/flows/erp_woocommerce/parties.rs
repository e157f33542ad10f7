//! The ERP parties' links to WooCommerce accounts, and the claims that make
//! one worker create a new account.
//!
//! Link keys (entity `customer`): `(erp, T001)` and `(erp, T001/C1)` for a
//! third party and a contact, each linked to `(woocommerce, <customer id>)`;
//! the account's own link points back at the party that owns it (the first
//! of the parties sharing its e-mail, EW-4) and carries the fingerprint of
//! the account as we last wrote or read it (`account`), which tells the
//! shop's webhooks from echoes of our own writes.

use super::rules::{self, ErpRef, Wanted};
use crate::connectors::woocommerce::{WooCommerce, WooCustomer};
use crate::error::{Error, Result};
use crate::flows::links::{Claim, Claims, Resolution};
use crate::model::{EntityKind, System, TenantId};
use crate::store::{Link, LinkKey, LinkState, Links};

/// The link of an ERP party.
pub(super) fn party_key(tenant: &TenantId, party: &ErpRef) -> LinkKey {
    LinkKey::new(
        tenant,
        EntityKind::Customer,
        System::Erp,
        party.external_id(),
    )
}

/// The link of a WooCommerce account.
pub(super) fn account_key(tenant: &TenantId, id: i64) -> LinkKey {
    LinkKey::new(
        tenant,
        EntityKind::Customer,
        System::WooCommerce,
        id.to_string(),
    )
}

/// The account a complete link points at.
pub(super) fn linked_account(link: &Link) -> Option<i64> {
    if link.state != LinkState::Linked {
        return None;
    }
    link.peer(System::WooCommerce)?.parse().ok()
}

/// The complete links of every party of `wanted`, as the rules take them.
pub(super) async fn load(
    store: &dyn Links,
    tenant: &TenantId,
    wanted: &[Wanted],
) -> Result<Vec<rules::Link>> {
    let mut found = Vec::new();
    for party in wanted.iter().flat_map(|w| &w.parties) {
        let link = store.get_link(&party_key(tenant, party)).await?;
        if let Some(woo_id) = link.as_ref().and_then(linked_account) {
            found.push(rules::Link {
                erp: party.clone(),
                woo_id,
            });
        }
    }
    Ok(found)
}

/// Before `w` may be created: holds the claim on its owner's link, waiting
/// out another worker's (`Claims`). A link to an account the shop no longer
/// has is given up first, so it can be claimed. If another worker linked an
/// account meanwhile (before or while we wait), that account is read into
/// `accounts` and its link into `links`, and there is nothing to claim.
pub(super) async fn claim(
    store: &dyn Links,
    claims: &Claims,
    woo: &WooCommerce,
    tenant: &TenantId,
    w: &Wanted,
    accounts: &mut Vec<WooCustomer>,
    links: &mut Vec<rules::Link>,
) -> Result<Option<Claim>> {
    let owner = &w.parties[0];
    let key = party_key(tenant, owner);
    if let Some(link) = store.get_link(&key).await?
        && let Some(id) = linked_account(&link)
        && !accounts.iter().any(|a| a.id == id)
    {
        // Linked since the shop was read (another worker), or to an account
        // the shop no longer has: only the shop can tell.
        let found = woo.customers_by_ids(&[id]).await?;
        if !found.is_empty() {
            accounts.extend(found);
            links.push(rules::Link {
                erp: owner.clone(),
                woo_id: id,
            });
            return Ok(None);
        }
        // A pending link taken at time 0 is free for anyone (see `links`);
        // losing this write to another worker just means it moved first.
        let dropped = Link::pending(&link.group, claims.owner(), 0);
        store.replace_link(&key, &dropped, link.version).await?;
        links.retain(|l| l.woo_id != id);
    }
    match claims
        .resolve_or_claim(store, &key, System::WooCommerce)
        .await?
    {
        Resolution::Claimed(claim) => Ok(Some(claim)),
        Resolution::Linked(link) => {
            let id = linked_account(&link)
                .ok_or_else(|| Error::Storage(format!("link {key} has no account")))?;
            let found = woo.customers_by_ids(&[id]).await?;
            if found.is_empty() {
                // Linked by another worker, and deleted since: look again later.
                return Err(Error::Busy(format!("account {id} of {key} vanished")));
            }
            accounts.extend(found);
            links.push(rules::Link {
                erp: owner.clone(),
                woo_id: id,
            });
            Ok(None)
        }
    }
}
