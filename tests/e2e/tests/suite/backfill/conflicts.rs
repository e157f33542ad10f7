//! The backfill's conflicts through the admin API, on each store backend:
//! listed with paging, one resolved by picking a candidate (linked both
//! ways in the store, no peer written), one refused because its candidate
//! is linked elsewhere, one dismissed; refusals change nothing; the
//! decisions outlive a second run.

use super::{Sizes, peer_writes, seed};
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use synclane::model::{EntityKind, System};
use synclane::store::LinkKey;

/// Seeds the shared customers and three conflicts; returns the CRM ids of
/// (the duplicate of a linked customer, buyer of twins A, buyer of twins B).
pub fn seed_conflicts(app: &OcApp) -> (i64, i64, i64) {
    seed(
        &app.crm,
        &app.shop,
        Sizes {
            crm: 30,
            shop: 30,
            common: 20,
        },
    );
    // Common customer 0's address again: its shop candidate is taken.
    let duplicate = app
        .crm
        .seed_customer(json!({"email": "person0@example.com"}));
    let buyer = |twins: &str| {
        for _ in 0..2 {
            app.shop.seed_customer(json!({"email": twins}));
        }
        app.crm.seed_customer(json!({"email": twins}))
    };
    let a = buyer("twin-a@example.com");
    let b = buyer("twin-b@example.com");
    (duplicate, a, b)
}

pub async fn call(app: &OcApp, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let url = format!("{}/backfill{path}", app.admin_url());
    let client = reqwest::Client::new();
    let request = match method {
        "GET" => client.get(url),
        _ => client.post(url),
    };
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let answer = request.bearer_auth(&app.key).send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

/// Starts a run and waits for it to be done.
pub async fn run_to_the_end(app: &OcApp) -> Value {
    let before = call(app, "GET", "?limit=1", None).await.1["progress"]["run"].clone();
    let (status, answer) = call(app, "POST", "", None).await;
    assert_eq!(status, 202, "{answer}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, answer) = call(app, "GET", "?limit=1", None).await;
        let progress = &answer["progress"];
        // Done, and a new run (not the one before the start).
        if status == 200 && progress["status"] == "done" && progress["run"] != before {
            // The run releases its lease after its last checkpoint.
            tokio::time::sleep(Duration::from_millis(200)).await;
            return answer["progress"].clone();
        }
        assert!(Instant::now() < deadline, "{answer}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub fn ids(page: &Value) -> Vec<String> {
    page["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn conflicts_listed_resolved_and_dismissed(backend: Backend) {
    let app = OcApp::spawn(backend).await;
    let (duplicate, twins_a, twins_b) = seed_conflicts(&app);
    let (dup_id, a_id, b_id) = (
        format!("retailcrm-{duplicate}"),
        format!("retailcrm-{twins_a}"),
        format!("retailcrm-{twins_b}"),
    );
    let (status, _) = call(&app, "GET", "/conflicts", None).await;
    assert_eq!(status, 404, "no run yet");

    let progress = run_to_the_end(&app).await;
    assert_eq!(progress["conflicts"], 3, "{progress}");
    let (status, page) = call(&app, "GET", "/conflicts", None).await;
    assert_eq!(status, 200);
    assert_eq!(page["total"], 3);
    let mut all = ids(&page);
    all.sort();
    let mut expected = vec![dup_id.clone(), a_id.clone(), b_id.clone()];
    expected.sort();
    assert_eq!(all, expected);
    let first = call(&app, "GET", "/conflicts?limit=2", None).await.1;
    let rest = call(&app, "GET", "/conflicts?limit=2&offset=2", None)
        .await
        .1;
    assert_eq!((ids(&first).len(), ids(&rest).len()), (2, 1));
    assert_eq!([ids(&first), ids(&rest)].concat(), ids(&page));
    for bad in ["?decision=maybe", "?limit=0", "?limit=501"] {
        let (status, answer) = call(&app, "GET", &format!("/conflicts{bad}"), None).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (400, Some("bad_request"))
        );
    }

    let twins = page["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == a_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(twins["candidate_system"], "opencart");
    assert_eq!(twins["decision"], "open");
    let candidates: Vec<String> = serde_json::from_value(twins["candidates"].clone()).unwrap();
    assert_eq!(candidates.len(), 2);
    let resolve = format!("/conflicts/{a_id}/resolve");

    // Refusals: nothing linked, nothing decided.
    let crm_key = LinkKey::new(
        &app.tenant,
        EntityKind::Customer,
        System::RetailCrm,
        twins_a.to_string(),
    );
    for (body, want) in [
        (json!({"candidate": "c:999999"}), 400),
        (json!({"chosen": candidates[1]}), 400),
        (json!("c:1"), 400),
    ] {
        let (status, answer) = call(&app, "POST", &resolve, Some(body.clone())).await;
        assert_eq!(status, want, "{body} → {answer}");
    }
    assert!(
        app.store()
            .links
            .get_link(&crm_key)
            .await
            .unwrap()
            .is_none()
    );
    let (status, _) = call(
        &app,
        "POST",
        "/conflicts/retailcrm-424242/resolve",
        Some(json!({"candidate": candidates[0]})),
    )
    .await;
    assert_eq!(status, 404);

    // Resolved: linked both ways, and again is the same answer.
    let body = json!({"candidate": candidates[1]});
    for _ in 0..2 {
        let (status, answer) = call(&app, "POST", &resolve, Some(body.clone())).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(
            (answer["decision"].as_str(), answer["chosen"].as_str()),
            (Some("resolved"), Some(candidates[1].as_str()))
        );
    }
    let forward = app.store().links.get_link(&crm_key).await.unwrap().unwrap();
    assert_eq!(forward.peer(System::OpenCart), Some(candidates[1].as_str()));
    let shop_key = LinkKey::new(
        &app.tenant,
        EntityKind::Customer,
        System::OpenCart,
        &candidates[1],
    );
    let back = app
        .store()
        .links
        .get_link(&shop_key)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        back.peer(System::RetailCrm),
        Some(twins_a.to_string().as_str())
    );
    assert_eq!(forward.group, back.group);
    // The other candidate now is not it.
    let (status, _) = call(
        &app,
        "POST",
        &resolve,
        Some(json!({"candidate": candidates[0]})),
    )
    .await;
    assert_eq!(status, 409);

    // The duplicate's one candidate belongs to another CRM customer.
    let dup = page["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == dup_id.as_str())
        .unwrap()
        .clone();
    let taken = json!({"candidate": dup["candidates"][0]});
    let (status, answer) = call(
        &app,
        "POST",
        &format!("/conflicts/{dup_id}/resolve"),
        Some(taken),
    )
    .await;
    assert_eq!(status, 409, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or_default()
            .contains("linked to"),
        "{answer}"
    );

    let (status, answer) = call(&app, "POST", &format!("/conflicts/{b_id}/dismiss"), None).await;
    assert_eq!(
        (status, answer["decision"].as_str()),
        (200, Some("dismissed"))
    );
    let (status, _) = call(&app, "POST", &format!("/conflicts/{a_id}/dismiss"), None).await;
    assert_eq!(status, 409, "a resolved conflict is not dismissed");

    let open = call(&app, "GET", "/conflicts", None).await.1;
    assert_eq!(ids(&open), vec![dup_id.clone()]);
    let resolved = call(&app, "GET", "/conflicts?decision=resolved", None)
        .await
        .1;
    assert_eq!(ids(&resolved), vec![a_id.clone()]);

    // A new run rewrites the reports; the decisions stay.
    let again = run_to_the_end(&app).await;
    assert_eq!(again["linked"], 0, "{again}");
    let all = call(&app, "GET", "/conflicts?decision=all", None).await.1;
    let decision = |id: &str| {
        all["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["decision"].as_str().unwrap().to_owned())
    };
    assert_eq!(decision(&a_id).as_deref(), Some("resolved"));
    assert_eq!(decision(&b_id).as_deref(), Some("dismissed"));
    assert_eq!(decision(&dup_id).as_deref(), Some("open"));
    assert_eq!(
        peer_writes(&app.crm, &app.shop),
        0,
        "no peer was written to"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_conflicts_listed_resolved_and_dismissed_sqlite() {
    conflicts_listed_resolved_and_dismissed(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_conflicts_listed_resolved_and_dismissed_aws() {
    conflicts_listed_resolved_and_dismissed(Backend::Aws).await;
}
