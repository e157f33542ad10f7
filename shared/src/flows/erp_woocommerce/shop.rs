//! What the rules need to know of the shop, read with as few requests as
//! the decisions allow (the shop's request budget is the merchant's):
//! - the linked accounts, by id (`include=`, 100 a request, any role);
//! - by e-mail (`email=`, `role=all`), only where an e-mail decides: an
//!   inactive party without an account (EW-5: an account the customer made
//!   in the shop with that e-mail is deactivated too), and a linked account
//!   whose e-mail the ERP changed (the new one may belong to another
//!   account).
//!
//! An active party without an account is not looked up: it is created at
//! once, and WooCommerce's `registration-error-email-exists` answer sends it
//! back through a look-up by e-mail and a new plan that links the existing
//! account (`apply`). On a first sync that saves a read per account.

use super::rules::{self, Wanted};
use crate::connectors::woocommerce::{WooCommerce, WooCustomer};
use crate::error::Result;

/// The accounts of `wanted` as the shop has them now (see the module docs).
pub(super) async fn read(
    woo: &WooCommerce,
    wanted: &[Wanted],
    links: &[rules::Link],
) -> Result<Vec<WooCustomer>> {
    let mut ids: Vec<i64> = links.iter().map(|l| l.woo_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut accounts = if ids.is_empty() {
        Vec::new()
    } else {
        woo.customers_by_ids(&ids).await?
    };
    for w in wanted {
        let present = linked(w, links, &accounts);
        let look_up = match present {
            None => !w.active,
            Some(account) => !account.email.trim().eq_ignore_ascii_case(w.email.trim()),
        };
        if look_up {
            by_email(woo, &w.email, &mut accounts).await?;
        }
    }
    Ok(accounts)
}

/// Adds the accounts with `email` that are not in `accounts` yet.
pub(super) async fn by_email(
    woo: &WooCommerce,
    email: &str,
    accounts: &mut Vec<WooCustomer>,
) -> Result<()> {
    for found in woo.customers_by_email(email).await? {
        match accounts.iter_mut().find(|a| a.id == found.id) {
            Some(known) => *known = found,
            None => accounts.push(found),
        }
    }
    Ok(())
}

/// The account in `accounts` that one of `w`'s parties is linked to.
pub(super) fn linked<'a>(
    w: &Wanted,
    links: &[rules::Link],
    accounts: &'a [WooCustomer],
) -> Option<&'a WooCustomer> {
    w.parties.iter().find_map(|party| {
        let link = links.iter().find(|l| l.erp == *party)?;
        accounts.iter().find(|a| a.id == link.woo_id)
    })
}
