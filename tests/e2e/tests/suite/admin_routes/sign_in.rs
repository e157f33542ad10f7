//! Failed sign-ins are limited per source: past the limit every request
//! from that source gets 429 with `Retry-After` and the API's JSON error,
//! a valid key included, until the window ends.

use super::harness::{Backend, OPERATOR, Served};
use reqwest::Method;
use serde_json::Value;
use synclane::admin::SignInLimit;
use synclane::admin::sign_in_limit::MAX_FAILURES;

#[tokio::test]
async fn failed_sign_ins_are_limited_per_source() {
    let served = Served::start(Backend::Sqlite, SignInLimit::default()).await;
    let key = served.tenant("limited").await;
    let journal = "/admin/tenants/limited/journal";
    assert_eq!(
        served.send(Method::GET, journal, Some(&key)).await.status(),
        200
    );
    let wrong_key = format!("{}x", &key[..key.len() - 1]);
    for (i, wrong) in [wrong_key.as_str(), "guess", "slk.limited.0123456789ab.nope"]
        .iter()
        .cycle()
        .take(MAX_FAILURES as usize)
        .enumerate()
    {
        let refused = served.send(Method::GET, journal, Some(wrong)).await;
        assert_eq!(refused.status(), 401, "failure {i}");
    }
    for bearer in [Some(key.as_str()), Some(OPERATOR), None] {
        let limited = served.send(Method::GET, "/admin/accounts", bearer).await;
        assert_eq!(limited.status(), 429);
        let wait: u64 = limited.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        let body: Value = limited.json().await.unwrap();
        assert_eq!(body["error"], "too_many_attempts", "{body}");
    }
    let limited = served.send(Method::GET, journal, Some(&key)).await;
    assert_eq!(
        limited.status(),
        429,
        "a valid key waits too: guessing cannot go on"
    );
}
