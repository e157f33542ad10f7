//! `erp_woocommerce`'s dry run through the admin API: a managed account
//! edited in the shop plans the journal entry and the repair mark of its
//! third party; an account the ERP does not own is a skip; an ERP third
//! party is a skip that says why (the feed cannot be read back). Nothing
//! is written: no request but reads reaches the shop, and the links,
//! journal and the third party's record stay as they were.

use super::*;
use crate::support::dry_run::{DryRuns, actions, command, links};
use synclane::model::{EntityKind, System};
use synclane::store::LinkKey;

/// What a dry run must leave as it was.
async fn state(app: &EwApp, keys: &[LinkKey]) -> (usize, Vec<String>, usize, Option<String>) {
    let writes = app
        .woo
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .count();
    let record = app
        .store()
        .cursors
        .get_cursor(&app.tenant, "erp_woocommerce:T1")
        .await
        .unwrap()
        .map(|c| c.value);
    let journal = app.journal().await.len();
    (writes, links(app.store(), keys).await, journal, record)
}

#[tokio::test]
async fn dry_run_of_a_woocommerce_account_and_an_erp_party_writes_nothing() {
    let app = EwApp::spawn(Backend::Sqlite).await;
    app.feed(&[party(
        "T1",
        V1,
        vec![contact("C1", Some("anna@sirius.fr"), false)],
    )])
    .await;
    app.drain().await;
    let anna = app.account("anna@sirius.fr")["id"].as_i64().unwrap();
    app.woo
        .edit_customer(anna, &json!({"first_name": "Ana"}))
        .unwrap();
    let keys = [
        LinkKey::new(
            &app.tenant,
            EntityKind::Customer,
            System::WooCommerce,
            anna.to_string(),
        ),
        LinkKey::new(&app.tenant, EntityKind::Customer, System::Erp, "T1/C1"),
    ];
    let before = state(&app, &keys).await;
    let runs = DryRuns::new(app.local.addr, app.store(), &app.tenant).await;

    let flow = runs
        .flow("woocommerce", "customer", anna, "erp_woocommerce")
        .await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    assert_eq!(actions(&flow), ["journal_note", "mark_for_repair"]);
    let note = command(&flow, "journal_note")["data"].as_str().unwrap();
    assert!(note.contains("changed in the shop"), "{note}");
    assert_eq!(command(&flow, "mark_for_repair")["record"], "T1");

    let flow = runs
        .flow("woocommerce", "customer", 987_654, "erp_woocommerce")
        .await;
    assert_eq!(flow["verdict"], "skip", "{flow}");
    assert!(
        flow["reason"].as_str().unwrap().contains("not linked"),
        "{flow}"
    );

    let flow = runs
        .flow("erp", "third_party", "T1", "erp_woocommerce")
        .await;
    assert_eq!(flow["verdict"], "skip", "{flow}");
    assert!(
        flow["reason"].as_str().unwrap().contains("cannot be read"),
        "{flow}"
    );

    assert_eq!(state(&app, &keys).await, before, "a dry run writes nothing");
}
