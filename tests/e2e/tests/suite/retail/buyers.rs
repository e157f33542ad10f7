//! MS-C3 (legal-entity buyers → CRM corporate customers) and MS-C5 (a sale
//! with another buyer changes the CRM order's customer).

use super::world::World;
use crate::support::app::SITE;
use serde_json::json;
use synclane::settings::RetailOptions;

fn enabled() -> RetailOptions {
    RetailOptions {
        enabled: true,
        ..RetailOptions::default()
    }
}

#[tokio::test]
async fn ms_c3_legal_counterparty_finds_or_creates_corporate_and_adds_new_contacts() {
    let w = World::start(enabled()).await;
    let company = w.ms.seed_counterparty(json!({"name": "Romashka", "companyType": "legal",
        "legalTitle": "OOO Romashka", "inn": "7701234567", "kpp": "770101001",
        "legalAddress": "Moscow, Tverskaya 1", "email": "office@romashka.ru",
        "contactpersons": [{"name": "Ivan Sidorov", "email": "ivan@romashka.ru"}],
        "accounts": [{"accountNumber": "40702810900000000001", "bankName": "Bank", "bic": "044525225"}]}));
    let good = w.product("A");
    let s1 = w.sale(&company, &[(&good, 1.0, 1_000)], json!({}));
    w.fire(&s1).await;
    w.drain().await;

    let corporates = w.app.crm.corporates();
    assert_eq!(corporates.len(), 1, "{corporates:#?}");
    let corp = &corporates[0];
    assert_eq!(corp["nickName"], "Romashka");
    let legal = &corp["companies"][0]["contragent"];
    assert_eq!(
        (legal["INN"].as_str(), legal["KPP"].as_str()),
        (Some("7701234567"), Some("770101001"))
    );
    assert_eq!(legal["bankAccount"], "40702810900000000001");
    assert_eq!(corp["customerContacts"].as_array().unwrap().len(), 1);
    let order = &w.app.crm.orders()[0];
    assert_eq!(order["customer"]["type"], "customer_corporate");
    assert_eq!(order["customer"]["id"], corp["id"]);

    // A new contact person on the counterparty: a new contact, no new corporate customer.
    w.ms.seed(
        &format!("counterparty/{company}/contactpersons"),
        json!({"name": "Olga Ivanova", "email": "olga@romashka.ru"}),
    );
    let s2 = w.sale(&company, &[(&good, 1.0, 1_000)], json!({}));
    w.fire(&s2).await;
    w.drain().await;
    let corporates = w.app.crm.corporates();
    assert_eq!(corporates.len(), 1);
    assert_eq!(
        corporates[0]["customerContacts"].as_array().unwrap().len(),
        2
    );
    assert_eq!(w.app.crm.orders().len(), 2);
}

#[tokio::test]
async fn ms_c5_sale_with_another_buyer_changes_the_order_customer() {
    let w = World::start(enabled()).await;
    let original = w.individual("Anna", "anna@example.com");
    let crm_id = w.app.crm.seed_order(json!({"site": SITE, "externalId": "oc-5", "status": "new",
        "items": [{"offer": {"xmlId": "A"}, "productName": "A", "quantity": 1, "initialPrice": 10}]}));
    let ms_order = w.linked_order(&original, crm_id).await;
    // The sale names someone else, unknown to the CRM, then a company.
    let other = w.individual("Boris", "boris@example.com");
    let good = w.product("A");
    let sale = w.sale(
        &other,
        &[(&good, 1.0, 1_000)],
        json!({"customerOrder": w.r("customerorder", &ms_order)}),
    );
    w.fire(&sale).await;
    w.drain().await;
    let boris = w
        .app
        .crm
        .customers()
        .into_iter()
        .find(|c| c["email"] == "boris@example.com")
        .expect("the unknown buyer is created");
    let order = w.crm_order(crm_id);
    assert_eq!(order["customer"]["id"], boris["id"]);
    assert_eq!(w.app.crm.orders().len(), 1);

    let company = w
        .ms
        .seed_counterparty(json!({"name": "Лютик", "companyType": "legal", "inn": "500100732259"}));
    let sale = w.sale(
        &company,
        &[(&good, 1.0, 1_000)],
        json!({"customerOrder": w.r("customerorder", &ms_order)}),
    );
    w.fire(&sale).await;
    w.drain().await;
    let order = w.crm_order(crm_id);
    assert_eq!(order["customer"]["type"], "customer_corporate");
    assert_eq!(w.app.crm.corporates().len(), 1);
}
