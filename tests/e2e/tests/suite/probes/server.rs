//! The local server against slow and lying clients, and the admin API's
//! errors: every refusal is JSON with a stable code.

use crate::support::app::{Backend, TENANT, TestApp};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::time::Duration;
use synclane::runtime::http_server::{BODY_READ_TIMEOUT, HEADER_READ_TIMEOUT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const ADMIN_TOKEN: &str = "admin-token-for-the-probes-0123456789";

/// The app serving the admin API, and a key of `TENANT`.
async fn with_admin() -> (TestApp, String) {
    let app = TestApp::spawn_configured(Backend::Sqlite, |config| {
        config.admin_token_sha256 = Some(hex::encode(Sha256::digest(ADMIN_TOKEN)));
    })
    .await;
    let key = crate::support::tenant_keys::over_http(
        &app.http,
        &format!("http://{}", app.local.addr),
        ADMIN_TOKEN,
        TENANT,
    )
    .await;
    (app, key)
}

/// Reads until the server closes the connection (or `within` ends: then
/// `None`); returns what it answered.
async fn answer_before_close(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut answer = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut answer))
        .await
        .ok()?
        .ok()?;
    Some(String::from_utf8_lossy(&answer).into_owned())
}

/// Clients that send their headers slowly are cut off at the header
/// deadline; the probe held 200 such connections open for 30 s.
#[tokio::test]
async fn slow_headers_are_cut_off_at_the_deadline() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut stream = TcpStream::connect(app.local.addr).await.unwrap();
        stream
            .write_all(format!("POST /hooks/{TENANT}/opencart HTTP/1.1\r\nHost: x\r\n").as_bytes())
            .await
            .unwrap();
        slow.push(stream);
    }
    let window = HEADER_READ_TIMEOUT + Duration::from_secs(10);
    for stream in &mut slow {
        let answer = answer_before_close(stream, window).await;
        assert!(answer.is_some(), "the connection was closed");
    }
    // The server still serves.
    let health = app
        .http
        .get(format!("http://{}/health", app.local.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

/// A body shorter than its Content-Length is answered 408 at the body
/// deadline (the probe's was never answered); nothing is queued.
#[tokio::test]
async fn a_body_shorter_than_declared_is_answered_408() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut stream = TcpStream::connect(app.local.addr).await.unwrap();
    stream
        .write_all(
            format!(
                "POST /hooks/{TENANT}/opencart HTTP/1.1\r\nHost: x\r\n\
                 Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"order\":"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut head = [0u8; 512];
    let read = tokio::time::timeout(
        BODY_READ_TIMEOUT + Duration::from_secs(10),
        stream.read(&mut head),
    )
    .await
    .expect("answered before the probe gave up")
    .unwrap();
    let answer = String::from_utf8_lossy(&head[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"body_timeout\""), "{answer}");
    assert_eq!(app.local.queue.depth().await.unwrap(), 0);
}

async fn admin_get(app: &TestApp, key: &str, path: &str) -> reqwest::Response {
    app.http
        .get(format!("http://{}{path}", app.local.addr))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
}

async fn json_error(response: reqwest::Response, status: u16, code: &str) {
    assert_eq!(response.status(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// The admin API's refusals that no handler writes are JSON too: a bad
/// query, an oversized body, an unknown route, a wrong method, no token.
#[tokio::test]
async fn every_admin_error_is_json_with_a_stable_code() {
    let (app, key) = with_admin().await;
    let base = format!("http://{}", app.local.addr);
    json_error(
        admin_get(
            &app,
            &key,
            &format!("/admin/tenants/{TENANT}/journal?limit=-1"),
        )
        .await,
        400,
        "bad_request",
    )
    .await;
    json_error(
        admin_get(
            &app,
            &key,
            &format!("/admin/tenants/{TENANT}/journal?limit=ten"),
        )
        .await,
        400,
        "bad_request",
    )
    .await;
    json_error(
        admin_get(&app, &key, "/admin/nothing-here").await,
        404,
        "not_found",
    )
    .await;
    let oversized = app
        .http
        .put(format!("{base}/admin/tenants/{TENANT}"))
        .bearer_auth(&key)
        .body(vec![b' '; 3 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    json_error(oversized, 413, "body_too_large").await;
    let wrong_method = app
        .http
        .delete(format!("{base}/admin/tenants/{TENANT}/journal"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    json_error(wrong_method, 405, "method_not_allowed").await;
    let no_token = app
        .http
        .get(format!("{base}/admin/tenants/{TENANT}"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.headers()["www-authenticate"], "Bearer");
    json_error(no_token, 401, "unauthorized").await;
    let hook_get = app
        .http
        .get(format!("{base}/hooks/{TENANT}/opencart"))
        .send()
        .await
        .unwrap();
    json_error(hook_get, 405, "method_not_allowed").await;
}
