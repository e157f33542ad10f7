//! MS-B10 on corporate customers: the MoySklad counterparty a corporate
//! customer is linked to (MS-C2) shows in its own "MoySklad id" custom field.

use super::corporate::{corporate_order_by, romashka};
use super::*;
use serde_json::Value;
use synclane::model::{Envelope, EventKind};
use synclane::queue::Outgoing;

/// The corporate customer's `customFields` as the CRM holds them.
fn shown(app: &MsApp, corporate_id: i64) -> Value {
    app.crm
        .corporates()
        .into_iter()
        .find(|c| c["id"] == corporate_id)
        .expect("the corporate customer")["customFields"]
        .clone()
}

/// Custom field definitions of corporate customers.
fn corporate_fields(app: &MsApp) -> Vec<Value> {
    app.crm
        .custom_fields()
        .into_iter()
        .filter(|f| f["entity"] == "customer_corporate")
        .collect()
}

/// The CRM order's change event once more, as the queue hands it out again
/// when a worker died after applying it but before marking it done.
async fn redeliver_order(app: &MsApp, order_id: i64, attempt: &str) {
    let envelope = Envelope {
        flow: Some("crm_moysklad".into()),
        tenant: app.tenant.clone(),
        source: System::RetailCrm,
        kind: EventKind::Updated,
        entity: EntityKind::Order,
        external_id: order_id.to_string(),
        dedupe_key: format!("redelivery-{order_id}-{attempt}"),
        received_at: 0,
        payload: json!({"created": false, "deleted": false, "fields": [], "history": []}),
    };
    let message = Outgoing {
        group: envelope.group_key(),
        dedupe_id: envelope.dedupe_key.clone(),
        body: serde_json::to_string(&envelope).unwrap(),
    };
    app.local.queue.send(message).await.unwrap();
    app.drain().await;
}

/// MS-B10 (with MS-C2): once a corporate customer's order links it to a
/// MoySklad counterparty, the corporate customer carries the counterparty's
/// id in a "MoySklad id" field defined once for `customer_corporate`, shown
/// in lists and filters. A redelivered event writes nothing; a value a
/// manager cleared is written back by the next one, still with one
/// definition.
async fn moysklad_id_on_the_corporate_customer(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let corp = romashka(&app, anna).await;
    let order_id = corporate_order_by(&app, "110A", &corp, anna);
    app.poll().await;
    app.drain().await;
    let cps = app.counterparties();
    assert_eq!(cps.len(), 1, "{cps:#?}");
    let cp_id = cps[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(shown(&app, corp.id), json!({"moysklad_id": cp_id}));
    let fields = corporate_fields(&app);
    assert_eq!(fields.len(), 1, "{fields:#?}");
    assert_eq!(fields[0]["code"], "moysklad_id");
    assert_eq!(fields[0]["type"], "string");
    assert_eq!(fields[0]["inFilter"], true, "filterable");
    assert_eq!(fields[0]["inList"], true, "visible in the list");
    let edit_path = format!("/customers-corporate/{}/edit", corp.id);
    let create_path = "/custom-fields/customer_corporate/create";
    assert_eq!(app.crm.calls("POST", &edit_path), 1);
    assert_eq!(app.crm.calls("POST", create_path), 1);
    // Our write is in the history with our key: not polled back as a change.
    app.poll().await;
    assert_eq!(app.depth().await, 0, "our CRM write came back as a change");

    // Redelivered: nothing is written, nothing defined twice.
    redeliver_order(&app, order_id, "1").await;
    assert_eq!(shown(&app, corp.id), json!({"moysklad_id": cp_id}));
    assert_eq!(corporate_fields(&app).len(), 1);
    assert_eq!(app.crm.calls("POST", &edit_path), 1, "no second write");
    assert_eq!(app.crm.calls("POST", create_path), 1);
    assert_eq!(app.counterparties().len(), 1);
    assert_eq!(app.ms_orders().len(), 1);

    // A manager clears the field; the next delivery writes the same id back.
    app.crm
        .user_edit_corporate(corp.id, json!({"customFields": {"moysklad_id": ""}}));
    app.poll().await;
    app.drain().await;
    redeliver_order(&app, order_id, "2").await;
    assert_eq!(shown(&app, corp.id), json!({"moysklad_id": cp_id}));
    assert_eq!(app.crm.calls("POST", &edit_path), 2);
    assert_eq!(corporate_fields(&app).len(), 1, "still one definition");
    assert_eq!(app.crm.calls("POST", create_path), 1);
    assert_eq!(app.counterparties().len(), 1);
}

// Written out (not through the macro) so the rule id leads the test names
// that RULES.md coverage looks for.

/// MS-B10 on the SQLite backend.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b10_moysklad_id_on_the_crm_corporate_customer_sqlite() {
    moysklad_id_on_the_corporate_customer(Backend::Sqlite).await
}

/// MS-B10 on the AWS backend.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_b10_moysklad_id_on_the_crm_corporate_customer_aws() {
    moysklad_id_on_the_corporate_customer(Backend::Aws).await
}
