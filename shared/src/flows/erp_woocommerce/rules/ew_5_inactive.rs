//! EW-5: an inactive third party is not created in the shop; if its
//! accounts exist they are deactivated, its contacts' too (EW-6 makes every
//! contact of an inactive third party inactive). The same holds for a
//! contact that EW-6 makes inactive: no new account, the existing one
//! deactivated.
//!
//! A deactivated account gets only its status written: its other fields are
//! left as the shop has them, since nobody can use the account until the ERP
//! activates it again (which sends everything).

use crate::connectors::woocommerce::WooCustomer;

/// What happens to one wanted account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step<'a> {
    /// Active, no account yet.
    Create,
    /// Active, the account exists: fields and status.
    Sync(&'a WooCustomer),
    /// Inactive, the account exists: status only.
    DeactivateOnly(&'a WooCustomer),
    /// Inactive, no account: nothing is created.
    NotCreated,
}

/// EW-5: the step for an account that should be `active`.
pub fn step(active: bool, existing: Option<&WooCustomer>) -> Step<'_> {
    match (active, existing) {
        (true, None) => Step::Create,
        (true, Some(a)) => Step::Sync(a),
        (false, Some(a)) => Step::DeactivateOnly(a),
        (false, None) => Step::NotCreated,
    }
}
