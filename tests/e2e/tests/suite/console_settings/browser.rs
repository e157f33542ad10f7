//! The settings tabs and the dry run in headless Chromium: sign in; pick
//! lists filled from the emulators; a one-to-many warehouse mapping
//! refused beside the field, then fixed and saved (read back through the
//! API); an OpenCart status map refused beside its row; the dry-run page shows an OpenCart order's plan. Screenshots in
//! target/browser-artefacts/console_settings/.

use super::SettingsApp;
use crate::support::browser::Browser;
use serde_json::json;

#[tokio::test]
async fn ms_m2_console_settings_and_dry_run_in_a_browser() {
    let app = SettingsApp::spawn().await;
    let [central, south] = app.ms_stores.clone();
    app.oc.shop.seed_order(
        601,
        json!({"firstname": "Ida", "lastname": "Berg", "email": "ida@example.com",
            "telephone": "+7 903 555-66-77"}),
        json!([{"product_id": "40", "quantity": "1"}]),
    );
    let mut browser = Browser::start("console_settings").await;
    browser
        .goto(&format!("http://{}/console", app.oc.local.addr))
        .await;
    browser.fill("#tenant", app.oc.tenant.as_str()).await;
    browser.fill("#key", &app.oc.key).await;
    browser.click("#sign-in").await;

    browser.click("#nav-settings").await;
    browser.click("#tab-warehouses").await;
    // Both sides' lists come from the emulators.
    let table = browser.text("#stores").await;
    assert!(
        table.contains("Main warehouse (main)") && table.contains("South warehouse (south)"),
        "{table}"
    );
    let choices = browser.text("select[name='stores.main']").await;
    assert!(
        choices.contains("Central") && choices.contains("South hub"),
        "{choices}"
    );
    browser.shot("warehouses").await;

    // One MoySklad warehouse for both: refused beside the field.
    pick(&browser, "stores.main", &central).await;
    pick(&browser, "stores.south", &central).await;
    browser.click("#save").await;
    let error = browser.text("[data-field='stores.south']").await;
    assert!(error.contains("must be one to one"), "{error}");
    let kept = browser
        .find("select[name='stores.south']")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(central.as_str()));
    assert_eq!(app.stores_via_api().await, json!({}));
    browser.shot("warehouses-refused").await;

    pick(&browser, "stores.south", &south).await;
    browser.click("#save").await;
    assert_eq!(browser.text("#saved").await, "Saved.");
    assert_eq!(
        app.stores_via_api().await,
        json!({"main": central, "south": south})
    );
    browser.shot("warehouses-saved").await;

    // The OpenCart tab: a status id that is not one is refused beside it.
    browser.click("#tab-opencart").await;
    browser.fill("[name='status_map0.oc']", "paid").await;
    pick(&browser, "status_map0.crm", "complete").await;
    browser.click("#save").await;
    let error = browser.text("[data-field='status_map0.crm']").await;
    assert!(error.contains("not an order_status_id"), "{error}");
    browser.shot("opencart-refused").await;

    browser.click("#nav-hooks").await;
    assert!(browser.text("#hook-opencart").await.contains("/hooks/"));
    browser.shot("hook-urls").await;

    browser.click("#nav-dry-run").await;
    browser.fill("#id", "601").await;
    browser.click("#run").await;
    let plan = browser.text("#flow-opencart_crm").await;
    assert!(
        plan.contains("would apply") && plan.contains("create_order"),
        "{plan}"
    );
    assert_eq!(app.peer_writes(), (0, 0, 0));
    browser.shot("dry-run").await;
    browser.close().await;
}

/// Chooses `value` in the pick list named `name`.
async fn pick(browser: &Browser, name: &str, value: &str) {
    let select = browser.find(&format!("select[name='{name}']")).await;
    select.select_by_value(value).await.unwrap();
}
