//! The real Lambda binaries (`functions/hook-opencart`, `functions/worker`)
//! under `cargo lambda watch`, on moto's DynamoDB, SQS and KMS and against
//! the RetailCRM emulator: signed webhook → hook function → SQS → worker
//! function invoked with the SQS event → CRM state and links in DynamoDB.

use crate::support::app::{CRM_KEY, SECRET, SITE, TENANT, sign, tenant_id, tenant_settings};
use crate::support::aws_stack::{AwsStack, failure_ids};
use crate::support::cargo_lambda::LambdaWatch;
use crate::support::opencart::{ANNA, BORIS, VERA, order_event};
use serde_json::{Value, json};
use std::time::Duration;
use synclane::model::{EntityKind, Envelope, EventKind, System};
use synclane::queue::Outgoing;
use synclane::store::LinkKey;
use synclane_emulators::retailcrm::RetailCrmEmulator;

struct Setup {
    stack: AwsStack,
    crm: RetailCrmEmulator,
    lambda: LambdaWatch,
}

async fn setup() -> Setup {
    let stack = AwsStack::create().await;
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    stack
        .store
        .tenants
        .put_tenant(&tenant_settings(&crm.base_url()))
        .await
        .unwrap();
    let lambda = LambdaWatch::start(&["hook-opencart", "worker"], &stack.function_env()).await;
    Setup { stack, crm, lambda }
}

/// Posts a signed OpenCart webhook to the hook function.
async fn post_hook(setup: &Setup, body: &Value) -> reqwest::Response {
    let raw = serde_json::to_vec(body).unwrap();
    reqwest::Client::new()
        .post(
            setup
                .lambda
                .url("hook-opencart", &format!("/hooks/{TENANT}/opencart")),
        )
        .header("content-type", "application/json")
        .header("x-synclane-signature", sign(SECRET, &raw))
        .body(raw)
        .send()
        .await
        .unwrap()
}

async fn accepted(setup: &Setup, body: &Value) {
    let response = post_hook(setup, body).await;
    assert_eq!(response.status(), 202, "{}", response.text().await.unwrap());
}

fn crm_order_ids(crm: &RetailCrmEmulator) -> Vec<String> {
    let mut ids: Vec<String> = crm
        .orders()
        .iter()
        .map(|o| o["externalId"].as_str().unwrap_or_default().to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_hook_and_worker_apply_a_signed_opencart_order() {
    let setup = setup().await;
    accepted(
        &setup,
        &order_event(1001, &ANNA, None, 1, "2026-11-20 10:00:00"),
    )
    .await;

    // A route the router does not serve is a 404 on Lambda too, never faked.
    let unknown = reqwest::Client::new()
        .post(
            setup
                .lambda
                .url("hook-opencart", "/hooks/acme/no-such-peer"),
        )
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let records = setup
        .stack
        .receive_records(setup.stack.queue.queue_url(), 1)
        .await;
    let answer = setup
        .lambda
        .invoke("worker", &json!({ "Records": records }))
        .await;
    assert_eq!(failure_ids(&answer), Vec::<String>::new(), "{answer}");
    setup.stack.acknowledge(&records, &answer).await;

    assert_eq!(crm_order_ids(&setup.crm), ["1001"]);
    let customers = setup.crm.customers();
    assert_eq!(customers.len(), 1, "{customers:#?}");
    assert_eq!(customers[0]["email"], ANNA.email);
    let key = LinkKey::new(&tenant_id(), EntityKind::Order, System::OpenCart, "1001");
    let link = setup
        .stack
        .store
        .links
        .get_link(&key)
        .await
        .unwrap()
        .expect("the order is linked");
    let crm_id = setup.crm.orders()[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(link.peer(System::RetailCrm), Some(crm_id.as_str()));
}

/// An envelope whose OpenCart payload can never be read: poison.
fn unreadable_payload_envelope() -> String {
    let envelope = Envelope {
        tenant: tenant_id(),
        source: System::OpenCart,
        kind: EventKind::Updated,
        entity: EntityKind::Order,
        external_id: "9009".into(),
        dedupe_key: "poison-9009".into(),
        received_at: 0,
        payload: json!({ "route": "checkout/order/addHistory", "order": "not an order" }),
        flow: Some("opencart_crm".into()),
    };
    serde_json::to_string(&envelope).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_worker_reports_only_retryable_failures_and_dead_letters_poison() {
    let setup = setup().await;
    let queue = &setup.stack.queue;
    // Two events of order 1003 (one FIFO group), then 1002, then two poison messages.
    accepted(
        &setup,
        &order_event(1003, &VERA, None, 1, "2026-11-20 10:00:00"),
    )
    .await;
    accepted(
        &setup,
        &order_event(1003, &ANNA, None, 1, "2026-11-20 11:00:00"),
    )
    .await;
    accepted(
        &setup,
        &order_event(1002, &BORIS, None, 1, "2026-11-20 10:00:00"),
    )
    .await;
    for (group, body) in [
        ("acme#garbage", "{not json".to_owned()),
        ("acme#oc#9009", unreadable_payload_envelope()),
    ] {
        use synclane::queue::Queue;
        let dedupe_id = group.replace('#', "-");
        queue
            .send(Outgoing {
                group: group.into(),
                dedupe_id,
                body,
            })
            .await
            .unwrap();
    }
    let records = setup.stack.receive_records(queue.queue_url(), 5).await;
    let id_of = |i: usize| records[i]["messageId"].as_str().unwrap().to_owned();
    assert_eq!(
        records[0]["attributes"]["MessageGroupId"],
        records[1]["attributes"]["MessageGroupId"]
    );

    // The CRM throttles every try of the first message's first call (its
    // buyer's e-mail lookup; the connector makes three tries).
    setup.crm.fail_next_mentioning(VERA.email, 3, 503);
    let answer = setup
        .lambda
        .invoke("worker", &json!({ "Records": records }))
        .await;
    assert_eq!(failure_ids(&answer), [id_of(0), id_of(1)], "{answer}");
    setup.stack.acknowledge(&records, &answer).await;
    // 1002 applied; nothing of 1003, not even its second event.
    assert_eq!(crm_order_ids(&setup.crm), ["1002"]);

    // Both poison messages were copied to the DLQ; the readable one is journalled.
    let dead = setup.stack.receive_records(queue.dlq_url(), 2).await;
    let mut dead_bodies: Vec<&str> = dead.iter().map(|r| r["body"].as_str().unwrap()).collect();
    dead_bodies.sort();
    let mut expected = [
        records[3]["body"].as_str().unwrap(),
        records[4]["body"].as_str().unwrap(),
    ];
    expected.sort();
    assert_eq!(dead_bodies, expected);
    let journal = setup
        .stack
        .store
        .journal
        .list_journal(&tenant_id(), 10)
        .await
        .unwrap();
    assert!(
        journal.iter().any(|e| e.external_id == "9009"),
        "{journal:#?}"
    );

    // The throttled group comes back after the retry delay (not the queue's
    // 30 s visibility) and is then applied in order.
    // (Well within the 30 s the test received them for.)
    let held = [id_of(0), id_of(1)];
    let again = setup
        .stack
        .receive_ids(queue.queue_url(), &held, Duration::from_secs(15))
        .await;
    let answer = setup
        .lambda
        .invoke("worker", &json!({ "Records": again }))
        .await;
    assert_eq!(failure_ids(&answer), Vec::<String>::new(), "{answer}");
    assert_eq!(crm_order_ids(&setup.crm), ["1002", "1003"]);
    let order = setup
        .crm
        .orders()
        .into_iter()
        .find(|o| o["externalId"] == "1003")
        .unwrap();
    // The second event (the buyer became Anna) was applied last.
    let anna = setup
        .crm
        .customers()
        .into_iter()
        .find(|c| c["email"] == ANNA.email)
        .expect("Anna was created");
    assert_eq!(order["customer"]["id"], anna["id"], "{order:#}");
}
