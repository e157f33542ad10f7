//! Which records a conflict's decision links, per pass: the same link keys
//! and the same order of writes (`link_pair(crm, other)`) as the pass's run.
//! - customers: `customer/<record's system>/<id>` ⇄ `customer/<other side>/<candidate>`
//!   (CRM records have shop candidates `c:<id>`, shop records CRM ones);
//! - orders: `order/retailcrm/<id>` ⇄ `order/opencart/<candidate>`;
//! - MoySklad: `customer/retailcrm/<candidate>` ⇄ `customer/moysklad/<counterparty>`,
//!   or, for a candidate `corporate:<id>`, the same under `corporate_customer`
//!   (the keys the `crm_moysklad` flows read for a corporate buyer).

use super::pass::Pass;
use crate::model::{EntityKind, System, TenantId};
use crate::store::LinkKey;

/// How a MoySklad conflict names a corporate customer among its candidates.
pub const CORPORATE: &str = "corporate:";

/// The system of a conflict's candidates.
pub fn candidate_system(pass: Pass, system: &str) -> System {
    match pass {
        Pass::Customers if system == System::OpenCart.as_str() => System::RetailCrm,
        Pass::Customers | Pass::Orders => System::OpenCart,
        Pass::MoySklad => System::RetailCrm,
    }
}

/// The two keys to link, CRM side first; `None` for a record of an
/// unknown system or a malformed candidate.
pub fn pair(
    tenant: &TenantId,
    pass: Pass,
    system: &str,
    record: &str,
    chosen: &str,
) -> Option<(LinkKey, LinkKey)> {
    let system = System::parse(system)?;
    let other = candidate_system(pass, system.as_str());
    Some(match pass {
        Pass::Customers | Pass::Orders => {
            let key = |s, id: &str| LinkKey::new(tenant, pass.kind(), s, id);
            (key(system, record), key(other, chosen))
        }
        Pass::MoySklad => {
            let (kind, crm_id) = match chosen.strip_prefix(CORPORATE) {
                Some(id) => (EntityKind::CorporateCustomer, id),
                None => (EntityKind::Customer, chosen),
            };
            if crm_id.is_empty() {
                return None;
            }
            let key = |s, id: &str| LinkKey::new(tenant, kind, s, id);
            (key(other, crm_id), key(system, record))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pass_links_under_the_keys_its_run_writes() {
        let t = TenantId::parse("acme").unwrap();
        let (a, b) = pair(&t, Pass::Customers, "retailcrm", "5", "c:7").unwrap();
        assert_eq!((a.system, b.system), (System::RetailCrm, System::OpenCart));
        assert_eq!(
            (a.kind, b.external_id.as_str()),
            (EntityKind::Customer, "c:7")
        );
        let (a, b) = pair(&t, Pass::Orders, "retailcrm", "5", "31").unwrap();
        assert_eq!((a.kind, b.kind), (EntityKind::Order, EntityKind::Order));
        assert_eq!(b.system, System::OpenCart);
        let (a, b) = pair(&t, Pass::MoySklad, "moysklad", "uuid", "12").unwrap();
        assert_eq!(
            (a.system, a.external_id.as_str()),
            (System::RetailCrm, "12")
        );
        assert_eq!((b.system, b.kind), (System::MoySklad, EntityKind::Customer));
        let (a, b) = pair(&t, Pass::MoySklad, "moysklad", "uuid", "corporate:9").unwrap();
        assert_eq!(
            (a.kind, a.external_id.as_str(), b.kind),
            (
                EntityKind::CorporateCustomer,
                "9",
                EntityKind::CorporateCustomer
            )
        );
        assert!(pair(&t, Pass::MoySklad, "moysklad", "uuid", "corporate:").is_none());
        assert!(pair(&t, Pass::Orders, "nowhere", "5", "31").is_none());
        assert_eq!(
            candidate_system(Pass::Customers, "opencart"),
            System::RetailCrm
        );
    }
}
