//! The MoySklad pass with corporate customers, through the admin API, on
//! each store backend: a legal counterparty is linked to the corporate
//! customer whose company has its tax id, or whose contact person has its
//! e-mail (the corporate wins over the contact person herself, who keeps
//! her individual counterparty), under the keys the `crm_moysklad` flows
//! read for a corporate buyer (shown by MS-B4: a change of the counterparty
//! afterwards reaches the corporate customer's address notes). Its
//! conflicts are listed with the others' (`pass=moysklad`), one resolved
//! to a corporate candidate, one dismissed; nothing is written to either
//! peer by the backfill.

use super::conflicts::ids;
use crate::ms_flows::wait_for_deliveries;
use crate::support::app::Backend;
use crate::support::ms_app::MsApp;
use crate::support::on_both_backends;
use crate::support::tenant_keys;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use synclane::connectors::moysklad::Counterparty;
use synclane::connectors::retailcrm::NewCorporate;
use synclane::model::{Address, Company, EntityKind, LegalDetails, System};
use synclane::store::LinkKey;

async fn corporate(app: &MsApp, name: &str, inn: Option<&str>, contact: i64) -> i64 {
    let created = app
        .crm_client()
        .corporate_create(&NewCorporate {
            external_id: None,
            nick_name: format!("{name} Group"),
            company: Company {
                name: name.into(),
                legal: LegalDetails {
                    tax_id: inn.map(Into::into),
                    ..LegalDetails::default()
                },
                address: None,
            },
            contact_customer_id: contact,
            addresses: vec![Address {
                city: Some("Moscow".into()),
                line1: Some("Lenina 1".into()),
                ..Address::default()
            }],
        })
        .await
        .unwrap();
    created.id
}

pub async fn call(app: &MsApp, key: &str, method: &str, path: &str) -> (u16, Value) {
    let url = format!(
        "http://{}/admin/tenants/{}/backfill{path}",
        app.local.addr, app.tenant
    );
    let client = reqwest::Client::new();
    let request = match method {
        "GET" => client.get(url),
        _ => client.post(url),
    };
    let answer = request.bearer_auth(key).send().await.unwrap();
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

/// Starts the MoySklad pass and waits for it to be done.
pub async fn run_moysklad(app: &MsApp, key: &str) -> Value {
    let (status, answer) = call(app, key, "POST", "/moysklad").await;
    assert_eq!(status, 202, "{answer}");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, answer) = call(app, key, "GET", "/moysklad").await;
        if status == 200 && answer["progress"]["status"] == "done" {
            // The run releases its lease after its last checkpoint.
            tokio::time::sleep(Duration::from_millis(200)).await;
            return answer;
        }
        assert!(Instant::now() < deadline, "{answer}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn key(app: &MsApp, kind: EntityKind, system: System, id: impl ToString) -> LinkKey {
    LinkKey::new(&app.tenant, kind, system, id.to_string())
}

async fn peer_of(app: &MsApp, key: &LinkKey, system: System) -> Option<String> {
    let link = app.store().links.get_link(key).await.unwrap()?;
    link.peer(system).map(str::to_owned)
}

async fn corporates_linked_and_their_conflicts_decided(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let key_ = tenant_keys::on_store(app.store(), app.tenant.as_str()).await;
    let anna = app
        .customer("Anna", "Petrova", "anna@example.com", "+79031234567")
        .await;
    let ivan = app
        .customer("Ivan", "Sidorov", "ivan@example.com", "+79161112233")
        .await;
    let olga = app
        .customer("Olga", "Orlova", "olga@example.com", "+79160000001")
        .await;
    let romashka = corporate(&app, "Romashka", Some("7701234567"), anna).await;
    let vasilek = corporate(&app, "Vasilek", None, ivan).await;
    let twin_a = corporate(&app, "Twin A", Some("7702000001"), olga).await;
    let twin_b = corporate(&app, "Twin B", Some("7702000001"), olga).await;
    for _ in 0..2 {
        app.crm
            .seed_customer(json!({"email": "shared@example.com"}));
    }
    let legal = |name: &str, fields: Value| {
        let mut body = json!({"name": name, "companyType": "legal"});
        body.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        app.ms.seed("counterparty", body)
    };
    let cp_romashka = legal("Romashka", json!({"inn": "7701234567"}));
    let cp_vasilek = legal("Vasilek", json!({"email": "IVAN@example.com"}));
    let cp_ivan = app.ms.seed(
        "counterparty",
        json!({"name": "Ivan", "companyType": "individual", "email": "ivan@example.com"}),
    );
    let cp_twins = legal("Twins", json!({"inn": "7702 000001"}));
    let cp_shared = app.ms.seed(
        "counterparty",
        json!({"name": "Shared", "companyType": "individual", "email": "shared@example.com"}),
    );
    let (ms_writes, crm_writes) = (app.ms.writes(), app.crm.writes());

    let answer = run_moysklad(&app, &key_).await;
    let p = &answer["progress"];
    assert_eq!(
        (p["linked"].as_u64(), p["conflicts"].as_u64()),
        (Some(3), Some(2)),
        "{answer}"
    );
    let corp = |id: i64| key(&app, EntityKind::CorporateCustomer, System::RetailCrm, id);
    let corp_ms = |id: &str| key(&app, EntityKind::CorporateCustomer, System::MoySklad, id);
    assert_eq!(
        peer_of(&app, &corp(romashka), System::MoySklad).await,
        Some(cp_romashka.clone()),
        "by its company's tax id"
    );
    assert_eq!(
        peer_of(&app, &corp_ms(&cp_romashka), System::RetailCrm).await,
        Some(romashka.to_string())
    );
    assert_eq!(
        peer_of(&app, &corp(vasilek), System::MoySklad).await,
        Some(cp_vasilek.clone()),
        "by its contact person's e-mail"
    );
    let ivan_key = key(&app, EntityKind::Customer, System::RetailCrm, ivan);
    assert_eq!(
        peer_of(&app, &ivan_key, System::MoySklad).await,
        Some(cp_ivan),
        "the contact person keeps her own counterparty"
    );
    assert_eq!(
        (app.ms.writes(), app.crm.writes()),
        (ms_writes, crm_writes),
        "the backfill wrote to no peer"
    );

    // The conflicts, with the other passes' (none ran here).
    let (status, page) = call(&app, &key_, "GET", "/conflicts?pass=moysklad").await;
    assert_eq!(status, 200, "{page}");
    let twins_id = format!("moysklad-moysklad-{cp_twins}");
    let shared_id = format!("moysklad-moysklad-{cp_shared}");
    let mut listed = ids(&page);
    listed.sort();
    let mut expected = vec![twins_id.clone(), shared_id.clone()];
    expected.sort();
    assert_eq!(listed, expected);
    let twins = page["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == twins_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        (
            twins["pass"].as_str(),
            twins["kind"].as_str(),
            twins["candidate_system"].as_str()
        ),
        (Some("moysklad"), Some("customer"), Some("retailcrm"))
    );
    let mut candidates: Vec<String> = serde_json::from_value(twins["candidates"].clone()).unwrap();
    candidates.sort();
    let mut want = vec![format!("corporate:{twin_a}"), format!("corporate:{twin_b}")];
    want.sort();
    assert_eq!(candidates, want);
    let (status, _) = call(&app, &key_, "GET", "/conflicts?pass=everything").await;
    assert_eq!(status, 400);

    let url = format!(
        "http://{}/admin/tenants/{}/backfill/conflicts/{twins_id}/resolve",
        app.local.addr, app.tenant
    );
    let resolved: Value = reqwest::Client::new()
        .post(url)
        .bearer_auth(&key_)
        .json(&json!({"candidate": format!("corporate:{twin_b}")}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(resolved["decision"], "resolved", "{resolved}");
    assert_eq!(
        peer_of(&app, &corp(twin_b), System::MoySklad).await,
        Some(cp_twins.clone()),
        "linked under the corporate keys"
    );
    assert_eq!(
        peer_of(&app, &corp_ms(&cp_twins), System::RetailCrm).await,
        Some(twin_b.to_string())
    );
    let (status, dismissed) = call(
        &app,
        &key_,
        "POST",
        &format!("/conflicts/{shared_id}/dismiss"),
    )
    .await;
    assert_eq!(
        (status, dismissed["decision"].as_str()),
        (200, Some("dismissed"))
    );
    let (_, open) = call(&app, &key_, "GET", "/conflicts").await;
    assert_eq!(open["total"], 0, "{open}");

    // MS-B4 reads the corporate link: the counterparty's new address
    // reaches the corporate customer's address notes.
    app.register_webhooks().await;
    let change = Counterparty {
        actual_address: Some("Moscow, Tverskaya 7".into()),
        ..Counterparty::default()
    };
    app.ms_user()
        .counterparty_update(&cp_romashka, &change)
        .await
        .unwrap();
    wait_for_deliveries(&app, 1).await;
    app.drain().await;
    let record = app
        .crm
        .corporates()
        .into_iter()
        .find(|c| c["id"] == romashka)
        .unwrap();
    assert_eq!(record["addresses"][0]["notes"], "Moscow, Tverskaya 7");
}

on_both_backends! {
    corporates_linked_and_their_conflicts_decided => backfill_moysklad_corporates_linked_and_conflicts_decided_sqlite, backfill_moysklad_corporates_linked_and_conflicts_decided_aws;
}
