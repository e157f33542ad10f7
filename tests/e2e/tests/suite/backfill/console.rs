//! The Backfill page in headless Chromium: start a run from the page, see
//! it reload itself to "done" with its counts, link one conflict's second
//! candidate with the radio form, dismiss another; the order pass (started
//! through the API) shows with its status, its conflict listed with the
//! customers' and dismissed from the page. Screenshots in
//! target/browser-artefacts/backfill_console/.

use super::conflicts::{call, seed_conflicts};
use super::orders::{crm_order, key, run_to_the_end, shop_order};
use super::peer_writes;
use crate::support::app::Backend;
use crate::support::browser::Browser;
use crate::support::oc_app::OcApp;
use synclane::backfill::link_pair;
use synclane::model::System;

#[tokio::test]
async fn backfill_console_starts_a_run_and_resolves_a_conflict() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let (_, twins_a, twins_b) = seed_conflicts(&app);
    let origin = format!("http://{}", app.local.addr);
    let mut browser = Browser::start("backfill_console").await;
    browser.goto(&format!("{origin}/console")).await;
    browser.fill("#tenant", app.tenant.as_str()).await;
    browser.fill("#key", &app.key.clone()).await;
    browser.click("#sign-in").await;

    browser.click("#nav-backfill").await;
    assert!(browser.has("#no-backfill").await);
    browser.shot("backfill-none").await;
    browser.click("#start-backfill").await;
    // The page reloads itself (meta refresh) until the run is done.
    browser.find("#backfill-status[data-status='done']").await;
    assert_eq!(browser.text("#count-linked").await, "20");
    assert_eq!(browser.text("#count-conflicts").await, "3");
    assert!(
        browser
            .text("#conflicts-total")
            .await
            .starts_with("3 to resolve")
    );
    browser.shot("backfill-done").await;

    let row = format!("#conflict-retailcrm-{twins_a}");
    browser
        .click(&format!("{row} label:nth-of-type(2) input"))
        .await;
    browser.click(&format!("{row} form.resolve button")).await;
    assert!(browser.text("#notice").await.contains("linked"));
    assert!(!browser.has(&row).await, "a resolved conflict is not open");
    browser
        .click(&format!(
            "#conflict-retailcrm-{twins_b} form.dismiss button"
        ))
        .await;
    assert!(browser.text("#notice").await.contains("dismissed"));
    assert!(
        browser
            .text("#conflicts-total")
            .await
            .starts_with("1 to resolve")
    );
    browser.shot("backfill-resolved").await;

    // An order conflict: shop order 1 belongs to a CRM order the CRM lost.
    shop_order(&app, 1);
    let order = crm_order(&app, Some("1".into()));
    let stale = key(&app, System::RetailCrm, 777_777);
    link_pair(
        app.store().links.as_ref(),
        &stale,
        &key(&app, System::OpenCart, 1),
    )
    .await
    .unwrap();
    run_to_the_end(&app).await;
    browser.click("#nav-backfill").await;
    browser.find("#pass-orders[data-status='done']").await;
    let row = format!("#conflict-orders-retailcrm-{order}");
    assert_eq!(browser.text(&format!("{row} td")).await, "Orders");
    assert!(
        browser
            .text("#conflicts-total")
            .await
            .starts_with("2 to resolve")
    );
    browser.shot("backfill-order-conflict").await;
    browser.click(&format!("{row} form.dismiss button")).await;
    assert!(browser.text("#notice").await.contains("dismissed"));
    assert!(!browser.has(&row).await);
    browser.close().await;

    let resolved = call(&app, "GET", "/conflicts?decision=resolved", None)
        .await
        .1;
    let conflict = &resolved["conflicts"][0];
    assert_eq!(conflict["record"], twins_a.to_string());
    assert_eq!(conflict["chosen"], conflict["candidates"][1], "{conflict}");
    let dismissed = call(
        &app,
        "GET",
        "/conflicts?decision=dismissed&pass=orders",
        None,
    )
    .await
    .1;
    assert_eq!(dismissed["conflicts"][0]["record"], order.to_string());
    assert_eq!(peer_writes(&app.crm, &app.shop), 0);
}
