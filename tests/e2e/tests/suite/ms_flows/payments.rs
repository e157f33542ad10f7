//! MS-M9, MS-M10, MS-M11, MS-S15: CRM payments → `paymentin` / `cashin`.

use super::*;

/// MS-M9/M10/M11/S15: each payment its own document by type, conducted when
/// its status is mapped, a `paymentin` with the legal entity's account;
/// numbered `{order}-{payment}`; a changed payment updates its document,
/// a redelivered change makes no second one, and a lost answer neither.
async fn payments_become_documents(backend: Backend) {
    let app = MsApp::spawn(backend, |s| {
        s.payment_documents = [("cash", "cashin"), ("bank-transfer", "paymentin")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .into();
        s.payment_conduct_statuses = vec!["paid".into()];
    })
    .await;
    let account = app
        .ms
        .seed_org_account(&app.seeded.org, "40702810000000000001");
    let org = app.seeded.org.clone();
    app.update_sync(|s| {
        s.bank_accounts = [("bank-transfer".to_owned(), [(org, account.clone())].into())].into();
    })
    .await;
    let order = app.stocked_order("320A", "new").await;
    app.sync().await;
    let ms_id = app.ms_order_of(order).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cash = app.crm.user_add_payment(order, "cash", "not-paid", 50.0);
    app.ms.lose_answers("paymentin", 1);
    app.ms.lose_answers("cashin", 1);
    let bank = app
        .crm
        .user_add_payment(order, "bank-transfer", "paid", 160.0);
    let _unmapped = app.crm.user_add_payment(order, "credit", "paid", 1.0);
    app.sync().await;
    let cashins = app.docs("cashin");
    let paymentins = app.docs("paymentin");
    assert_eq!(cashins.len(), 1, "MS-M9 {cashins:#?}");
    assert_eq!(
        paymentins.len(),
        1,
        "MS-M9, a lost answer too: {paymentins:#?}"
    );
    let posts = app
        .ms
        .request_log()
        .iter()
        .filter(|r| r.starts_with("POST /entity/paymentin"))
        .count();
    assert_eq!(posts, 2, "the lost answer was retried, by syncId");
    let cash_posts = app
        .ms
        .request_log()
        .iter()
        .filter(|r| r.starts_with("POST /entity/cashin"))
        .count();
    assert_eq!(cash_posts, 2, "a cashin's lost answer too");
    let (c, p) = (&cashins[0], &paymentins[0]);
    assert_eq!(c["applicable"], false, "MS-M10: not-paid is not conducting");
    assert_eq!(p["applicable"], true, "MS-M10");
    assert_eq!(c["sum"], 5000);
    assert_eq!(p["sum"], 16000);
    assert_eq!(c["name"], format!("320A-{cash}"), "MS-S15 off");
    assert_eq!(p["name"], format!("320A-{bank}"));
    assert!(
        p["organizationAccount"]["meta"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&account),
        "MS-M11 {p:#?}"
    );
    assert!(c["organizationAccount"].is_null());
    let ms_order = app.ms_order_of(order).await;
    assert!(
        ms_order["organizationAccount"]["meta"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with(&account)),
        "MS-M11: the order takes the account of the payment that has one: {ms_order:#?}"
    );
    assert!(
        p["operations"][0]["meta"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&ms_id)
    );
    let before = app.ms.request_log().len();
    app.crm
        .user_edit_payment(cash, json!({"status": "paid", "amount": 60.0}));
    app.sync().await;
    let calls = app.ms.request_log()[before..].to_vec();
    // The goods lookup and the document's update (BENCHMARKS.md).
    assert!(
        calls.len() <= 2,
        "MoySklad calls per payment change: {calls:#?}"
    );
    let cashins = app.docs("cashin");
    assert_eq!(cashins.len(), 1, "updated, not a second document");
    assert_eq!(cashins[0]["id"], c["id"]);
    assert_eq!(cashins[0]["applicable"], true, "MS-M10 now paid");
    assert_eq!(cashins[0]["sum"], 6000);
    app.publish_order_change(order, &[], &[cash, bank]).await;
    app.drain().await;
    assert_eq!(app.docs("cashin").len(), 1, "redelivered");
    assert_eq!(app.docs("paymentin").len(), 1, "redelivered");
}

/// MS-S15: MoySklad numbers payment documents when on.
async fn moysklad_numbers_payments(backend: Backend) {
    let app = MsApp::spawn(backend, |s| {
        s.payment_documents = [("cash".to_owned(), "cashin".to_owned())].into();
        s.skip_payment_number = true;
    })
    .await;
    let order = app.stocked_order("321A", "new").await;
    app.sync().await;
    let cash = app.crm.user_add_payment(order, "cash", "paid", 50.0);
    app.sync().await;
    let docs = app.docs("cashin");
    assert_eq!(docs.len(), 1);
    assert_ne!(docs[0]["name"], format!("321A-{cash}"));
    assert!(docs[0]["name"].as_str().is_some_and(|n| !n.is_empty()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m9_ms_m10_ms_m11_payments_become_documents_once_sqlite() {
    payments_become_documents(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m9_ms_m10_ms_m11_payments_become_documents_once_aws() {
    payments_become_documents(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s15_moysklad_numbers_payment_documents_sqlite() {
    moysklad_numbers_payments(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s15_moysklad_numbers_payment_documents_aws() {
    moysklad_numbers_payments(Backend::Aws).await
}
