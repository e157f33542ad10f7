//! The plan for one third party: the stale check, EW-7, then for each
//! account EW-4 wants, its match in the shop, EW-5/EW-6 and EW-1..EW-3.
//!
//! Safety rules of our own, written down here:
//! - An existing account is matched to one wanted account at most, and an
//!   e-mail already used by an account that another party claimed is never
//!   created again (WooCommerce would refuse it anyway).
//! - Accounts with a role we do not manage (anything but `customer`,
//!   `subscriber` and, with role deactivation, the two configured roles; an
//!   administrator, say, whose e-mail matches a contact) are left alone.
//! - An e-mail change is not sent when another account holds the new
//!   e-mail (400 `woocommerce_rest_customer_invalid_email`), nor for an
//!   account whose role WooCommerce protects (9.5+: not customer/subscriber).

use super::ew_1_fields::{Desired, changes, create_fields, desired, is_active};
use super::ew_2_password::password_choice;
use super::ew_4_accounts::{Wanted, wanted_accounts};
use super::ew_5_inactive::{Step, step};
use super::ew_7_no_contacts::is_sent;
use super::input::Input;
use super::plan::{AccountPlan, Action, Activation, Plan, Skip};
use crate::connectors::woocommerce::WooCustomer;
use crate::settings::{Deactivation, WooCommerceSettings};
use std::collections::HashSet;

/// Roles WooCommerce lets its customer API edit fully.
const PLAIN_ROLES: [&str; 2] = ["customer", "subscriber"];

/// Decides what to do with `input.third_party`.
pub fn plan(input: Input<'_>) -> Plan {
    let tp = input.third_party;
    if let Some(last_applied) = input.last_applied.filter(|_| input.is_stale()) {
        return Plan::Skip(Skip::Stale {
            got: tp.updated_at,
            last_applied,
        });
    }
    if !is_sent(tp) {
        return Plan::Skip(Skip::NoContacts);
    }
    let settings = input.settings;
    let (wanted, mut notes) = wanted_accounts(tp);
    let mut claimed = HashSet::new();
    let mut accounts = Vec::with_capacity(wanted.len());
    for w in wanted {
        let existing = matching(&input, &w, &claimed);
        if let Some(a) = existing {
            claimed.insert(a.id);
            if !managed(settings, a) {
                notes.push(format!(
                    "{}: account {} has role {:?}, which Synclane does not manage; left alone",
                    w.email, a.id, a.role
                ));
                continue;
            }
        } else if input.accounts.iter().any(|a| same(&a.email, &w.email)) {
            notes.push(format!(
                "{}: the e-mail belongs to an account already matched to another party; not created",
                w.email
            ));
            continue;
        }
        let d = desired(settings, tp, &w);
        let action = match step(w.active, existing) {
            Step::NotCreated => Action::NotCreated,
            Step::Create => Action::Create {
                fields: create_fields(settings, &d),
                password: password_choice(settings),
                role: role(settings, true).filter(|r| r != "customer"),
            },
            Step::Sync(a) => update(&input, &d, a, true, &mut notes),
            Step::DeactivateOnly(a) => update(&input, &d, a, false, &mut notes),
        };
        accounts.push(AccountPlan {
            parties: w.parties,
            email: w.email,
            action,
        });
    }
    Plan::Apply {
        version: tp.updated_at,
        accounts,
        notes,
    }
}

/// The account of `w`: a linked one still in the shop, else the one with its e-mail.
fn matching<'a>(input: &Input<'a>, w: &Wanted, claimed: &HashSet<i64>) -> Option<&'a WooCustomer> {
    let free = |a: &&WooCustomer| !claimed.contains(&a.id);
    let linked = w.parties.iter().find_map(|p| {
        let link = input.links.iter().find(|l| l.erp == *p)?;
        input
            .accounts
            .iter()
            .filter(free)
            .find(|a| a.id == link.woo_id)
    });
    linked.or_else(|| {
        input
            .accounts
            .iter()
            .filter(free)
            .find(|a| same(&a.email, &w.email))
    })
}

fn update(
    input: &Input<'_>,
    d: &Desired,
    current: &WooCustomer,
    with_fields: bool,
    notes: &mut Vec<String>,
) -> Action {
    let settings = input.settings;
    let mut fields = changes(settings, d, current, with_fields);
    if fields.email.is_some() {
        let taken = input
            .accounts
            .iter()
            .any(|a| a.id != current.id && same(&a.email, &d.email));
        let protected = !PLAIN_ROLES.contains(&current.role.as_str());
        if taken || protected {
            fields.email = None;
            fields.billing.email = None;
            let why = if taken {
                "another account holds it"
            } else {
                "WooCommerce does not let its API change it for this role"
            };
            notes.push(format!(
                "account {}: e-mail not changed from {} to {} ({why})",
                current.id, current.email, d.email
            ));
        }
    }
    let role = role(settings, d.active).filter(|r| *r != current.role);
    let activation = match (is_active(settings, current), d.active) {
        (false, true) => Some(Activation::Activate),
        (true, false) => Some(Activation::Deactivate),
        _ => None,
    };
    if fields.is_empty() && role.is_none() {
        return Action::Unchanged { id: current.id };
    }
    Action::Update {
        id: current.id,
        fields,
        role,
        activation,
    }
}

/// The role an account should have, with role deactivation.
fn role(settings: &WooCommerceSettings, active: bool) -> Option<String> {
    match &settings.deactivation {
        Deactivation::Role {
            active: on,
            inactive,
            ..
        } => Some(if active { on } else { inactive }.clone()),
        Deactivation::Meta { .. } => None,
    }
}

fn managed(settings: &WooCommerceSettings, a: &WooCustomer) -> bool {
    PLAIN_ROLES.contains(&a.role.as_str())
        || matches!(&settings.deactivation,
            Deactivation::Role { active, inactive, .. } if a.role == *active || a.role == *inactive)
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}
