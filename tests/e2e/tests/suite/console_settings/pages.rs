//! The settings, hook URL and dry-run pages over HTTP with the tenant's
//! key, as a browser's form posts reach them; the dry-run API.

use super::{HOOK_TOKEN, MS_TOKEN, PUBLIC_URL, SettingsApp};
use crate::support::app::Backend;
use crate::support::oc_app::{CRM_KEY, OcApp};
use serde_json::{Value, json};
use synclane::model::{EntityKind, System};
use synclane::store::LinkKey;
use synclane_emulators::opencart::OrderEvent;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(app: &SettingsApp, path: &str) -> (u16, String) {
    let answer = client()
        .get(format!("{}{path}", app.console()))
        .bearer_auth(&app.oc.key)
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

/// Posts a form; the status and either the page or the redirect's target.
async fn post(app: &SettingsApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let answer = client()
        .post(format!("{}{path}", app.console()))
        .bearer_auth(&app.oc.key)
        .form(form)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    if let Some(to) = answer.headers().get("location") {
        return (status, to.to_str().unwrap().to_owned());
    }
    (status, answer.text().await.unwrap())
}

#[tokio::test]
async fn ms_m2_settings_page_refuses_one_to_many_warehouses_then_saves() {
    let app = SettingsApp::spawn().await;
    let [central, south] = app.ms_stores.clone();

    // Both sides' pick lists come from the emulators' reference data.
    let (status, page) = get(&app, "/settings/warehouses").await;
    assert_eq!(status, 200, "{page}");
    for name in [
        "Main warehouse (main)",
        "South warehouse (south)",
        "Central",
        "South hub",
    ] {
        assert!(page.contains(name), "{name} not on the page");
    }

    // Both CRM warehouses on one MoySklad warehouse: refused beside the
    // field, what was chosen kept, nothing saved.
    let form = [
        ("stores.main", central.as_str()),
        ("stores.south", central.as_str()),
    ];
    let (status, page) = post(&app, "/settings/warehouses", &form).await;
    assert_eq!(status, 422, "{page}");
    let marker = r#"data-field="stores.south">MS-M2 warehouses (stores) must be one to one"#;
    assert!(page.contains(marker), "{page}");
    let kept = format!(r#"value="{central}" selected"#);
    assert_eq!(page.matches(&kept).count(), 2, "{page}");
    assert_eq!(app.stores_via_api().await, json!({}));
    assert_eq!(app.peer_writes(), (0, 0, 0));

    // One to one: saved, and the page says so.
    let form = [
        ("stores.main", central.as_str()),
        ("stores.south", south.as_str()),
    ];
    let (status, to) = post(&app, "/settings/warehouses", &form).await;
    assert_eq!(status, 303, "{to}");
    assert!(to.ends_with("/settings/warehouses?saved=1"), "{to}");
    assert_eq!(
        app.stores_via_api().await,
        json!({"main": central, "south": south})
    );
    let (_, page) = get(&app, "/settings/warehouses?saved=1").await;
    assert!(page.contains(r#"id="saved""#));
}

#[tokio::test]
async fn settings_tabs_keep_typed_text_and_lists_from_both_peers() {
    let app = SettingsApp::spawn().await;
    // A number that is not one: shown beside its field, as typed.
    let (status, page) = post(
        &app,
        "/settings/general",
        &[("retention_days", "five"), ("max_entries", "50")],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(r#"data-field="retention_days""#), "{page}");
    assert!(page.contains(r#"value="five""#), "{page}");
    // MS-M3 statuses: CRM statuses and MoySklad order states.
    let (_, page) = get(&app, "/settings/statuses").await;
    for name in ["New (new)", "Complete (complete)", "Новый", "Отгружен"] {
        assert!(page.contains(name), "{name} not on the statuses tab");
    }
    // MS-M1 shops: the CRM's shop and MoySklad's legal entities.
    let (_, page) = get(&app, "/settings/shops").await;
    for name in ["opencart-shop", "Acme LLC", "Acme Retail"] {
        assert!(page.contains(name), "{name} not on the shops tab");
    }
    // Options needing another option: refused, naming the field.
    let (status, page) = post(
        &app,
        "/settings/options",
        &[("overwrite_cost_on_shipment", "on")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        page.contains(r#"data-field="overwrite_cost_on_shipment">MS-S11"#),
        "{page}"
    );
    // MS-S13: the CRM's delivery types, refused without MS-S1 beside the map.
    app.oc.crm.set_delivery_types(&["courier", "pickup"]);
    let (_, page) = get(&app, "/settings/options").await;
    assert!(
        page.contains(r#"name="delivery_services.courier""#),
        "{page}"
    );
    let form = [
        ("delivery_services.courier", "svc-1"),
        ("auto_reserve", "on"),
    ];
    let (status, page) = post(&app, "/settings/options", &form).await;
    assert_eq!(status, 422);
    assert!(
        page.contains(r#"data-field="delivery_services">MS-S13"#),
        "{page}"
    );
    // MS-M1 sales channels and the OpenCart status map: saved, read back.
    let form = [
        ("shops.opencart-shop", ""),
        ("channels.opencart-shop", "chan-1"),
    ];
    assert_eq!(post(&app, "/settings/shops", &form).await.0, 303);
    let form = [
        ("status_map.rows", "2"),
        ("status_map0.oc", "5"),
        ("status_map0.crm", "complete"),
    ];
    assert_eq!(post(&app, "/settings/opencart", &form).await.0, 303);
    let stored = app.settings_via_api().await;
    assert_eq!(
        stored["moysklad"]["sync"]["channels"],
        json!({"opencart-shop": "chan-1"})
    );
    assert_eq!(stored["opencart"]["status_map"], json!({"5": "complete"}));
    // A tenant without that shop: the tab says so, nothing to save.
    let (_, page) = get(&app, "/settings/woocommerce").await;
    assert!(page.contains("no WooCommerce shop yet"), "{page}");
    let (status, _) = get(&app, "/settings/nowhere").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn hook_urls_page_shows_what_to_paste_and_no_api_keys() {
    let app = SettingsApp::spawn().await;
    let t = app.oc.tenant.as_str();
    let (status, page) = get(&app, "/hooks").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("{PUBLIC_URL}/hooks/{t}/opencart")),
        "{page}"
    );
    // MoySklad's URL holds its only credential: folded.
    let folded = format!(
        r#"<details><summary>Show (holds a secret)</summary><code class="url">{PUBLIC_URL}/hooks/{t}/moysklad/{HOOK_TOKEN}</code>"#
    );
    assert!(page.contains(&folded), "{page}");
    // Keys Synclane calls peers with are never shown.
    assert!(!page.contains(CRM_KEY) && !page.contains(MS_TOKEN));
}

/// A guest order in the shop, not yet seen by Synclane.
fn seed_order(app: &OcApp, order_id: i64) {
    app.shop.seed_order(
        order_id,
        json!({"firstname": "Vera", "lastname": "Lis", "email": "vera@example.com",
            "telephone": "+7 903 555-00-11", "payment_firstname": "Vera", "payment_lastname": "Lis",
            "payment_address_1": "Lenina 1", "payment_city": "Moscow", "payment_iso_code_2": "RU"}),
        json!([{"product_id": "40", "quantity": "2"}]),
    );
}

async fn dry_run(app: &OcApp, body: Value) -> (u16, Value) {
    let answer = reqwest::Client::new()
        .post(format!("{}/dry-run", app.admin_url()))
        .bearer_auth(&app.key)
        .json(&body)
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.json().await.unwrap())
}

fn actions(plan: &Value, flow: &str) -> Vec<String> {
    let flow = plan["flows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["flow"] == flow)
        .unwrap_or_else(|| panic!("no {flow} in {plan}"));
    assert_eq!(flow["verdict"], "apply", "{flow}");
    flow["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn dry_run_of_an_opencart_order_plans_and_writes_nothing() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    seed_order(&app, 501);
    let key = LinkKey::new(&app.tenant, EntityKind::Order, System::OpenCart, "501");

    let (status, plan) = dry_run(
        &app,
        json!({"system": "opencart", "entity": "order", "id": "501"}),
    )
    .await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(
        actions(&plan, "opencart_crm"),
        ["create_customer", "create_order", "record_link"]
    );
    let commands = &plan["flows"][0]["commands"];
    assert_eq!(commands[0]["rule"], "OC-F2");
    assert_eq!(commands[0]["data"]["person"]["email"], "vera@example.com");
    assert_eq!(
        commands[1]["data"]["lines"].as_array().map(Vec::len),
        Some(1),
        "{plan}"
    );
    assert_eq!((app.crm.writes(), app.shop.writes()), (0, 0));
    assert!(app.store().links.get_link(&key).await.unwrap().is_none());
    assert!(app.crm.orders().is_empty() && app.crm.customers().is_empty());

    // Synced for real: the dry run finds the CRM customer and plans what
    // the flow would do with an edit event now: the first edit after a
    // create rewrites the order's customer fields (the create's fingerprint
    // held the lines). No write, no link changed.
    let crm_id = app.order_synced_forward(502, json!({})).await;
    let key = LinkKey::new(&app.tenant, EntityKind::Order, System::OpenCart, "502");
    let link = app.store().links.get_link(&key).await.unwrap();
    let writes = (app.crm.writes(), app.shop.writes());
    let ask = json!({"system": "opencart", "entity": "order", "id": "502"});
    let (status, plan) = dry_run(&app, ask.clone()).await;
    assert_eq!(status, 200, "{plan}");
    assert_eq!(
        actions(&plan, "opencart_crm"),
        ["use_customer", "edit_order", "record_link"]
    );
    assert_eq!(
        plan["flows"][0]["commands"][1]["record"],
        crm_id.to_string()
    );
    assert_eq!((app.crm.writes(), app.shop.writes()), writes);
    assert_eq!(app.store().links.get_link(&key).await.unwrap(), link);

    // That edit applied for real, the CRM holds it: nothing left to write.
    assert_eq!(app.shop.post_order_event(502, OrderEvent::Edit).await, 202);
    app.drain().await;
    let writes = (app.crm.writes(), app.shop.writes());
    let (_, plan) = dry_run(&app, ask).await;
    assert_eq!(
        actions(&plan, "opencart_crm"),
        ["use_customer", "record_link"]
    );
    assert_eq!((app.crm.writes(), app.shop.writes()), writes);

    // The CRM order, for the reverse flow: OpenCart already shows its buyer.
    let (status, plan) = dry_run(
        &app,
        json!({"system": "retailcrm", "entity": "order", "id": crm_id.to_string()}),
    )
    .await;
    assert_eq!(status, 200, "{plan}");
    assert!(actions(&plan, "crm_opencart").is_empty(), "{plan}");
    assert_eq!((app.crm.writes(), app.shop.writes()), writes);

    let (status, answer) =
        dry_run(&app, json!({"system": "fax", "entity": "order", "id": "1"})).await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("bad_request"))
    );
}
