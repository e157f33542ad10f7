//! CRM → MoySklad: the MS-B10 write (the MoySklad id in the CRM order's
//! custom field) fails after the MoySklad order was created.

use crate::support::app::Backend;
use crate::support::ms_app::MsApp;
use crate::support::on_both_backends;

/// MS-B10 resumed: the CRM fails the id write on every try of three
/// deliveries; the fourth writes it, and MoySklad still has one order.
async fn id_write_fails_three_times(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let order_id = app.user_order("200A", anna, "new", "main");
    // The test app's connector tries each call 6 times: 18 failures fail
    // three deliveries of the order's message.
    app.crm
        .fail_path_next(&format!("/orders/{order_id}/edit"), 18, 503);
    app.poll().await;
    app.drain().await;

    let orders = app.ms_orders();
    assert_eq!(orders.len(), 1, "one MoySklad order: {orders:#?}");
    let ms_id = orders[0]["id"].as_str().unwrap();
    assert_eq!(
        app.crm_order(order_id)["customFields"]["moysklad_id"],
        ms_id,
        "the id was written once the CRM answered again"
    );
    let edits = app
        .crm
        .requests()
        .into_iter()
        .filter(|r| r.path == format!("/orders/{order_id}/edit") && r.status == 200)
        .count();
    assert_eq!(edits, 1, "written once");
    assert!(app.local.queue.dead_letters(10).await.unwrap().is_empty());
}

on_both_backends! {
    id_write_fails_three_times => ms_b10_id_written_after_the_crm_failed_it_three_times_sqlite, ms_b10_id_written_after_the_crm_failed_it_three_times_aws;
}
