//! Records an account once the shop has it: each party's link to it (the
//! owner's through its claim when it held one), and the account's own link
//! back to its owner with the account's fingerprint (`account`). Links that
//! already say the same are not written again, so a feed that changes
//! nothing writes nothing.

use super::account;
use super::parties::{account_key, party_key};
use super::rules::{self, AccountPlan};
use crate::connectors::woocommerce::WooCustomer;
use crate::error::Result;
use crate::flows::links::{self, Claim, Claims};
use crate::model::{System, TenantId};
use crate::settings::WooCommerceSettings;
use crate::store::Links;

/// Where and for whom links are written.
pub(super) struct Recorder<'a> {
    pub store: &'a dyn Links,
    pub claims: &'a Claims,
    pub tenant: &'a TenantId,
    pub settings: &'a WooCommerceSettings,
}

impl Recorder<'_> {
    /// Links `plan`'s parties to `account` (`claim`: the owner's, if held)
    /// and updates `known`, the links the rules see.
    pub(super) async fn account(
        &self,
        plan: &AccountPlan,
        account: &WooCustomer,
        claim: Option<Claim>,
        known: &mut Vec<rules::Link>,
    ) -> Result<()> {
        let (store, tenant) = (self.store, self.tenant);
        let id = account.id.to_string();
        if let Some(claim) = &claim {
            self.claims
                .complete(store, claim, System::WooCommerce, &id)
                .await?;
        }
        for (n, party) in plan.parties.iter().enumerate() {
            let settled = (n == 0 && claim.is_some())
                || known
                    .iter()
                    .any(|l| l.erp == *party && l.woo_id == account.id);
            if !settled {
                links::upsert(
                    store,
                    &party_key(tenant, party),
                    System::WooCommerce,
                    &id,
                    |_| {},
                )
                .await?;
            }
            known.retain(|l| l.erp != *party);
            known.push(rules::Link {
                erp: party.clone(),
                woo_id: account.id,
            });
        }
        let owner = plan.parties[0].external_id();
        let fingerprint = account::fingerprint(self.settings, account);
        let key = account_key(tenant, account.id);
        let current = store.get_link(&key).await?;
        let same = current.as_ref().is_some_and(|l| {
            l.fingerprint.as_deref() == Some(fingerprint.as_str())
                && l.peer(System::Erp) == Some(owner.as_str())
        });
        if !same {
            links::upsert(store, &key, System::Erp, &owner, |link| {
                link.fingerprint = Some(fingerprint.clone());
            })
            .await?;
        }
        Ok(())
    }
}
