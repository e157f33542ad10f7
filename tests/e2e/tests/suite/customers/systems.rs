//! CM-1 and CM-4 for the other systems whose customers are listed: the
//! CRM (no groups; its quick search; pages of 20/50/100 cut to any size)
//! and WooCommerce (roles as groups; the search applied over the accounts),
//! each row with its linked records.

use super::{Admin, ids};
use crate::support::app::Backend;
use crate::support::ew_app::{WC_KEY, WC_SECRET, shop as woo_settings};
use crate::support::oc_app::{OcApp, SITE};
use serde_json::json;
use synclane::model::{EntityKind, System};
use synclane::store::{Link, LinkKey};
use synclane_emulators::WooCommerceEmulator;

#[tokio::test]
async fn cm_1_cm_4_crm_customers_listed_searched_and_exported() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let admin = Admin::of(&app);
    let mut crm_ids = Vec::new();
    for n in 0..130 {
        crm_ids.push(app.crm.seed_site_customer(
            SITE,
            json!({"firstName": format!("Crm{n}"), "lastName": "Buyer",
                "email": format!("crm{n}@example.com")}),
        ));
    }
    let anna = app.crm.seed_site_customer(
        SITE,
        json!({"firstName": "Анна", "patronymic": "Сергеевна", "lastName": "Петрова",
            "email": "anna@example.ru", "phones": [{"number": "+7 (912) 000-11-22"}]}),
    );
    crm_ids.push(anna);
    app.crm
        .seed_site_customer("another-site", json!({"firstName": "Elsewhere"}));
    let key = LinkKey::new(
        &app.tenant,
        EntityKind::Customer,
        System::RetailCrm,
        anna.to_string(),
    );
    let mut link = Link::pending("g", "test", 0);
    link.peers.insert(System::RetailCrm, anna.to_string());
    link.peers.insert(System::OpenCart, "c:5".into());
    app.store()
        .links
        .put_link_if_absent(&key, &link)
        .await
        .unwrap();

    // 30 a page is cut from the CRM's pages of 20/50/100.
    let (status, page) = admin
        .get("/customers?system=retailcrm&per_page=30&page=2")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["system"], "retailcrm");
    assert_eq!(page["total"], 131, "only our site's customers");
    let expected: Vec<String> = crm_ids[30..60].iter().map(i64::to_string).collect();
    assert_eq!(ids(&page), expected);
    let (_, last) = admin
        .get("/customers?system=retailcrm&per_page=200&page=1")
        .await;
    assert_eq!(ids(&last).len(), 131);
    let row = &last["customers"][130];
    assert_eq!(row["first_name"], "Анна Сергеевна");
    assert_eq!(row["phone"], "+7 (912) 000-11-22");
    assert_eq!(row["linked"], json!([{"system": "opencart", "id": "5"}]));
    assert!(!row["date_added"].as_str().unwrap().is_empty());

    let (_, by_name) = admin
        .get("/customers?system=retailcrm&q=%D0%BF%D0%B5%D1%82%D1%80")
        .await; // "петр"
    assert_eq!(ids(&by_name), [anna.to_string()]);
    let (_, by_phone) = admin
        .get("/customers?system=retailcrm&q=912%20000-11")
        .await;
    assert_eq!(ids(&by_phone), [anna.to_string()]);

    let (status, groups) = admin.get("/customers/groups?system=retailcrm").await;
    assert_eq!(status, 200, "{groups}");
    assert_eq!(groups["groups"], json!([]));
    assert_eq!(groups["no_group_count"], 131);
    let (status, refused) = admin.get("/customers?system=retailcrm&group=3").await;
    assert_eq!(status, 400, "the CRM has no groups: {refused}");

    let csv = admin
        .request(
            reqwest::Method::GET,
            "/customers/export?system=retailcrm&format=csv&q=crm12",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let body = csv.text().await.unwrap();
    // crm12 and crm120..crm129.
    assert_eq!(body.lines().count(), 1 + 11, "{body}");
}

#[tokio::test]
async fn cm_1_cm_4_woocommerce_accounts_by_role_and_search() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let admin = Admin::of(&app);
    let (status, missing) = admin.get("/customers?system=woocommerce").await;
    assert_eq!(status, 404, "no shop connected yet: {missing}");
    assert_eq!(missing["error"], "not_configured");

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
    let customers: Vec<i64> = (0..120)
        .map(|n| woo.seed_customer(&format!("bulk{n}@example.com"), "customer"))
        .collect();
    for n in 0..3 {
        woo.seed_customer(&format!("sub{n}@example.com"), "subscriber");
    }

    let (status, page) = admin
        .get("/customers?system=woocommerce&per_page=50&page=3")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["total"], 123);
    assert_eq!(ids(&page).len(), 23);
    let (_, first) = admin
        .get("/customers?system=woocommerce&per_page=150")
        .await;
    let expected: Vec<String> = customers.iter().map(i64::to_string).collect();
    assert_eq!(ids(&first)[..120], expected[..], "oldest first");
    assert_eq!(first["customers"][0]["group"], "Customer");

    let (_, subscribers) = admin
        .get("/customers?system=woocommerce&group=subscriber")
        .await;
    assert_eq!(subscribers["total"], 3);
    let (_, groups) = admin.get("/customers/groups?system=woocommerce").await;
    assert_eq!(
        groups["groups"],
        json!([{"id": "customer", "name": "Customer", "count": 120},
               {"id": "subscriber", "name": "Subscriber", "count": 3}])
    );

    // The search is applied here, over every page: bulk11 and bulk110..bulk119.
    let (_, found) = admin
        .get("/customers?system=woocommerce&q=BULK11&per_page=5&page=2")
        .await;
    assert_eq!(found["total"], 11);
    assert_eq!(ids(&found).len(), 5);
    let (status, _) = admin.get("/customers?system=woocommerce&no_group=1").await;
    assert_eq!(status, 400, "every account has a role");
    let (status, _) = admin.get("/customers?system=moysklad").await;
    assert_eq!(status, 400);

    let xml = admin
        .request(
            reqwest::Method::GET,
            "/customers/export?system=woocommerce&format=xml&group=subscriber",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), 200);
    let body: String = xml.text().await.unwrap();
    assert_eq!(body.matches("<customer id=").count(), 3, "{body}");
}
