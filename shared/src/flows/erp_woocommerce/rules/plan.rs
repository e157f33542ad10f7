//! What the rules decide: per account, create, update (with its activation
//! change) or nothing, the fields to send, and the ERP parties to link to it.

use super::ew_2_password::PasswordChoice;
use super::input::ErpRef;
use crate::connectors::woocommerce::CustomerWrite;
use time::OffsetDateTime;

/// The decision for one third party.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Nothing is sent.
    Skip(Skip),
    /// Carry these out, then write the links and remember `version`.
    Apply {
        /// The third party's `updated_at`, to record as last applied.
        version: OffsetDateTime,
        accounts: Vec<AccountPlan>,
        /// Journal lines: what was skipped and why.
        notes: Vec<String>,
    },
}

/// Why nothing is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Older than the version last applied.
    Stale {
        got: OffsetDateTime,
        last_applied: OffsetDateTime,
    },
    /// EW-7: a third party without contacts is not sent.
    NoContacts,
}

/// One WooCommerce account and what to do with it.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountPlan {
    /// The ERP parties this account stands for (owner first); each gets a
    /// link to the account once its id is known.
    pub parties: Vec<ErpRef>,
    /// The account's e-mail (as the ERP has it).
    pub email: String,
    pub action: Action,
}

/// What to do with one account.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// `POST /customers`. If WooCommerce answers that the e-mail exists (an
    /// account made since we looked), find it by e-mail, link it and plan
    /// again: never a second account.
    Create {
        fields: CustomerWrite,
        password: PasswordChoice,
        /// With role deactivation, the role to give after the create when
        /// it is not WooCommerce's own `customer`.
        role: Option<String>,
    },
    /// `PUT /customers/{id}` with `fields` (when not empty) and, with role
    /// deactivation, the role to set through WordPress.
    Update {
        id: i64,
        fields: CustomerWrite,
        role: Option<String>,
        /// The status change this update makes, if any.
        activation: Option<Activation>,
    },
    /// Up to date (links are still written).
    Unchanged { id: i64 },
    /// Not created: the party is inactive (EW-5, EW-6).
    NotCreated,
}

/// A status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    Activate,
    Deactivate,
}
