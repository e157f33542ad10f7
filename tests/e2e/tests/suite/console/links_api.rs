//! `GET /admin/tenants/{t}/links` and `POST …/connections/{system}/test`
//! over HTTP, on both backends: a shop order carried to the CRM is found
//! by either id with its last sync; bad queries are refused; another
//! tenant's key gets 403; a connection test reports the peer's answer or
//! its error without the key.

use crate::support::app::Backend;
use crate::support::oc_app::{CRM_KEY, OcApp};
use crate::support::on_both_backends;
use serde_json::{Value, json};
use synclane::clock::now_ms;
use synclane::model::TenantId;
use synclane::secret::Secret;
use synclane::settings::TenantSettings;

async fn call(app: &OcApp, key: &str, method: reqwest::Method, path: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", app.admin_url()))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn links_found_by_any_id_and_connections_tested(backend: Backend) {
    let app = OcApp::spawn(backend).await;
    let before = now_ms();
    let crm_id = app.order_synced_forward(8101, json!({})).await;
    let get = |path: String| {
        let app = &app;
        async move { call(app, &app.key, reqwest::Method::GET, &path).await }
    };

    let (status, found) = get("/links?system=opencart&id=8101".into()).await;
    assert_eq!(status, 200, "{found}");
    let records = found["records"].as_array().unwrap();
    let shop = records
        .iter()
        .find(|r| r["system"] == "opencart" && r["kind"] == "order")
        .expect("the shop order");
    assert_eq!(
        (shop["id"].as_str(), shop["searched"].as_bool()),
        (Some("8101"), Some(true))
    );
    let crm = records
        .iter()
        .find(|r| r["system"] == "retailcrm" && r["kind"] == "order")
        .unwrap_or_else(|| panic!("the CRM order in {found}"));
    assert_eq!(crm["id"], crm_id.to_string());
    assert_eq!(crm["state"], "linked");
    for record in records {
        let synced = record["synced_ms"].as_i64().expect("a sync time");
        assert!(synced >= before && synced <= now_ms(), "{record}");
        assert_eq!(record["group"], shop["group"]);
    }

    // From the CRM's side: the CRM order marked as searched (and, when
    // the CRM gave its customer the same number, that customer too: an id
    // of any kind), the shop order in the same group.
    let (status, from_crm) = get(format!("/links?system=retailcrm&id={crm_id}")).await;
    assert_eq!(status, 200);
    let records = from_crm["records"].as_array().unwrap();
    let searched: Vec<_> = records.iter().filter(|r| r["searched"] == true).collect();
    let crm_text = crm_id.to_string();
    assert!(searched.iter().any(|r| r["kind"] == "order"), "{from_crm}");
    assert!(
        searched
            .iter()
            .all(|r| r["system"] == "retailcrm" && r["id"] == crm_text.as_str()),
        "{from_crm}"
    );
    let order_group = &searched.iter().find(|r| r["kind"] == "order").unwrap()["group"];
    assert!(
        records
            .iter()
            .any(|r| r["id"] == "8101" && r["system"] == "opencart" && &r["group"] == order_group),
        "{from_crm}"
    );

    // Nothing linked, bad queries.
    let (status, none) = get("/links?system=opencart&id=999999".into()).await;
    assert_eq!(
        (status, none["records"].as_array().map(Vec::len)),
        (200, Some(0))
    );
    for bad in [
        "/links?system=sap&id=1",
        "/links?system=opencart&id=",
        "/links?id=1",
    ] {
        let (status, body) = get(bad.into()).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }

    // Another tenant's key: refused, and its own search finds nothing of ours.
    let other = TenantId::parse(&format!("other-{}", app.tenant)).unwrap();
    app.store()
        .tenants
        .put_tenant(&TenantSettings::new(
            other.clone(),
            Secret::new("whsec-other-0123456789"),
        ))
        .await
        .unwrap();
    let other_key = crate::support::tenant_keys::on_store(app.store(), other.as_str()).await;
    let (status, _) = call(
        &app,
        &other_key,
        reqwest::Method::GET,
        "/links?system=opencart&id=8101",
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = call(
        &app,
        &other_key,
        reqwest::Method::POST,
        "/connections/opencart/test",
    )
    .await;
    assert_eq!(status, 403);
    let theirs = reqwest::Client::new()
        .get(format!(
            "http://{}/admin/tenants/{other}/links?system=opencart&id=8101",
            app.local.addr
        ))
        .bearer_auth(&other_key)
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 200);
    let theirs: Value = theirs.json().await.unwrap();
    assert_eq!(theirs["records"], json!([]));

    // Connections: the configured ones; a test answers what the peer said.
    let (status, list) = get("/connections".into()).await;
    assert_eq!(status, 200);
    let systems: Vec<_> = list["connections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["system"].clone())
        .collect();
    assert_eq!(systems, vec![json!("retailcrm"), json!("opencart")]);
    let test = |system: &'static str| {
        let app = &app;
        async move {
            call(
                app,
                &app.key,
                reqwest::Method::POST,
                &format!("/connections/{system}/test"),
            )
            .await
        }
    };
    let (status, oc) = test("opencart").await;
    assert_eq!((status, oc["ok"].as_bool()), (200, Some(true)), "{oc}");
    assert!(oc["summary"].as_str().unwrap().contains("OpenCart"), "{oc}");
    let (status, crm) = test("retailcrm").await;
    assert_eq!((status, crm["ok"].as_bool()), (200, Some(true)), "{crm}");
    assert!(
        crm["summary"].as_str().unwrap().contains("delivery type"),
        "{crm}"
    );
    // The CRM refuses the key: the kind, never the key.
    app.crm.fail_path_next("/reference/delivery-types", 1, 401);
    let (status, refused) = test("retailcrm").await;
    assert_eq!(
        (status, refused["ok"].as_bool()),
        (200, Some(false)),
        "{refused}"
    );
    assert_eq!(refused["error"]["kind"], "credentials", "{refused}");
    assert!(!refused.to_string().contains(CRM_KEY), "{refused}");
    let (status, _) = test("moysklad").await;
    assert_eq!(status, 404, "not configured");
    let (status, _) = test("sap").await;
    assert_eq!(status, 404);
}

on_both_backends! {
    links_found_by_any_id_and_connections_tested =>
        links_and_connections_sqlite, links_and_connections_aws;
}
