//! Tenant keys through the operator routes: shown once (create and issue
//! return the key, lists never do), stored hashed (the raw store holds the
//! SHA-256 and not the key), rotated without downtime, revoked at once,
//! and gone with a disabled account.

use super::harness::{Backend, OPERATOR, Served};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use synclane::admin::SignInLimit;

async fn journal_status(served: &Served, key: &str) -> u16 {
    let path = "/admin/tenants/rotating/journal";
    served
        .send(Method::GET, path, Some(key))
        .await
        .status()
        .as_u16()
}

async fn keys_shown_once_and_stored_hashed(backend: Backend) {
    let served = Served::start(backend, SignInLimit::default()).await;
    let created = served
        .http
        .post(format!("{}/admin/accounts", served.origin))
        .bearer_auth(OPERATOR)
        .json(&json!({"tenant": "rotating", "label": "till"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let first = created["key"]["key"].as_str().unwrap().to_owned();
    assert!(first.starts_with("slk.rotating."), "{first}");
    assert!(first.len() >= 60, "a long random key: {first}");
    assert_eq!(created["account"]["disabled"], false);
    let again = served
        .http
        .post(format!("{}/admin/accounts", served.origin))
        .bearer_auth(OPERATOR)
        .json(&json!({"tenant": "rotating"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409, "one account per tenant");

    // Settings, so a working key reads 200.
    served.tenant("rotating").await;
    assert_eq!(journal_status(&served, &first).await, 200);

    // Rotation: a second key, both work, the first revoked stops at once.
    let issued = served
        .send(
            Method::POST,
            "/admin/accounts/rotating/keys",
            Some(OPERATOR),
        )
        .await;
    assert_eq!(issued.status(), 201);
    let issued: Value = issued.json().await.unwrap();
    let second = issued["key"].as_str().unwrap().to_owned();
    assert_eq!(journal_status(&served, &first).await, 200);
    assert_eq!(journal_status(&served, &second).await, 200);

    let listed = served
        .send(Method::GET, "/admin/accounts/rotating/keys", Some(OPERATOR))
        .await
        .text()
        .await
        .unwrap();
    for key in [&first, &second] {
        let secret = key.rsplit('.').next().unwrap();
        assert!(
            !listed.contains(secret),
            "a list never shows a key: {listed}"
        );
    }
    let listed: Value = serde_json::from_str(&listed).unwrap();
    let keys = listed["keys"].as_array().unwrap();
    assert!(
        keys.len() >= 2 && keys.iter().all(|k| k.get("key").is_none()),
        "{listed}"
    );
    assert!(
        keys.iter()
            .any(|k| k["label"] == "till" && k["last_used_ms"].is_i64()),
        "{listed}"
    );

    let raw = served.raw_text().await;
    for key in [&first, &second] {
        let secret = key.rsplit('.').next().unwrap();
        assert!(!raw.contains(secret), "no plaintext key in the store");
        assert!(
            raw.contains(&hex::encode(Sha256::digest(key.as_bytes()))),
            "its SHA-256 is"
        );
    }

    let first_id = created["key"]["id"].as_str().unwrap();
    let revoke = format!("/admin/accounts/rotating/keys/{first_id}");
    assert_eq!(
        served
            .send(Method::DELETE, &revoke, Some(OPERATOR))
            .await
            .status(),
        204
    );
    assert_eq!(journal_status(&served, &first).await, 401, "revoked");
    assert_eq!(
        journal_status(&served, &second).await,
        200,
        "the new one goes on"
    );
    assert_eq!(
        served
            .send(Method::DELETE, &revoke, Some(OPERATOR))
            .await
            .status(),
        404
    );

    // A disabled account's keys stop, and it gets no new ones.
    let disable = served
        .send(Method::DELETE, "/admin/accounts/rotating", Some(OPERATOR))
        .await;
    assert_eq!(disable.status(), 204);
    assert_eq!(journal_status(&served, &second).await, 401);
    let refused = served
        .send(
            Method::POST,
            "/admin/accounts/rotating/keys",
            Some(OPERATOR),
        )
        .await;
    assert_eq!(refused.status(), 409);
    let accounts: Value = served
        .send(Method::GET, "/admin/accounts", Some(OPERATOR))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        accounts["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["tenant"] == "rotating" && a["disabled"] == true),
        "{accounts}"
    );
}

#[tokio::test]
async fn keys_are_shown_once_stored_hashed_and_rotated_sqlite() {
    keys_shown_once_and_stored_hashed(Backend::Sqlite).await;
}

#[tokio::test]
async fn keys_are_shown_once_stored_hashed_and_rotated_dynamo() {
    keys_shown_once_and_stored_hashed(Backend::Dynamo).await;
}
