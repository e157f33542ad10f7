//! CM-2 for the CRM and WooCommerce through the admin API: create and edit
//! (both), delete (WooCommerce; the CRM's API has none: 405); bad bodies
//! refused by name with nothing written; a CRM edit flows on to MoySklad
//! once (CRM → MoySklad, MS-S16) and does not come back from the history
//! poll. SQLite only: these are peer writes, the same code on AWS.

use super::Admin;
use crate::support::app::Backend;
use crate::support::ew_app::{WC_KEY, WC_SECRET, shop as woo_settings};
use crate::support::ms_app::MsApp;
use crate::support::oc_app::OcApp;
use crate::support::tenant_keys;
use reqwest::Method;
use serde_json::json;
use synclane_emulators::WooCommerceEmulator;

fn crm_record(app: &MsApp, id: i64) -> serde_json::Value {
    app.crm
        .customers()
        .into_iter()
        .find(|c| c["id"] == id)
        .expect("the CRM has the customer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cm_2_crm_customer_edit_flows_to_moysklad_once_and_does_not_echo() {
    let app = MsApp::spawn(Backend::Sqlite, |_| {}).await;
    let key = tenant_keys::on_store(app.store(), app.tenant.as_str()).await;
    let admin = Admin::at(
        format!("http://{}/admin/tenants/{}", app.local.addr, app.tenant),
        key,
    );
    // A customer whose order went to MoySklad: linked to a counterparty.
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    app.user_order("300A", anna, "new", "main");
    app.poll().await;
    app.drain().await;
    assert_eq!(app.counterparties().len(), 1);
    let (crm_writes, ms_writes) = (app.crm.writes(), app.ms.writes());

    // Refused bodies write nothing.
    for (body, field) in [
        (json!({"email": "not-an-address"}), "email"),
        (json!({"first_name": "A", "nickname": "x"}), "nickname"),
        (json!({"group": "vip"}), "group"),
        (
            json!({"address": {"country_iso": "Russia"}}),
            "address.country_iso",
        ),
    ] {
        let (status, refused) = admin
            .send(
                Method::PUT,
                &format!("/customers/{anna}?system=retailcrm"),
                body,
            )
            .await;
        assert_eq!(status, 400, "{refused}");
        assert_eq!(refused["error"], "bad_request");
        assert!(
            refused["message"].as_str().unwrap().contains(field),
            "{refused}"
        );
    }
    let (status, refused) = admin
        .send(
            Method::DELETE,
            &format!("/customers/{anna}?system=retailcrm"),
            json!({}),
        )
        .await;
    assert_eq!(
        status, 405,
        "the CRM's API has no customer delete: {refused}"
    );
    assert_eq!(refused["error"], "not_supported");
    assert_eq!(app.crm.writes(), crm_writes, "nothing reached the CRM");

    // The edit: written to the CRM, published, pushed to the counterparty.
    let (status, edited) = admin
        .send(
            Method::PUT,
            &format!("/customers/{anna}?system=retailcrm"),
            json!({"email": "anna@edited.example.com", "newsletter": false,
                   "address": {"city": "Tver", "country_iso": "ru", "text": "Lenina 1"}}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["customer"]["email"], "anna@edited.example.com");
    assert_eq!(edited["customer"]["newsletter"], false);
    assert_eq!(edited["address"]["country_iso"], "RU");
    assert_eq!(edited["customer"]["linked"][0]["system"], "moysklad");
    assert_eq!(app.crm.writes(), crm_writes + 1);
    let stored = crm_record(&app, anna);
    assert_eq!(stored["address"]["city"], "Tver");
    assert!(stored["emailMarketingUnsubscribedAt"].is_string());
    app.drain().await;
    assert_eq!(app.counterparties()[0]["email"], "anna@edited.example.com");
    let ms_after_edit = app.ms.writes();
    assert!(ms_after_edit > ms_writes, "MS-S16 pushed the change");

    // The history poll sees our own write: dropped, nothing written again.
    app.poll().await;
    app.drain().await;
    assert_eq!(app.ms.writes(), ms_after_edit, "no second push");
    assert_eq!(app.crm.writes(), crm_writes + 1, "nothing written back");

    // Subscribed again: the CRM's unsubscription date is cleared.
    let (status, again) = admin
        .send(
            Method::PUT,
            &format!("/customers/{anna}?system=retailcrm"),
            json!({"newsletter": true}),
        )
        .await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["customer"]["newsletter"], true);
    assert!(crm_record(&app, anna)["emailMarketingUnsubscribedAt"].is_null());

    // A new customer on our site; the flow skips creations (MS-S16).
    let (status, created) = admin
        .send(
            Method::POST,
            "/customers?system=retailcrm",
            json!({"first_name": "Oleg", "last_name": "Ivanov", "email": "oleg@example.com",
                   "phone": "+7 912 000 11 22"}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let oleg: i64 = created["customer"]["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(crm_record(&app, oleg)["site"], crate::support::ms_app::SITE);
    assert_eq!(created["customer"]["phone"], "+7 912 000 11 22");
    let (status, shown) = admin
        .get(&format!("/customers/{oleg}?system=retailcrm"))
        .await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["customer"]["first_name"], "Oleg");
    app.drain().await;
    assert_eq!(app.counterparties().len(), 1);
    let (status, _) = admin.get("/customers/99999?system=retailcrm").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn cm_2_woocommerce_accounts_created_edited_and_deleted() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let admin = Admin::of(&app);
    let woo = WooCommerceEmulator::start(WC_KEY, WC_SECRET).await;
    let mut settings = app
        .store()
        .tenants
        .get_tenant(&app.tenant)
        .await
        .unwrap()
        .unwrap();
    settings.woocommerce = Some(woo_settings(&woo.base_url()));
    app.store().tenants.put_tenant(&settings).await.unwrap();

    let (status, created) = admin
        .send(
            Method::POST,
            "/customers?system=woocommerce",
            json!({"email": "zoe@example.fr", "first_name": "Zoë", "last_name": "Roux",
                   "phone": "+33 1 23 45 67 89",
                   "billing": {"address_1": "1 rue de Rivoli", "city": "Paris", "postcode": "75001", "country": "fr"},
                   "shipping": {"city": "Lyon"}}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id: i64 = created["customer"]["id"].as_str().unwrap().parse().unwrap();
    let stored = woo.customer(id).expect("the shop has the account");
    assert_eq!(stored["billing"]["country"], "FR");
    assert_eq!(stored["billing"]["phone"], "+33 1 23 45 67 89");
    assert_eq!(stored["shipping"]["city"], "Lyon");
    assert_eq!(created["role"], "customer");

    let requests = woo.requests().len();
    for (body, field) in [
        (json!({"email": "zoe@"}), "email"),
        (json!({"newsletter": true}), "newsletter"),
        (json!({"role": "administrator"}), "role"),
        (json!({"billing": {"country": "France"}}), "billing.country"),
        (json!({"nickname": "z"}), "nickname"),
    ] {
        let (status, refused) = admin
            .send(
                Method::PUT,
                &format!("/customers/{id}?system=woocommerce"),
                body,
            )
            .await;
        assert_eq!(status, 400, "{refused}");
        assert!(
            refused["message"].as_str().unwrap().contains(field),
            "{refused}"
        );
    }
    assert_eq!(woo.requests().len(), requests, "nothing reached the shop");
    let (status, taken) = admin
        .send(
            Method::POST,
            "/customers?system=woocommerce",
            json!({"email": "zoe@example.fr"}),
        )
        .await;
    assert_eq!(status, 409, "{taken}");

    let (status, edited) = admin
        .send(
            Method::PUT,
            &format!("/customers/{id}?system=woocommerce"),
            json!({"last_name": "Martin", "shipping": {"postcode": "69001"}}),
        )
        .await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!(edited["customer"]["last_name"], "Martin");
    assert_eq!(edited["shipping"]["postcode"], "69001");
    assert_eq!(woo.customer(id).unwrap()["shipping"]["city"], "Lyon");
    // WooCommerce posts its own webhooks for REST writes: we publish nothing.
    assert_eq!(app.local.queue.depth().await.unwrap(), 0);

    let (status, deleted) = admin
        .send(
            Method::DELETE,
            &format!("/customers/{id}?system=woocommerce"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200, "{deleted}");
    assert!(woo.customer(id).is_none());
    assert_eq!(woo.calls("DELETE", &format!("/wc/v3/customers/{id}")), 1);
    let (status, _) = admin
        .send(
            Method::DELETE,
            &format!("/customers/{id}?system=woocommerce"),
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = admin
        .get(&format!("/customers/{id}/transactions?system=woocommerce"))
        .await;
    assert_eq!(status, 400, "transactions are OpenCart's");
}
