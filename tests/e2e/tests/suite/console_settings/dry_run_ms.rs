//! `crm_moysklad`'s dry run for a CRM order: the
//! MoySklad order the rules would create, then update once exported; an
//! order the rules refuse (MS-M5) is a skip with the journal entry the
//! flow would write. Every run: no write reached either emulator, no
//! link, journal entry or MS-M6 mark in the store.

use crate::support::app::Backend;
use crate::support::ms_app::MsApp;
use serde_json::Value;
use synclane::flows::dry_run::{self, Reads, Target};
use synclane::flows::journal;
use synclane::model::{EntityKind, System};
use synclane::store::LinkKey;

/// The dry run as `POST /admin/tenants/{t}/dry-run` runs it (the route
/// itself is tested in `pages`; an `MsApp` serves no admin API).
async fn dry_run(app: &MsApp, crm_id: i64) -> Value {
    let settings = app.settings().await;
    let reads = Reads {
        store: app.store(),
        peers: &app.local.peers,
        tenant: &settings,
    };
    let id = crm_id.to_string();
    let target = Target {
        system: System::RetailCrm,
        entity: EntityKind::Order,
        id: &id,
    };
    let plan = dry_run::dry_run(&reads, &app.local.registry, target)
        .await
        .unwrap();
    let plan = serde_json::to_value(&plan).unwrap();
    plan["flows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["flow"] == "crm_moysklad")
        .unwrap_or_else(|| panic!("no crm_moysklad plan in {plan}"))
        .clone()
}

fn actions(flow: &Value) -> Vec<&str> {
    flow["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["action"].as_str().unwrap())
        .collect()
}

/// What a dry run must leave as it was.
async fn untouched(app: &MsApp, crm_id: i64) -> (usize, usize, bool, usize, bool) {
    let store = app.store();
    let link = LinkKey::new(
        &app.tenant,
        EntityKind::Order,
        System::RetailCrm,
        crm_id.to_string(),
    );
    let history = format!("ms-status-history:{crm_id}");
    (
        app.crm.writes(),
        app.ms.writes(),
        store.links.get_link(&link).await.unwrap().is_some(),
        journal::recent(store, &app.tenant).await.unwrap().len(),
        store
            .idempotency
            .has_idempotency_key(&app.tenant, &history)
            .await
            .unwrap(),
    )
}

#[tokio::test]
async fn dry_run_of_a_crm_order_plans_its_moysklad_order_and_writes_nothing() {
    // MS-M6 on: the dry run reads the order's status history like the flow.
    let app = MsApp::spawn(Backend::Sqlite, |s| {
        s.shipment_statuses = vec!["complete".into()]
    })
    .await;
    let anna = app
        .customer("Anna", "Dry", "dry@example.com", "+79031112233")
        .await;
    let order = app.user_order("DR1", anna, "new", "main");

    let before = untouched(&app, order).await;
    let flow = dry_run(&app, order).await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    assert_eq!(
        actions(&flow),
        [
            "find_or_create_counterparty",
            "create_customer_order",
            "record_link"
        ]
    );
    assert_eq!(flow["commands"][0]["data"]["Private"]["customer_id"], anna);
    let body = &flow["commands"][1]["data"];
    let org = body["organization"]["meta"]["href"].as_str().unwrap();
    assert!(org.ends_with(&app.seeded.org), "MS-M1: {body}");
    assert_eq!(
        body["positions"].as_array().map(Vec::len),
        Some(2),
        "{body}"
    );
    assert_eq!(untouched(&app, order).await, before);
    assert!(app.ms_orders().is_empty());

    // MS-M5: an unmapped warehouse is a skip with the flow's journal entry.
    let south = app.user_order("DR2", anna, "new", "south");
    let before = untouched(&app, south).await;
    let flow = dry_run(&app, south).await;
    assert_eq!(flow["verdict"], "skip", "{flow}");
    assert!(
        flow["reason"].as_str().unwrap().starts_with("MS-M5"),
        "{flow}"
    );
    assert_eq!(actions(&flow), ["journal_note"]);
    assert_eq!(untouched(&app, south).await, before);

    // Exported for real: the plan updates the order MoySklad holds.
    app.sync().await;
    let ms_id = app.ms_order_of(order).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = untouched(&app, order).await;
    let flow = dry_run(&app, order).await;
    assert_eq!(
        actions(&flow),
        ["find_or_create_counterparty", "update_customer_order"]
    );
    assert_eq!(flow["commands"][1]["record"], ms_id);
    assert_eq!(untouched(&app, order).await, before);
}
