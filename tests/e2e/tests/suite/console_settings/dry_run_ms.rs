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

/// MS-S16, MS-S5, MS-B4 through the admin API: after an order is exported,
/// a manager renames the CRM customer, and a MoySklad user closes the
/// order and edits its counterparty (no webhook is registered, so nothing
/// is delivered). The dry runs of the CRM customer, the MoySklad order
/// and the counterparty plan the writes the flow would make, an unlinked
/// counterparty is a skip; no write reaches either emulator and the links
/// stay as they were.
async fn ms_s16_ms_s5_ms_b4_dry_runs_plan_and_write_nothing(backend: Backend) {
    use crate::support::dry_run::{DryRuns, actions, command, links};
    use synclane::connectors::moysklad::{Counterparty, CustomerOrder};
    use synclane::flows::crm_moysklad::rules::order_export::state_ref;

    let app = MsApp::spawn(backend, |_| {}).await;
    let anna = app
        .customer("Anna", "Petrova", "dry3@example.com", "+79031112244")
        .await;
    let order = app.user_order("DR3", anna, "new", "main");
    app.sync().await;
    let ms_id = app.ms_order_of(order).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let cp_id = app.counterparties()[0]["id"].as_str().unwrap().to_owned();
    app.crm
        .user_edit_customer(anna, serde_json::json!({"lastName": "Ivanova"}));
    let ms = app.ms_user();
    let closed = CustomerOrder {
        state: Some(state_ref(&app.ms.base_url(), &app.seeded.st_done)),
        description: Some("packed".into()),
        ..CustomerOrder::default()
    };
    ms.customer_order_update(&ms_id, &closed).await.unwrap();
    let edited = Counterparty {
        name: Some("Petrova Anna Sergeevna".into()),
        actual_address: Some("Moscow, Tverskaya 1".into()),
        ..Counterparty::default()
    };
    ms.counterparty_update(&cp_id, &edited).await.unwrap();
    let stranger = app
        .ms
        .seed_counterparty(serde_json::json!({"name": "Stranger"}));

    let keys = [
        LinkKey::new(
            &app.tenant,
            EntityKind::Customer,
            System::RetailCrm,
            anna.to_string(),
        ),
        LinkKey::new(&app.tenant, EntityKind::Customer, System::MoySklad, &cp_id),
        LinkKey::new(
            &app.tenant,
            EntityKind::Order,
            System::RetailCrm,
            order.to_string(),
        ),
        LinkKey::new(&app.tenant, EntityKind::Order, System::MoySklad, &ms_id),
    ];
    let before = (
        app.crm.writes(),
        app.ms.writes(),
        links(app.store(), &keys).await,
    );
    let runs = DryRuns::new(app.local.addr, app.store(), &app.tenant).await;

    // MS-S16: the renamed customer's counterparty would be updated.
    let flow = runs
        .flow("retailcrm", "customer", anna, "crm_moysklad")
        .await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    assert_eq!(
        actions(&flow),
        ["update_counterparty", "record_fingerprint"]
    );
    let update = command(&flow, "update_counterparty");
    assert_eq!(update["rule"], "MS-S16");
    assert_eq!(update["record"], cp_id.as_str());
    assert!(update["data"].to_string().contains("Ivanova"), "{update}");

    // MS-S5: the MoySklad order's state and description would reach the CRM.
    let flow = runs.flow("moysklad", "order", &ms_id, "crm_moysklad").await;
    assert_eq!(flow["verdict"], "apply", "{flow}");
    let edit = command(&flow, "edit_order");
    assert_eq!(edit["rule"], "MS-S5");
    assert_eq!(edit["record"], order.to_string());
    assert_eq!(edit["data"]["status"], "complete", "{edit}");
    assert_eq!(edit["data"]["manager_comment"], "packed", "{edit}");

    // MS-B4: the counterparty's address and patronymic would reach the customer.
    let flow = runs
        .flow("moysklad", "customer", &cp_id, "crm_moysklad")
        .await;
    assert_eq!(actions(&flow), ["edit_customer"], "{flow}");
    let edit = command(&flow, "edit_customer");
    assert_eq!(edit["rule"], "MS-B4");
    assert_eq!(edit["record"], anna.to_string());
    assert_eq!(edit["data"]["address"]["notes"], "Moscow, Tverskaya 1");
    assert_eq!(edit["data"]["patronymic"], "Sergeevna");

    // MS-B4: a counterparty no CRM customer is linked to is left alone.
    let flow = runs
        .flow("moysklad", "customer", &stranger, "crm_moysklad")
        .await;
    assert_eq!(flow["verdict"], "skip", "{flow}");
    assert!(
        flow["reason"].as_str().unwrap().starts_with("MS-B4"),
        "{flow}"
    );

    let after = (
        app.crm.writes(),
        app.ms.writes(),
        links(app.store(), &keys).await,
    );
    assert_eq!(after, before, "a dry run writes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s16_ms_s5_ms_b4_dry_run_plans_and_writes_nothing_sqlite() {
    ms_s16_ms_s5_ms_b4_dry_runs_plan_and_write_nothing(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ms_s16_ms_s5_ms_b4_dry_run_plans_and_writes_nothing_aws() {
    ms_s16_ms_s5_ms_b4_dry_runs_plan_and_write_nothing(Backend::Aws).await
}
