//! OpenCart → CRM: the order write fails after the customer was created.

use crate::support::app::{Backend, TestApp, tenant_id};
use crate::support::on_both_backends;
use crate::support::opencart::{ANNA, order_event};
use synclane::model::{EntityKind, System};
use synclane::store::{LinkKey, LinkState};

/// OC-F2 resumed: the CRM refuses the order create on every try of the
/// first delivery; the redelivery creates the order once, on the customer
/// the first delivery created, and the journal showed the stuck order.
async fn order_write_fails_then_resumes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Three tries: the connector's whole retry policy for one call.
    app.crm.fail_path_next("/orders/create", 3, 503);
    let response = app
        .post_opencart(&order_event(3101, &ANNA, None, 1, "2026-11-20 10:00:00"))
        .await;
    assert_eq!(response.status(), 202);
    app.drain().await;

    let customers: Vec<_> = app
        .crm
        .customers()
        .into_iter()
        .filter(|c| c["email"] == ANNA.email)
        .collect();
    assert_eq!(customers.len(), 1, "the redelivery reused the customer");
    let orders = app.crm.orders();
    assert_eq!(orders.len(), 1, "{orders:#?}");
    assert_eq!(orders[0]["customer"]["id"], customers[0]["id"]);
    let order_link = app
        .store()
        .links
        .get_link(&LinkKey::new(
            &tenant_id(),
            EntityKind::Order,
            System::OpenCart,
            "3101",
        ))
        .await
        .unwrap()
        .expect("the order is linked");
    assert_eq!(order_link.state, LinkState::Linked);
    assert!(app.local.queue.dead_letters(10).await.unwrap().is_empty());
    // Issue 10, item 5: the retried failure named the record and why.
    let journal = app
        .store()
        .journal
        .list_journal(&tenant_id(), 50)
        .await
        .unwrap();
    let stuck = journal
        .iter()
        .find(|e| e.external_id == "3101")
        .unwrap_or_else(|| panic!("a journal entry for order 3101: {journal:#?}"));
    assert!(
        stuck.message.contains("attempt 1 failed") && stuck.message.contains("retailcrm"),
        "{stuck:?}"
    );
}

on_both_backends! {
    order_write_fails_then_resumes => oc_f2_order_write_fails_then_the_redelivery_finishes_sqlite, oc_f2_order_write_fails_then_the_redelivery_finishes_aws;
}
