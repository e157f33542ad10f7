//! The operations pages in headless Chromium: sign in; find a shop order
//! by its OpenCart id on Links; test the connections; a dead letter
//! inspected, replayed from the page and applied in the CRM, another
//! discarded after confirmation; the journal filtered; the usage chart;
//! then a second tenant whose pages show nothing of the first, and for
//! whom the first tenant's pages go back to sign-in. Screenshots of every
//! page are kept in target/browser-artefacts/console_operations/.

use super::{crm_orders_with, dead_lettered_order};
use crate::support::app::Backend;
use crate::support::browser::Browser;
use crate::support::oc_app::{CRM_KEY, OcApp};
use serde_json::json;
use synclane::model::TenantId;
use synclane::secret::Secret;
use synclane::settings::TenantSettings;

async fn sign_in(browser: &mut Browser, app: &OcApp, tenant: &str, key: &str) {
    browser
        .goto(&format!("http://{}/console/sign-in", app.local.addr))
        .await;
    browser.fill("#tenant", tenant).await;
    browser.fill("#key", key).await;
    browser.click("#sign-in").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn console_operations_pages() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let crm_id = app.order_synced_forward(7101, json!({})).await;
    dead_lettered_order(&app, 7102).await;
    dead_lettered_order(&app, 7103).await;
    let origin = format!("http://{}", app.local.addr);
    let tenant = app.tenant.to_string();
    let mut browser = Browser::start("console_operations").await;
    sign_in(&mut browser, &app, &tenant, &app.key.clone()).await;
    browser.shot("signed-in").await;

    // Links: the shop order found by its OpenCart id, with its CRM order.
    browser.click("#nav-links").await;
    browser.fill("#link-id", "7101").await;
    browser.click("#find").await;
    let table = browser.text("#links").await;
    assert!(
        table.contains("retailcrm") && table.contains(&crm_id.to_string()),
        "{table}"
    );
    assert!(table.contains("linked"), "{table}");
    browser.shot("links").await;
    browser.fill("#link-id", "424242").await;
    browser.click("#find").await;
    assert!(
        browser
            .text("#no-links")
            .await
            .contains("Nothing is linked")
    );

    // Connections: each test shows what the peer answered.
    browser.click("#nav-connections").await;
    browser.shot("connections").await;
    browser.click("#test-opencart").await;
    let answer = browser.text("#result-opencart").await;
    assert!(
        answer.starts_with("OK") && answer.contains("OpenCart"),
        "{answer}"
    );
    browser.click("#test-retailcrm").await;
    let answer = browser.text("#result-retailcrm").await;
    assert!(answer.contains("delivery type"), "{answer}");
    app.crm.fail_path_next("/reference/delivery-types", 1, 401);
    browser.click("#test-retailcrm").await;
    let answer = browser.text("#result-retailcrm").await;
    assert!(answer.contains("Failed (credentials)"), "{answer}");
    assert!(!answer.contains(CRM_KEY));
    browser.shot("connection-refused").await;

    // Dead letters: inspect one (no secret shown), replay it, see it in the CRM.
    browser.click("#nav-dead-letters").await;
    assert_eq!(browser.text("#dead-letter-total").await, "2 dead letter(s)");
    browser.shot("dead-letters").await;
    browser.click("tr:has(strong) a.inspect").await;
    let body = browser.text("#body").await;
    assert!(body.contains("\"external_id\": \"7102\""), "{body}");
    assert!(!body.contains(crate::support::oc_app::SECRET) && !body.contains(CRM_KEY));
    browser.shot("dead-letter").await;
    browser.click("#replay").await;
    assert!(browser.text("#notice").await.contains("1 dead letter(s)"));
    app.drain().await;
    assert_eq!(crm_orders_with(&app, 7102), 1, "the replay applied it");
    // The other one: discard asks first, then removes it; nothing is applied.
    browser.click("a.discard").await;
    browser.shot("discard-confirm").await;
    browser.click("#confirm-discard").await;
    assert_eq!(browser.text("#notice").await, "Dead letter discarded.");
    assert_eq!(browser.text("#dead-letter-total").await, "0 dead letter(s)");
    app.drain().await;
    assert_eq!(crm_orders_with(&app, 7103), 0);

    // Journal: the dead letters' errors, filtered by level and record.
    browser.click("#nav-journal").await;
    browser.fill("#record", "7103").await;
    browser.fill("#q", "DEAD LETTER").await;
    browser.click("#filter").await;
    assert_eq!(browser.text("#journal-total").await, "1 entry");
    let row = browser.text("#journal tbody").await;
    assert!(
        row.contains("error") && row.contains("opencart_crm"),
        "{row}"
    );
    browser.shot("journal").await;
    browser.fill("#record", "7101").await;
    browser.click("#filter").await;
    assert_eq!(browser.text("#journal-total").await, "0 entries");

    // Usage: the applied orders as today's bar, the CSV link.
    browser.click("#nav-usage").await;
    let total: u64 = browser.text("#usage-total").await.parse().unwrap();
    assert!(
        total >= 2,
        "the forward order and the replayed one: {total}"
    );
    let bars = browser
        .client
        .find_all(fantoccini::Locator::Css("#usage-chart rect.bar"))
        .await
        .unwrap();
    assert_eq!(bars.len(), 30);
    let today = browser.find("#usage-chart rect.bar:last-of-type").await;
    assert_eq!(
        today.attr("data-operations").await.unwrap(),
        Some(total.to_string())
    );
    let csv = browser
        .find("#usage-csv")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert!(csv.starts_with(&format!("/admin/tenants/{tenant}/usage?format=csv")));
    browser.shot("usage").await;

    // A second tenant: its pages show nothing of the first.
    let other = TenantId::parse(&format!("other-{tenant}")).unwrap();
    app.store()
        .tenants
        .put_tenant(&TenantSettings::new(
            other.clone(),
            Secret::new("whsec-other-0123456789"),
        ))
        .await
        .unwrap();
    let other_key = crate::support::tenant_keys::on_store(app.store(), other.as_str()).await;
    browser.click("header button").await;
    sign_in(&mut browser, &app, other.as_str(), &other_key).await;
    let mine = format!("{origin}/console/tenants/{other}");
    browser
        .goto(&format!("{mine}/links?system=opencart&id=7101"))
        .await;
    assert!(
        browser
            .text("#no-links")
            .await
            .contains("Nothing is linked")
    );
    browser.shot("other-links").await;
    browser.goto(&format!("{mine}/dead-letters")).await;
    assert_eq!(browser.text("#dead-letter-total").await, "0 dead letter(s)");
    browser.goto(&format!("{mine}/connections")).await;
    assert!(browser.has("#no-connections").await);
    browser.goto(&format!("{mine}/usage")).await;
    assert_eq!(browser.text("#usage-total").await, "0");
    browser.goto(&format!("{mine}/journal")).await;
    assert_eq!(browser.text("#journal-total").await, "0 entries");
    browser.shot("other-journal").await;
    // The first tenant's pages: back to sign-in, for every page.
    browser
        .goto(&format!(
            "{origin}/console/tenants/{tenant}/links?system=opencart&id=7101"
        ))
        .await;
    assert!(
        browser
            .path()
            .await
            .starts_with("/console/sign-in?refused=1")
    );
    browser.shot("other-refused").await;
    browser.close().await;

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let theirs = format!("{origin}/console/tenants/{tenant}");
    for (method, path) in [
        (reqwest::Method::GET, "connections"),
        (reqwest::Method::POST, "connections/opencart/test"),
        (reqwest::Method::GET, "journal"),
        (reqwest::Method::GET, "links?system=opencart&id=7101"),
        (reqwest::Method::GET, "dead-letters"),
        (reqwest::Method::POST, "dead-letters/replay-all"),
        (reqwest::Method::GET, "usage"),
    ] {
        let answer = http
            .request(method.clone(), format!("{theirs}/{path}"))
            .header("cookie", format!("synclane_key={other_key}"))
            .send()
            .await
            .unwrap();
        let to = answer
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        assert_eq!(
            (answer.status().as_u16(), to.as_deref()),
            (303, Some("/console/sign-in?refused=1")),
            "{method} {path}"
        );
    }
    let _ = crm_id;
}
