//! The real `hook-erp` and `hook-woocommerce` Lambda binaries under `cargo
//! lambda watch`, on moto: a signed ERP feed (JSON or CSV) becomes one SQS
//! message per third party for the ERP → WooCommerce flow; WooCommerce's
//! ping is answered 200 and a signed delivery queued; forgeries refused.

use crate::support::app::{TENANT, sign, tenant_id};
use crate::support::aws_stack::AwsStack;
use crate::support::cargo_lambda::LambdaWatch;
use crate::support::erp::{V1, contact, party};
use crate::support::ew_app::{FEED_SECRET, WC_HOOK_SECRET, shop};
use serde_json::{Value, json};
use synclane::model::{EntityKind, Envelope, System};
use synclane::secret::Secret;
use synclane::settings::{ErpSettings, TenantSettings};

fn post(lambda: &LambdaWatch, function: &str, peer: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new().post(lambda.url(function, &format!("/hooks/{TENANT}/{peer}")))
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_erp_and_woocommerce_hooks_queue_their_events() {
    let stack = AwsStack::create().await;
    let settings = TenantSettings {
        woocommerce: Some(shop("https://shop.example")),
        erp: Some(ErpSettings {
            feed_secret: Secret::new(FEED_SECRET),
        }),
        ..TenantSettings::new(tenant_id(), Secret::new("unused-oc-secret-0123"))
    };
    stack.store.tenants.put_tenant(&settings).await.unwrap();
    let lambda = LambdaWatch::start(&["hook-erp", "hook-woocommerce"], &stack.function_env()).await;

    let feed = json!({ "third_parties": [
        party("T1", V1, vec![contact("C1", Some("a@t1.fr"), false)]),
        party("T2", V1, vec![contact("C1", Some("b@t2.fr"), true)]),
    ] })
    .to_string();
    let accepted = post(&lambda, "hook-erp", "erp")
        .header("content-type", "application/json")
        .header("x-synclane-signature", sign(FEED_SECRET, feed.as_bytes()))
        .body(feed.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 202, "{}", accepted.text().await.unwrap());
    let unsigned = post(&lambda, "hook-erp", "erp")
        .body(feed)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    let csv = format!(
        "{}\nT3,{V1},1,,Dupont,,,,,,,,,,,C1,1,,,c@t3.fr,\n",
        synclane::connectors::erp::COLUMNS.join(",")
    );
    let uploaded = post(&lambda, "hook-erp", "erp")
        .header("content-type", "text/csv")
        .header("x-synclane-signature", sign(FEED_SECRET, csv.as_bytes()))
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 202, "{}", uploaded.text().await.unwrap());

    let records = stack.receive_records(stack.queue.queue_url(), 3).await;
    let mut ids: Vec<String> = records
        .iter()
        .map(|r| {
            let envelope: Envelope = serde_json::from_str(r["body"].as_str().unwrap()).unwrap();
            assert_eq!(
                (envelope.source, envelope.entity),
                (System::Erp, EntityKind::ThirdParty)
            );
            assert_eq!(envelope.flow.as_deref(), Some("erp_woocommerce"));
            envelope.external_id
        })
        .collect();
    ids.sort();
    assert_eq!(ids, ["T1", "T2", "T3"]);
    // Settled, as the worker would: the tenant's records share its SQS
    // lanes, and a lane with a message in flight holds the tenant's next
    // record in it (docs/FAIRNESS.md).
    stack
        .acknowledge(&records, &json!({"batchItemFailures": []}))
        .await;

    let ping = post(&lambda, "hook-woocommerce", "woocommerce")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("webhook_id=7")
        .send()
        .await
        .unwrap();
    assert_eq!(ping.status(), 200, "the activation ping gets exactly 200");
    let body = json!({"id": 41}).to_string();
    let delivery = post(&lambda, "hook-woocommerce", "woocommerce")
        .header("content-type", "application/json")
        .header("X-WC-Webhook-Topic", "customer.deleted")
        .header("X-WC-Webhook-Resource", "customer")
        .header("X-WC-Webhook-Event", "deleted")
        .header("X-WC-Webhook-ID", "7")
        .header("X-WC-Webhook-Delivery-ID", "d-1")
        .header("X-WC-Webhook-Source", "https://shop.example/")
        .header(
            "X-WC-Webhook-Signature",
            synclane::connectors::woocommerce::sign(body.as_bytes(), &Secret::new(WC_HOOK_SECRET)),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(delivery.status(), 200);
    let answer: Value = delivery.json().await.unwrap();
    assert_eq!(answer["flows"], 1, "{answer}");
    let records = stack.receive_records(stack.queue.queue_url(), 1).await;
    let envelope: Envelope = serde_json::from_str(records[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        (envelope.source, envelope.external_id.as_str()),
        (System::WooCommerce, "41")
    );
}
