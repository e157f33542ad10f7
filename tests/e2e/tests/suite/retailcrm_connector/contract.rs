//! The emulator refuses what the real CRM refuses (raw HTTP, no connector).

use super::{KEY, SITE, setup};
use serde_json::Value;

async fn answer(r: reqwest::RequestBuilder) -> (u16, Value) {
    let r = r.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn raw_json_body_is_rejected() {
    let (emu, _) = setup().await;
    let url = format!("{}/api/v5/customers/create", emu.base_url());
    let body = serde_json::json!({"site": SITE, "customer": {"firstName": "Ivan"}});
    let (status, v) = answer(
        reqwest::Client::new()
            .post(url)
            .header("X-API-KEY", KEY)
            .json(&body),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(v["success"], false);
    assert_eq!(v["errorMsg"], "Errors in the entity format");
    assert!(emu.customers().is_empty());
}

#[tokio::test]
async fn form_fields_must_be_present_json_objects() {
    let (emu, _) = setup().await;
    let url = format!("{}/api/v5/customers/create", emu.base_url());
    let http = reqwest::Client::new();
    let (status, v) = answer(
        http.post(&url)
            .header("X-API-KEY", KEY)
            .form(&[("site", SITE)]),
    )
    .await;
    assert_eq!(
        (status, v["errorMsg"].as_str()),
        (400, Some("Parameter 'customer' is missing"))
    );
    let (status, v) = answer(
        http.post(&url)
            .header("X-API-KEY", KEY)
            .form(&[("site", SITE), ("customer", "Ivan")]),
    )
    .await;
    assert_eq!(
        (status, v["errorMsg"].as_str()),
        (400, Some("Errors in the entity format"))
    );
    let form = [("site", "unknown"), ("customer", r#"{"firstName":"Ivan"}"#)];
    let (status, _) = answer(http.post(&url).header("X-API-KEY", KEY).form(&form)).await;
    assert_eq!(status, 400, "unknown site");
    let form = [("site", SITE), ("customer", r#"{"firstName":"Ivan"}"#)];
    let (status, v) = answer(http.post(&url).header("X-API-KEY", KEY).form(&form)).await;
    assert_eq!((status, v["id"].as_i64()), (201, Some(1)));
}

#[tokio::test]
async fn api_key_is_required_and_checked() {
    let (emu, _) = setup().await;
    let url = format!("{}/api/v5/customers", emu.base_url());
    let http = reqwest::Client::new();
    let (status, v) = answer(http.get(&url)).await;
    assert_eq!(
        (status, v["errorMsg"].as_str()),
        (403, Some("\"apiKey\" is missing."))
    );
    let (status, v) = answer(http.get(&url).header("X-API-KEY", "wrong")).await;
    assert_eq!(
        (status, v["errorMsg"].as_str()),
        (403, Some("Wrong \"apiKey\" value."))
    );
}

#[tokio::test]
async fn limit_is_one_of_the_allowed_page_sizes() {
    let (emu, _) = setup().await;
    let url = format!("{}/api/v5/customers", emu.base_url());
    let http = reqwest::Client::new();
    let (status, _) = answer(
        http.get(&url)
            .header("X-API-KEY", KEY)
            .query(&[("limit", "10")]),
    )
    .await;
    assert_eq!(status, 400);
    let (status, v) = answer(
        http.get(&url)
            .header("X-API-KEY", KEY)
            .query(&[("limit", "100")]),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v["pagination"]["limit"], 100);
    assert_eq!(v["pagination"]["currentPage"], 1);
}

#[tokio::test]
async fn get_without_by_reads_the_id_as_an_external_id() {
    let (emu, crm) = setup().await;
    let id = crm
        .customer_create(Some("abc"), &super::customer("I", "P", "i@p.ru", "1"))
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let base = format!("{}/api/v5/customers", emu.base_url());
    let (status, _) = answer(http.get(format!("{base}/{id}")).header("X-API-KEY", KEY)).await;
    assert_eq!(status, 404, "without by, {id} is an externalId");
    let (status, v) = answer(http.get(format!("{base}/abc")).header("X-API-KEY", KEY)).await;
    assert_eq!((status, v["customer"]["id"].as_i64()), (200, Some(id)));
    let (status, _) = answer(
        http.get(format!("{base}/{id}"))
            .header("X-API-KEY", KEY)
            .query(&[("by", "id")]),
    )
    .await;
    assert_eq!(status, 200);
}
