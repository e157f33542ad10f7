//! The customer pages in headless Chromium (CM-1..CM-3): sign in, the
//! groups pane and search, a new customer refused then saved (OpenCart
//! and the CRM), the tabs, a transaction, a delete after confirmation. Screenshots of every page
//! are kept in target/browser-artefacts/.

use crate::support::app::Backend;
use crate::support::browser::Browser;
use crate::support::oc_app::OcApp;
use serde_json::json;

/// Signs in with the tenant's key and lands on the customer list.
async fn sign_in(browser: &mut Browser, app: &OcApp, key: &str) {
    let origin = format!("http://{}", app.local.addr);
    browser.goto(&format!("{origin}/console")).await;
    browser.fill("#tenant", app.tenant.as_str()).await;
    browser.fill("#key", key).await;
    browser.shot("sign-in").await;
    browser.click("#sign-in").await;
}

#[tokio::test]
async fn cm_1_console_groups_search_and_sign_in() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let anna = app
        .shop
        .seed_customer(json!({"firstname": "Анна", "lastname": "Кузнецова",
        "email": "anna@example.ru", "telephone": "+7 (912) 345-67-89"}));
    let bo = app
        .shop
        .seed_customer(json!({"firstname": "Bo", "lastname": "Trade",
        "email": "bo@trade.example", "customer_group_id": "2"}));
    let zoe = app
        .shop
        .seed_customer(json!({"firstname": "Zoë", "lastname": "D'Arcy",
        "email": "zoe@example.fr", "customer_group_id": "0"}));
    let mut browser = Browser::start("cm_1_console").await;

    // A wrong key comes back to the form with an error, and no page opens.
    sign_in(&mut browser, &app, "not-the-key").await;
    assert!(
        browser
            .text("#sign-in-error")
            .await
            .contains("does not open")
    );
    browser.shot("sign-in-refused").await;

    sign_in(&mut browser, &app, &app.key.clone()).await;
    assert_eq!(browser.text("#total").await, "3 customer(s)");
    let table = browser.text("#customers").await;
    assert!(
        table.contains("Анна Кузнецова") && table.contains("Zoë D'Arcy"),
        "{table}"
    );
    browser.shot("customers").await;

    browser.click("a[href$='&group=2']").await;
    assert_eq!(browser.text("#total").await, "1 customer(s)");
    assert!(browser.text("#customers").await.contains("Bo Trade"));
    browser.shot("group-wholesale").await;

    browser.click("#no-group").await;
    let table = browser.text("#customers").await;
    assert!(
        table.contains("Zoë") && !table.contains("Bo Trade"),
        "{table}"
    );

    // A phone search written another way than stored.
    browser.click("a[href$='/customers']").await;
    browser.fill("#search", "912 345 67 89").await;
    browser.click("#search-button").await;
    assert_eq!(browser.text("#total").await, "1 customer(s)");
    assert!(browser.text("#customers").await.contains("Анна"));
    browser.shot("search-phone").await;

    // CM-4 in the background: the searched list queued as a job, then shown
    // ready with its download link once the worker has written it.
    browser.click("#export-background-button").await;
    assert!(browser.path().await.ends_with("/customers/exports"));
    let row = browser.text("#exports tbody tr").await;
    assert!(
        row.contains("queued") && row.contains("phone 912345"),
        "{row}"
    );
    browser.shot("exports-queued").await;
    app.drain().await;
    browser.click("#refresh").await;
    let row = browser.text("#exports tbody tr").await;
    assert!(row.contains("ready") && row.contains("1 written"), "{row}");
    assert!(browser.has("#exports a.download").await);
    browser.shot("exports-ready").await;

    // The CRM's customers on their own tab: no groups; added and edited
    // through the CRM's API (CM-2), a refusal shown next to its field.
    app.crm.seed_site_customer(
        crate::support::oc_app::SITE,
        json!({"firstName": "Crm", "lastName": "Only", "email": "crm@example.com"}),
    );
    browser.click("a[href$='/customers']").await;
    browser.click("#system-retailcrm").await;
    assert_eq!(browser.text("#total").await, "1 customer(s)");
    assert!(browser.text("#customers").await.contains("Crm Only"));
    assert!(!browser.has("#no-group").await);
    browser.shot("customers-crm").await;
    browser.click("#new-customer").await;
    browser.fill("#first_name", "Vera").await;
    browser.fill("#email", "vera@localhost").await;
    browser.click("#save").await;
    let error = browser.text("[data-field='email']").await;
    assert!(error.contains("not an e-mail address"), "{error}");
    assert_eq!(app.crm.customers().len(), 1, "nothing written");
    browser.fill("#email", "vera@example.com").await;
    browser.click("#save").await;
    assert_eq!(browser.text("#saved").await, "Saved.");
    browser.click("#tab-addresses").await;
    browser.fill("#city", "Tver").await;
    browser.click("#save-addresses").await;
    assert_eq!(browser.text("#saved").await, "Saved.");
    assert!(!browser.has("#tab-transactions").await && !browser.has("#delete").await);
    let vera = app
        .crm
        .customers()
        .into_iter()
        .find(|c| c["firstName"] == "Vera")
        .unwrap();
    assert_eq!(
        (vera["email"].as_str(), vera["address"]["city"].as_str()),
        (Some("vera@example.com"), Some("Tver"))
    );
    browser.shot("customer-crm-addresses").await;
    let _ = (anna, bo, zoe);
    browser.close().await;
}

#[tokio::test]
async fn cm_2_cm_3_console_edit_addresses_transactions_delete() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    app.shop
        .seed_customer(json!({"firstname": "Ann", "lastname": "Lee", "email": "ann@example.com"}));
    let mut browser = Browser::start("cm_2_cm_3_console").await;
    sign_in(&mut browser, &app, &app.key.clone()).await;

    // A new customer with a taken e-mail: the error next to the field, nothing saved.
    browser.click("#new-customer").await;
    browser.fill("#firstname", "Cleo").await;
    browser.fill("#lastname", "Park").await;
    browser.fill("#email", "ann@example.com").await;
    browser.click("#save").await;
    let error = browser.text("[data-field='email']").await;
    assert!(error.contains("has this e-mail address already"), "{error}");
    assert_eq!(app.shop.customer_count(), 1);
    browser.shot("new-customer-refused").await;

    browser.fill("#email", "cleo@example.com").await;
    browser.click("#newsletter").await;
    browser.click("#save").await;
    assert_eq!(browser.text("#saved").await, "Saved.");
    assert_eq!(app.shop.customer_count(), 2);
    let id: i64 = browser
        .path()
        .await
        .split('/')
        .nth(5)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        app.shop.customer(id).unwrap()["customer"]["newsletter"],
        "1"
    );
    browser.shot("customer-general").await;

    // The IP address is shown, read-only.
    assert!(
        browser
            .find("#ip")
            .await
            .attr("readonly")
            .await
            .unwrap()
            .is_some()
    );

    // Addresses: a postcode the shop refuses is shown in its block.
    browser.click("#tab-addresses").await;
    browser.fill("#a0_firstname", "Cleo").await;
    browser.fill("#a0_lastname", "Park").await;
    browser.fill("#a0_address_1", "Alexanderplatz 1").await;
    browser.fill("#a0_city", "Berlin").await;
    browser.fill("#a0_postcode", "12345678901").await;
    browser.fill("#a0_iso_code_2", "DE").await;
    browser.click("#save-addresses").await;
    let error = browser.text("[data-field='addresses[0].postcode']").await;
    assert!(!error.is_empty());
    assert!(
        app.shop.customer(id).unwrap()["addresses"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    browser.shot("address-refused").await;
    browser.fill("#a0_firstname", "Cleo").await;
    browser.fill("#a0_lastname", "Park").await;
    browser.fill("#a0_address_1", "Alexanderplatz 1").await;
    browser.fill("#a0_city", "Berlin").await;
    browser.fill("#a0_postcode", "10178").await;
    browser.fill("#a0_iso_code_2", "DE").await;
    browser.click("#save-addresses").await;
    assert_eq!(browser.text("#saved").await, "Saved.");
    assert_eq!(
        app.shop.customer(id).unwrap()["addresses"][0]["postcode"],
        "10178"
    );
    browser.shot("addresses").await;

    // Transactions: a bad amount refused, then one added.
    browser.click("#tab-transactions").await;
    browser.fill("#description", "Goodwill").await;
    browser.fill("#amount", "ten").await;
    browser.click("#add-transaction").await;
    assert!(!browser.text("[data-field='amount']").await.is_empty());
    browser.fill("#description", "Goodwill").await;
    browser.fill("#amount", "10.50").await;
    browser.click("#add-transaction").await;
    assert_eq!(browser.text("#balance").await, "10.5000");
    assert!(browser.text("#transactions").await.contains("Goodwill"));
    browser.shot("transactions").await;

    // Delete asks first; cancelling keeps the customer.
    browser.click("#delete").await;
    browser.shot("delete-confirm").await;
    assert!(app.shop.customer(id).is_some());
    browser.click("#confirm-delete").await;
    assert!(app.shop.customer(id).is_none());
    assert_eq!(browser.text("#total").await, "1 customer(s)");
    browser.close().await;
}
