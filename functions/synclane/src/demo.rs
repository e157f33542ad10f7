//! The demo: emulators in-process, a tenant configured against them, and
//! OpenCart order webhooks covering OC-F1..OC-F4 and OC-X1. Prints what
//! reached the CRM and the links Synclane recorded; then the MoySklad part
//! (`demo_moysklad`: stock pull, ICML export through the admin API); exits.

use crate::demo_moysklad::{ADMIN_TOKEN, MoySkladDemo};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use synclane::connectors::retailcrm::{NewCorporate, RetailCrm};
use synclane::model::{Company, Customer, EntityKind, Person, System, TenantId};
use synclane::peers::http_client as peer_http_client;
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::{RetailCrmSettings, TenantSettings};
use synclane::store::LinkKey;
use synclane_emulators::retailcrm::RetailCrmEmulator;

const SECRET: &str = "demo-webhook-secret";

pub async fn run() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let crm = RetailCrmEmulator::start("demo-crm-key", &["opencart"]).await;
    let crm_settings = RetailCrmSettings {
        base_url: crm.base_url(),
        api_key: Secret::new("demo-crm-key"),
        site: "opencart".into(),
        corporate_customers: true,
        requests_per_second: 10,
    };
    seed_crm(&RetailCrm::new(peer_http_client(), crm_settings.clone())).await?;
    let moysklad = MoySkladDemo::start(&crm).await;
    let tenant = TenantSettings {
        retailcrm: Some(crm_settings),
        moysklad: Some(moysklad.settings()),
        ..TenantSettings::new(
            TenantId::parse("demo").expect("valid id"),
            Secret::new(SECRET),
        )
    };
    let config = LocalConfig {
        listen: "127.0.0.1:0".parse()?,
        database: dir.path().join("demo.db"),
        workers: 2,
        // The demo runs the stock pull itself, once.
        schedules: false,
        admin_token_sha256: Some(hex::encode(Sha256::digest(ADMIN_TOKEN))),
        tenants: vec![tenant.clone()],
        ..LocalConfig::default()
    };
    let local = Local::start(&config).await?;
    println!(
        "Synclane demo: hooks on http://{}, RetailCRM emulator on {}\n",
        local.addr,
        crm.base_url()
    );

    let http = reqwest::Client::new();
    for (what, body) in scenario() {
        let raw = serde_json::to_vec(&body)?;
        let signature = synclane::hooks::signature::sign(&Secret::new(SECRET), &raw);
        let answer = http
            .post(format!("http://{}/hooks/demo/opencart", local.addr))
            .header("x-synclane-signature", signature)
            .body(raw)
            .send()
            .await?;
        println!(
            "POST order {} ({what}) -> {}",
            body["order_id"].as_str().unwrap_or("?"),
            answer.status()
        );
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while local.queue.depth().await? > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if local.queue.depth().await? > 0 {
        anyhow::bail!("the demo events were not processed within 30 s");
    }

    println!("\nCRM customers:");
    for c in crm.customers() {
        println!(
            "  #{} {} {} <{}>",
            c["id"],
            text(&c["firstName"]),
            text(&c["lastName"]),
            text(&c["email"])
        );
    }
    println!("CRM corporate customers:");
    for c in crm.corporates() {
        println!(
            "  #{} {} (addresses: {})",
            c["id"],
            text(&c["nickName"]),
            c["addresses"].as_array().map_or(0, Vec::len)
        );
    }
    println!("CRM orders:");
    for o in crm.orders() {
        println!(
            "  #{} externalId {} customer #{} contact {} company {}",
            o["id"], o["externalId"], o["customer"]["id"], o["contact"]["id"], o["company"]["name"]
        );
    }
    println!("Links (OpenCart -> RetailCRM):");
    let keys = [
        (EntityKind::Order, "501"),
        (EntityKind::Order, "502"),
        (EntityKind::Order, "503"),
        (EntityKind::Order, "504"),
        (EntityKind::Customer, "c:21"),
        (EntityKind::Customer, "guest:anna@example.com"),
        (EntityKind::CorporateCustomer, "company:romashka llc"),
        (EntityKind::CorporateCustomer, "company:vasilek jsc"),
    ];
    for (kind, id) in keys {
        let link = local
            .store
            .links
            .get_link(&LinkKey::new(&tenant.id, kind, System::OpenCart, id))
            .await?;
        let target = link
            .as_ref()
            .and_then(|l| l.peer(System::RetailCrm))
            .unwrap_or("(not synced)");
        println!("  {kind} {id} -> {target}");
    }
    moysklad.run(&local, &crm, &tenant).await?;
    local.stop().await;
    Ok(())
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// A CRM that already knows Boris (OC-F1) and Romashka LLC (OC-F3).
async fn seed_crm(crm: &RetailCrm) -> anyhow::Result<()> {
    let boris = Person {
        first_name: Some("Boris".into()),
        last_name: Some("Ivanov".into()),
        email: Some("boris@example.com".into()),
        phone: Some("+79160001122".into()),
        ..Default::default()
    };
    let boris_id = crm
        .customer_create(
            None,
            &Customer {
                person: boris,
                address: None,
            },
        )
        .await?;
    crm.corporate_create(&NewCorporate {
        external_id: None,
        nick_name: "Romashka".into(),
        company: Company {
            name: "Romashka LLC".into(),
            ..Default::default()
        },
        contact_customer_id: boris_id,
        addresses: vec![],
    })
    .await?;
    Ok(())
}

fn scenario() -> Vec<(&'static str, Value)> {
    vec![
        (
            "OC-F2: new guest Anna, not in the CRM",
            order(
                501,
                0,
                "Anna",
                "anna@example.com",
                "8 (903) 123-45-67",
                "",
                "1",
                "10:00",
            ),
        ),
        (
            "OC-F1: customer changed to Boris, already in the CRM",
            order(
                501,
                21,
                "Boris",
                "boris@example.com",
                "+7 916 000-11-22",
                "",
                "1",
                "10:05",
            ),
        ),
        (
            "OC-X1: the same event delivered again",
            order(
                501,
                21,
                "Boris",
                "boris@example.com",
                "+7 916 000-11-22",
                "",
                "1",
                "10:05",
            ),
        ),
        (
            "OC-F3: billing company Romashka LLC, in the CRM",
            order(
                502,
                0,
                "Anna",
                "anna@example.com",
                "8 (903) 123-45-67",
                "Romashka LLC",
                "1",
                "10:10",
            ),
        ),
        (
            "OC-F4: billing company Vasilek JSC, not in the CRM",
            order(
                503,
                0,
                "Anna",
                "anna@example.com",
                "8 (903) 123-45-67",
                "Vasilek JSC",
                "1",
                "10:15",
            ),
        ),
        (
            "OC-X1: abandoned cart (status 0)",
            order(
                504,
                0,
                "Gleb",
                "gleb@example.com",
                "+79990000000",
                "",
                "0",
                "10:20",
            ),
        ),
    ]
}

#[allow(clippy::too_many_arguments)]
fn order(
    id: u32,
    customer_id: u32,
    first: &str,
    email: &str,
    phone: &str,
    company: &str,
    status: &str,
    time: &str,
) -> Value {
    json!({
        "route": "checkout/order/addOrderHistory",
        "order_id": id.to_string(),
        "order": {
            "order_id": id.to_string(), "customer_id": customer_id.to_string(), "order_status_id": status,
            "firstname": first, "lastname": "Demo", "email": email, "telephone": phone,
            "payment_firstname": first, "payment_lastname": "Demo", "payment_company": company,
            "payment_address_1": "Lenina 1", "payment_city": "Moscow", "payment_postcode": "101000", "payment_iso_code_2": "RU",
            "shipping_firstname": first, "shipping_lastname": "Demo",
            "shipping_address_1": "Mira 2", "shipping_city": "Moscow", "shipping_postcode": "129000", "shipping_iso_code_2": "RU",
            "total": "150.0000", "currency_code": "RUB", "date_modified": format!("2026-11-20 {time}:00")
        },
        "products": [{ "product_id": "40", "name": "iPhone", "model": "product 11", "quantity": "1", "price": "150.0000" }]
    })
}
