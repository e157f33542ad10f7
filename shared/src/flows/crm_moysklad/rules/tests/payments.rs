//! Payments: MS-M9, MS-M10, MS-M11, MS-S15.

use super::*;
use crate::connectors::moysklad::DocumentKind;
use crate::connectors::retailcrm::CrmPayment;
use crate::flows::crm_moysklad::rules::payments::{order_account, payment_doc};

fn paying() -> MoySkladSync {
    MoySkladSync {
        payment_documents: BTreeMap::from([
            ("card".into(), "paymentin".into()),
            ("cash".into(), "cashin".into()),
        ]),
        payment_conduct_statuses: vec!["paid".into()],
        bank_accounts: BTreeMap::from([(
            "card".into(),
            BTreeMap::from([("org-1".into(), "acc-1".into())]),
        )]),
        ..sync()
    }
}

fn payment(id: i64, kind: &str, status: &str, amount: f64) -> CrmPayment {
    CrmPayment {
        id: Some(id),
        kind: kind.into(),
        status: status.into(),
        amount,
    }
}

fn doc(
    s: &MoySkladSync,
    p: &CrmPayment,
) -> Option<crate::flows::crm_moysklad::rules::payments::PaymentDoc> {
    payment_doc(s, BASE, &order(), p, ("mo-1", "cp-1", "org-1"), Vec::new())
}

#[test]
fn ms_m9_each_payment_is_its_own_document_by_type() {
    let card = doc(&paying(), &payment(11, "card", "paid", 150.25)).unwrap();
    assert_eq!(card.kind, DocumentKind::PaymentIn);
    assert_eq!(card.body.sum.unwrap().0, 15025);
    let op = &card.body.operations.as_ref().unwrap()[0];
    assert!(op.meta.href.ends_with("/entity/customerorder/mo-1"));
    assert_eq!(op.linked_sum.unwrap().0, 15025);
    assert!(
        card.body
            .agent
            .unwrap()
            .meta
            .href
            .ends_with("/counterparty/cp-1")
    );
    let cash = doc(&paying(), &payment(12, "cash", "paid", 10.0)).unwrap();
    assert_eq!(cash.kind, DocumentKind::CashIn);
    assert_eq!(
        cash.body.organization_account, None,
        "a cash order has no bank account"
    );
    assert!(
        doc(&paying(), &payment(13, "bonus", "paid", 1.0)).is_none(),
        "unmapped type"
    );
}

#[test]
fn ms_m10_mapped_statuses_conduct_the_document() {
    assert_eq!(
        doc(&paying(), &payment(11, "card", "paid", 1.0))
            .unwrap()
            .body
            .applicable,
        Some(true)
    );
    let unpaid = doc(&paying(), &payment(11, "card", "not-paid", 1.0)).unwrap();
    assert_eq!(unpaid.body.applicable, Some(false));
}

#[test]
fn ms_s15_payment_numbers_unless_moysklad_numbers_them() {
    let p = payment(11, "card", "paid", 1.0);
    assert_eq!(
        doc(&paying(), &p).unwrap().body.name.as_deref(),
        Some("7A-11")
    );
    let s = MoySkladSync {
        skip_payment_number: true,
        ..paying()
    };
    assert_eq!(doc(&s, &p).unwrap().body.name, None);
}

#[test]
fn ms_m11_account_by_type_and_legal_entity_the_last_changed_payment_decides() {
    let mut s = paying();
    s.payment_documents
        .insert("transfer".into(), "paymentin".into());
    s.bank_accounts.insert(
        "transfer".into(),
        BTreeMap::from([("org-1".into(), "acc-2".into())]),
    );
    let card = doc(&s, &payment(11, "card", "paid", 1.0)).unwrap();
    assert!(
        card.body
            .organization_account
            .unwrap()
            .meta
            .href
            .ends_with("/organization/org-1/accounts/acc-1")
    );
    let payments = [
        payment(11, "card", "paid", 1.0),
        payment(12, "transfer", "paid", 1.0),
    ];
    let account =
        |changed: &[i64], kept: Option<&str>| order_account(&s, "org-1", &payments, changed, kept);
    assert_eq!(
        account(&[11], None).as_deref(),
        Some("acc-1"),
        "the changed one"
    );
    assert_eq!(
        account(&[12, 11], Some("acc-1")).as_deref(),
        Some("acc-2"),
        "the first changed"
    );
    assert_eq!(
        account(&[], Some("acc-1")).as_deref(),
        Some("acc-1"),
        "kept"
    );
    assert_eq!(
        account(&[], None).as_deref(),
        Some("acc-2"),
        "first seen: the newest"
    );
    assert_eq!(
        order_account(&s, "org-9", &payments, &[11], None),
        None,
        "no account there"
    );
}
