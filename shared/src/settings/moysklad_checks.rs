//! Save-time checks of the document options of the CRM ⇄ MoySklad sync
//! (MS-S1/S13 delivery, MS-M6/M7 shipment statuses, MS-M9..M11 payments,
//! MS-M12 custom fields, MS-C1 managers, MS-B7 tasks). Like the MS-M2/M3
//! checks in `validate`, a setting that could only do nothing or something
//! the merchant did not mean is refused with a message naming the rule.

use super::MoySkladSync;
use std::collections::{BTreeMap, BTreeSet};

/// Problems of the document options, one line each (empty: valid).
pub(super) fn problems(sync: &MoySkladSync) -> Vec<String> {
    let mut problems = Vec::new();
    if sync.delivery_as_line && sync.delivery_service.as_deref().is_none_or(str::is_empty) {
        problems.push(
            "MS-S1 delivery_as_line needs delivery_service: the MoySklad service the \
             delivery line stands for (a position must name a good or a service)"
                .into(),
        );
    }
    for status in statuses_in_both(sync) {
        problems.push(format!(
            "MS-M6/MS-M7 status {status:?} is both a shipment and a shipment-cancel status"
        ));
    }
    if !sync.payment_conduct_statuses.is_empty() && sync.payment_documents.is_empty() {
        problems.push("MS-M10 payment_conduct_statuses needs MS-M9 payment_documents".into());
    }
    problems.extend(bank_account_problems(sync));
    problems.extend(custom_field_problems(sync));
    if sync.problem_user.is_some_and(|u| u <= 0) {
        problems.push("MS-B7 problem_user must be a CRM user id".into());
    }
    problems
}

fn statuses_in_both(sync: &MoySkladSync) -> Vec<&String> {
    let cancel: BTreeSet<&String> = sync.shipment_cancel_statuses.iter().collect();
    sync.shipment_statuses
        .iter()
        .filter(|s| cancel.contains(s))
        .collect()
}

/// MS-M11: an account per payment type and legal entity; the legal entity
/// must be one a shop maps to (MS-M1), and the type must make a `paymentin`
/// (a cash order, `cashin`, has no bank account in MoySklad).
fn bank_account_problems(sync: &MoySkladSync) -> Vec<String> {
    let orgs: BTreeSet<&String> = sync.shops.values().collect();
    let mut problems = Vec::new();
    for (payment_type, accounts) in &sync.bank_accounts {
        match sync.payment_documents.get(payment_type).map(String::as_str) {
            Some("paymentin") => {}
            Some(other) => problems.push(format!(
                "MS-M11 payment type {payment_type:?} makes a {other}, which has no bank account; \
                 bank accounts are for paymentin types"
            )),
            None => problems.push(format!(
                "MS-M11 payment type {payment_type:?} has a bank account but no MS-M9 document"
            )),
        }
        for (org, account) in accounts {
            if !orgs.contains(org) {
                problems.push(format!(
                    "MS-M11 payment type {payment_type:?}: organization {org:?} is not the legal \
                     entity of any shop (MS-M1)"
                ));
            }
            if account.trim().is_empty() {
                problems.push(format!(
                    "MS-M11 payment type {payment_type:?}: organization {org:?} maps to an empty account"
                ));
            }
        }
    }
    problems
}

/// MS-M12 and MS-C1: each MoySklad attribute is fed by one CRM field (the
/// reverse may be many to one), and the manager's attribute is not also a
/// custom field (the manager never comes back from MoySklad).
fn custom_field_problems(sync: &MoySkladSync) -> Vec<String> {
    let mut problems = Vec::new();
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for m in &sync.custom_fields {
        if m.crm.trim().is_empty() || m.moysklad.trim().is_empty() {
            problems.push(format!(
                "MS-M12 custom field {:?} → {:?}: both sides must be set",
                m.crm, m.moysklad
            ));
        } else if let Some(first) = owner.insert(&m.moysklad, &m.crm) {
            problems.push(format!(
                "MS-M12 MoySklad attribute {:?} is fed by both CRM fields {first:?} and {:?}; \
                 one CRM field per MoySklad attribute",
                m.moysklad, m.crm
            ));
        }
    }
    if let Some(manager) = &sync.manager_attribute
        && owner.contains_key(manager.as_str())
    {
        problems.push(format!(
            "MS-C1 manager_attribute {manager:?} is also an MS-M12 custom field"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::FieldMapping;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn ms_s1_delivery_line_needs_its_service() {
        let sync = MoySkladSync {
            delivery_as_line: true,
            ..MoySkladSync::default()
        };
        assert!(problems(&sync)[0].contains("MS-S1"));
        let ok = MoySkladSync {
            delivery_service: Some("svc".into()),
            ..sync
        };
        assert!(problems(&ok).is_empty());
    }

    #[test]
    fn ms_m11_one_account_per_paymentin_type_and_mapped_legal_entity() {
        let sync = MoySkladSync {
            shops: map(&[("shop", "org-1")]),
            payment_documents: map(&[("card", "paymentin"), ("cash", "cashin")]),
            bank_accounts: BTreeMap::from([
                (
                    "card".into(),
                    map(&[("org-1", "acc-1"), ("org-9", "acc-9")]),
                ),
                ("cash".into(), map(&[("org-1", "acc-2")])),
            ]),
            ..MoySkladSync::default()
        };
        let found = problems(&sync);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|p| p.contains("\"org-9\"")));
        assert!(found.iter().any(|p| p.contains("cashin")));
    }

    #[test]
    fn ms_m12_one_crm_field_per_moysklad_attribute_and_c1_apart() {
        let pair = |crm: &str, ms: &str| FieldMapping {
            crm: crm.into(),
            moysklad: ms.into(),
        };
        let sync = MoySkladSync {
            custom_fields: vec![
                pair("a", "x"),
                pair("b", "x"),
                pair("c", "y"),
                pair("c", "z"),
            ],
            manager_attribute: Some("z".into()),
            ..MoySkladSync::default()
        };
        let found = problems(&sync);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("MS-M12") && found[1].contains("MS-C1"));
    }

    #[test]
    fn ms_m7_a_status_cannot_both_ship_and_cancel_and_m10_needs_m9() {
        let sync = MoySkladSync {
            shipment_statuses: vec!["send".into(), "done".into()],
            shipment_cancel_statuses: vec!["done".into()],
            payment_conduct_statuses: vec!["paid".into()],
            ..MoySkladSync::default()
        };
        let found = problems(&sync);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("\"done\"") && found[1].contains("MS-M10"));
    }
}
