//! What the rules are given: the tenant's settings, one third party, the
//! WooCommerce accounts the worker read for it, the links it knows, and the
//! version of this third party last applied.

use crate::connectors::erp::ThirdParty;
use crate::connectors::woocommerce::WooCustomer;
use crate::settings::WooCommerceSettings;
use time::OffsetDateTime;

/// An ERP party that can own a WooCommerce account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErpRef {
    /// The third party itself.
    ThirdParty(String),
    /// One of its contacts.
    Contact {
        tiers_id: String,
        contact_id: String,
    },
}

impl ErpRef {
    /// A stable external id for the link store: `T001`, `T001/C1`.
    pub fn external_id(&self) -> String {
        match self {
            ErpRef::ThirdParty(t) => t.clone(),
            ErpRef::Contact {
                tiers_id,
                contact_id,
            } => format!("{tiers_id}/{contact_id}"),
        }
    }
}

/// A known link: this ERP party's account is WooCommerce customer `woo_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub erp: ErpRef,
    pub woo_id: i64,
}

/// Everything one decision needs.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub settings: &'a WooCommerceSettings,
    pub third_party: &'a ThirdParty,
    /// The accounts the worker read: the linked ones (by id; a deleted one is
    /// simply absent) and those found by the e-mails of the third party and
    /// its contacts (`role=all`).
    pub accounts: &'a [WooCustomer],
    /// The links of this third party's parties.
    pub links: &'a [Link],
    /// `updated_at` of the version of this third party last applied.
    pub last_applied: Option<OffsetDateTime>,
}

impl Input<'_> {
    /// A version older than the one already applied arrived late: skip it,
    /// or it would undo a newer change. An equal version is applied again
    /// (a redelivery): the plan then finds nothing to change.
    pub fn is_stale(&self) -> bool {
        self.last_applied
            .is_some_and(|last| self.third_party.updated_at < last)
    }
}
