//! MS-M12 custom fields both ways, MS-C1 managers as employees.

use super::*;
use serde_json::Value;
use synclane::settings::FieldMapping;

/// The value of attribute `id` on MoySklad record `v`.
fn attr(v: &Value, id: &str) -> Value {
    v["attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|a| a["id"] == id || a["meta"]["href"].as_str().is_some_and(|h| h.ends_with(id)))
        .map_or(Value::Null, |a| a["value"].clone())
}

fn pair(crm: &str, moysklad: &str) -> FieldMapping {
    FieldMapping {
        crm: crm.into(),
        moysklad: moysklad.into(),
    }
}

/// MS-M12 and MS-C1: a string and a dictionary field go to MoySklad (the
/// dictionary by its value, the missing element created); the manager goes
/// as the employee matched by e-mail and phone. Back from MoySklad: two
/// attributes feeding one CRM field, the last mapping wins; a dictionary
/// element comes back as the CRM code; the manager is not taken.
async fn custom_fields_both_ways(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    app.crm.define_custom_field("order", "note");
    app.crm
        .seed_custom_dictionary("colors", &[("red", "Красный"), ("blue", "Синий")]);
    app.crm.define_dictionary_field("order", "color", "colors");
    app.crm
        .seed_user(7, "Ivan", "Sidorov", "ivan@shop.ru", "+7 (903) 000-11-22");
    let note = app.ms.seed_attribute("customerorder", "Note", "string");
    let note2 = app.ms.seed_attribute("customerorder", "Note 2", "string");
    let dict = app.ms.seed_dictionary("Colors");
    let red = app.ms.seed_dictionary_value(&dict, "Красный", "r");
    let color = app
        .ms
        .seed_dictionary_attribute("customerorder", "Color", &dict);
    let manager = app
        .ms
        .seed_attribute("customerorder", "Manager", "employee");
    let ivan = app
        .ms
        .seed_employee("Sidorov", "Ivan", "ivan@shop.ru", "+79030001122");
    let other = app
        .ms
        .seed_employee("Petrov", "Petr", "petr@shop.ru", "+79030001133");
    app.update_sync(|s| {
        s.custom_fields = vec![
            pair("note", &note),
            pair("color", &color),
            pair("note", &note2),
        ];
        s.manager_attribute = Some(manager.clone());
    })
    .await;
    app.register_webhooks().await;
    let anna = app
        .customer("Anna", "Petrova", "cf@example.com", "+79031234567")
        .await;
    let order = app.crm.user_create_order(json!({
        "site": "shop", "number": "340A", "status": "new", "shipmentStore": "main",
        "customer": {"id": anna}, "managerId": 7,
        "customFields": {"note": "fragile", "color": "blue"},
        "items": [{"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 1}]
    }));
    app.sync().await;
    let ms = app.ms_order_of(order).await;
    let ms_id = ms["id"].as_str().unwrap().to_owned();
    assert_eq!(attr(&ms, &note), "fragile", "{ms:#?}");
    assert_eq!(attr(&ms, &note2), "fragile");
    assert_eq!(
        attr(&ms, &color)["name"],
        "Синий",
        "the value, not the code"
    );
    let names: Vec<Value> = app
        .ms
        .dictionary_values(&dict)
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert!(
        names.contains(&json!("Синий")),
        "created in MoySklad: {names:?}"
    );
    assert!(
        attr(&ms, &manager)["meta"]["href"]
            .as_str()
            .is_some_and(|h| h.ends_with(&ivan)),
        "MS-C1 {ms:#?}"
    );
    let change: CustomerOrder = serde_json::from_value(json!({"attributes": [
        {"meta": app.ms_ref_attr(&note), "value": "first"},
        {"meta": app.ms_ref_attr(&note2), "value": "last"},
        {"meta": app.ms_ref_attr(&color), "value": red},
        {"meta": app.ms_ref_attr(&manager), "value": {"meta": app.ms_ref("employee", &other)["meta"]}}
    ]}))
    .unwrap();
    app.ms_user()
        .customer_order_update(&ms_id, &change)
        .await
        .unwrap();
    wait_for_deliveries(&app, 1).await;
    app.drain().await;
    let crm = app.crm_order(order);
    assert_eq!(crm["customFields"]["note"], "last", "the last mapping wins");
    assert_eq!(crm["customFields"]["color"], "red");
    assert_eq!(
        crm["managerId"], 7,
        "the manager is not taken from MoySklad"
    );
}

/// MS-C1: a manager with no matching employee is journalled, never created,
/// and the order still goes.
async fn unmatched_manager(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    app.crm
        .seed_user(8, "Olga", "Smirnova", "olga@shop.ru", "+79035550000");
    let manager = app
        .ms
        .seed_attribute("customerorder", "Manager", "employee");
    app.ms
        .seed_employee("Smirnova", "Olga", "olga@shop.ru", "+79990000000");
    app.update_sync(|s| s.manager_attribute = Some(manager.clone()))
        .await;
    let anna = app
        .customer("Anna", "Petrova", "c1@example.com", "+79031234567")
        .await;
    let order = app.crm.user_create_order(json!({
        "site": "shop", "number": "341A", "status": "new", "shipmentStore": "main",
        "customer": {"id": anna}, "managerId": 8,
        "items": [{"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 1}]
    }));
    app.sync().await;
    let ms = app.ms_order_of(order).await;
    assert!(attr(&ms, &manager).is_null(), "{ms:#?}");
    assert_eq!(app.ms.entities("employee").len(), 1, "no employee created");
    let entries = journal::recent(app.store(), &app.tenant).await.unwrap();
    assert!(
        entries.iter().any(|e| e.message.contains("MS-C1")),
        "{entries:?}"
    );
}

/// MS-M6 and MS-M9 copy options: a new shipment and a new payment document
/// take the order's custom field values where they have a field of the
/// same name and type.
async fn order_fields_copied_to_documents(backend: Backend) {
    let app = MsApp::spawn(backend, |s| {
        s.shipment_statuses = vec!["send".into()];
        s.copy_custom_fields_to_shipment = true;
        s.payment_documents = [("cash".to_owned(), "cashin".to_owned())].into();
        s.copy_custom_fields_to_payments = true;
    })
    .await;
    app.crm.define_custom_field("order", "note");
    let note = app.ms.seed_attribute("customerorder", "Note", "string");
    let demand_note = app.ms.seed_attribute("demand", "Note", "string");
    let demand_other = app.ms.seed_attribute("demand", "Other", "string");
    let cash_note = app.ms.seed_attribute("cashin", "Note", "string");
    app.update_sync(|s| s.custom_fields = vec![pair("note", &note)])
        .await;
    let anna = app
        .customer("Anna", "Petrova", "cp@example.com", "+79031234567")
        .await;
    app.ms
        .set_stock(&app.seeded.phone_id, &app.seeded.store, 10.0, 0.0, 0.0);
    let order = app.crm.user_create_order(json!({
        "site": "shop", "number": "342A", "status": "new", "shipmentStore": "main",
        "customer": {"id": anna}, "customFields": {"note": "fragile"},
        "items": [{"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 1}]
    }));
    app.sync().await;
    app.crm.user_add_payment(order, "cash", "paid", 100.5);
    app.set_status(order, "send").await;
    let demand = &app.docs("demand")[0];
    assert_eq!(attr(demand, &demand_note), "fragile", "{demand:#?}");
    assert!(attr(demand, &demand_other).is_null());
    let cash = &app.docs("cashin")[0];
    assert_eq!(attr(cash, &cash_note), "fragile", "{cash:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_ms_m9_order_fields_copied_to_new_documents_sqlite() {
    order_fields_copied_to_documents(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m6_ms_m9_order_fields_copied_to_new_documents_aws() {
    order_fields_copied_to_documents(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m12_ms_c1_custom_fields_both_ways_and_the_manager_sqlite() {
    custom_fields_both_ways(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_m12_ms_c1_custom_fields_both_ways_and_the_manager_aws() {
    custom_fields_both_ways(Backend::Aws).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_c1_unmatched_manager_is_journalled_not_created_sqlite() {
    unmatched_manager(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_c1_unmatched_manager_is_journalled_not_created_aws() {
    unmatched_manager(Backend::Aws).await
}
