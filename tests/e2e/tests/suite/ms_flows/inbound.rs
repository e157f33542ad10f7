//! MoySklad → CRM through webhooks: order status and comment (MS-S5),
//! counterparty changes of private customers (MS-B4).

use super::*;

/// MS-S5 and the MoySklad-side echo: a status and comment changed in
/// MoySklad reach the CRM at once through the webhook; our own MoySklad
/// writes fire no webhook; the CRM write we make is not polled back.
async fn moysklad_order_changes_come_back(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    assert_eq!(app.register_webhooks().await, 3);
    assert_eq!(
        app.register_webhooks().await,
        0,
        "registration is idempotent"
    );
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let order_id = app.user_order("103A", anna, "new", "main");
    app.poll().await;
    app.drain().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(
        app.ms.deliveries().is_empty(),
        "our writes carried DisableByPrefix: {:?}",
        app.ms.deliveries()
    );
    let ms_id = app.ms_orders()[0]["id"].as_str().unwrap().to_owned();
    let change = CustomerOrder {
        state: Some(state_ref(&app.ms.base_url(), &app.seeded.st_done)),
        description: Some("packed".into()),
        ..CustomerOrder::default()
    };
    app.ms_user()
        .customer_order_update(&ms_id, &change)
        .await
        .unwrap();
    wait_for_deliveries(&app, 1).await;
    let delivered = app.ms.deliveries();
    assert_eq!(delivered[0].status, Some(200), "{delivered:?}");
    app.drain().await;
    let crm = app.crm_order(order_id);
    assert_eq!(crm["status"], "complete");
    assert_eq!(crm["managerComment"], "packed");
    app.poll().await;
    assert_eq!(app.depth().await, 0, "our CRM write is not a new change");
}

/// MS-B4: a counterparty's address and name changed in MoySklad reach the CRM customer.
async fn counterparty_changes_come_back(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    app.register_webhooks().await;
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    app.user_order("104A", anna, "new", "main");
    app.poll().await;
    app.drain().await;
    let cp_id = app.counterparties()[0]["id"].as_str().unwrap().to_owned();
    let change = Counterparty {
        name: Some("Petrova Anna Sergeevna".into()),
        actual_address: Some("Moscow, Tverskaya 1".into()),
        ..Counterparty::default()
    };
    app.ms_user()
        .counterparty_update(&cp_id, &change)
        .await
        .unwrap();
    wait_for_deliveries(&app, 1).await;
    app.drain().await;
    let customer = app
        .crm
        .customers()
        .into_iter()
        .find(|c| c["id"] == anna)
        .unwrap();
    assert_eq!(customer["address"]["notes"], "Moscow, Tverskaya 1");
    assert_eq!(customer["patronymic"], "Sergeevna");
    let unknown = app.ms.seed_counterparty(json!({"name": "Stranger"}));
    app.ms_user()
        .counterparty_update(&unknown, &change)
        .await
        .unwrap();
    wait_for_deliveries(&app, 2).await;
    app.drain().await;
    assert_eq!(app.crm.customers().len(), 1, "MS-B4: none created");
}

on_both_backends! {
    moysklad_order_changes_come_back => ms_s5_order_changes_from_moysklad_with_echo_suppressed_sqlite, ms_s5_order_changes_from_moysklad_with_echo_suppressed_aws;
    counterparty_changes_come_back => ms_b4_counterparty_changes_come_back_sqlite, ms_b4_counterparty_changes_come_back_aws;
}
