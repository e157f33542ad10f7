//! The EW rules, pure: from (settings, one ERP third party, the WooCommerce
//! accounts found for it, the links known, the version last applied) to a
//! [`Plan`] of commands per account. One rule per file:
//!
//! - EW-1 fields sent (names, company, phone, e-mail, status): `ew_1_fields::desired`,
//!   `ew_1_fields::changes` (only what differs is sent), `ew_1_fields::status_meta`.
//! - EW-2 random password, optional welcome e-mail: `ew_2_password::password_choice`,
//!   `ew_2_password::random_password`.
//! - EW-3 billing address only, France by default: `ew_3_address::billing_address`.
//! - EW-4 the third party and each contact with an e-mail become accounts,
//!   one account per e-mail: `ew_4_accounts::wanted_accounts`.
//! - EW-5 an inactive third party is not created and its accounts are
//!   deactivated: `ew_5_inactive::step`.
//! - EW-6 web mode decides which contacts are active: `ew_6_web_mode::contact_active`.
//! - EW-7 third parties without contacts are not sent: `ew_7_no_contacts::is_sent`.
//!
//! `decide::plan` applies them in that order after the stale-version check
//! (`input`): a version older than the one last applied is skipped.
//! Matching an ERP party to an account: its link first (if the linked account
//! still exists), else the account with its e-mail (linked, never
//! duplicated), else a new account.

mod decide;
mod ew_1_fields;
mod ew_2_password;
mod ew_3_address;
mod ew_4_accounts;
mod ew_5_inactive;
mod ew_6_web_mode;
mod ew_7_no_contacts;
mod input;
mod plan;
#[cfg(test)]
mod tests;

pub use decide::plan;
pub use ew_1_fields::{Desired, changes, create_fields, desired, is_active, status_meta};
pub use ew_2_password::{PasswordChoice, password_choice, random_password};
pub use ew_3_address::billing_address;
pub use ew_4_accounts::{Wanted, is_valid_email, wanted_accounts};
pub use ew_5_inactive::{Step, step};
pub use ew_6_web_mode::contact_active;
pub use ew_7_no_contacts::is_sent;
pub use input::{ErpRef, Input, Link};
pub use plan::{AccountPlan, Action, Activation, Plan, Skip};
