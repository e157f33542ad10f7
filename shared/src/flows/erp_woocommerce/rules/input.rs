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
    /// A stable external id for the link store: `T001`, `T001/C1`. A `/` or
    /// `%` inside an id is percent-encoded, so [`ErpRef::parse`] reads any
    /// pair of ids back.
    pub fn external_id(&self) -> String {
        match self {
            ErpRef::ThirdParty(t) => escape(t),
            ErpRef::Contact {
                tiers_id,
                contact_id,
            } => format!("{}/{}", escape(tiers_id), escape(contact_id)),
        }
    }

    /// The party an [`ErpRef::external_id`] names.
    pub fn parse(raw: &str) -> Option<ErpRef> {
        let mut parts = raw.split('/');
        let tiers_id = unescape(parts.next()?)?;
        let erp = match parts.next() {
            None => ErpRef::ThirdParty(tiers_id),
            Some(contact) => ErpRef::Contact {
                tiers_id,
                contact_id: unescape(contact)?,
            },
        };
        parts.next().is_none().then_some(erp)
    }

    /// The third party it belongs to.
    pub fn tiers_id(&self) -> &str {
        match self {
            ErpRef::ThirdParty(t) => t,
            ErpRef::Contact { tiers_id, .. } => tiers_id,
        }
    }
}

fn escape(id: &str) -> String {
    id.replace('%', "%25").replace('/', "%2F")
}

fn unescape(part: &str) -> Option<String> {
    if part.is_empty() {
        return None;
    }
    Some(part.replace("%2F", "/").replace("%25", "%"))
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

#[cfg(test)]
mod tests {
    use super::ErpRef;

    #[test]
    fn external_ids_read_back_whatever_the_ids_hold() {
        let refs = [
            ErpRef::ThirdParty("T001".into()),
            ErpRef::Contact {
                tiers_id: "T001".into(),
                contact_id: "C1".into(),
            },
            ErpRef::Contact {
                tiers_id: "A/B%2F".into(),
                contact_id: "c/%".into(),
            },
        ];
        assert_eq!(refs[1].external_id(), "T001/C1");
        for r in refs {
            assert_eq!(ErpRef::parse(&r.external_id()), Some(r.clone()), "{r:?}");
        }
        assert_eq!(ErpRef::parse("a/b/c"), None);
        assert_eq!(ErpRef::parse(""), None);
    }
}
