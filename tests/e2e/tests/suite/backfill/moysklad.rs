//! The MoySklad backfill in-process, on each store backend: counterparties
//! linked to CRM customers by the MoySklad id the CRM shows (MS-B10), then
//! tax id, e-mail and phone whatever their spelling; two CRM customers on
//! the deciding key are a conflict; the rest unmatched; neither peer is
//! written to; a second run links nothing new.

use crate::support::app::Backend;
use crate::support::ms_app::MsApp;
use serde_json::json;
use synclane::backfill::{self, IssueKind, Status};
use synclane::model::{EntityKind, System};
use synclane::peers::{Peers, http_client};
use synclane::store::LinkKey;

fn crm_writes(app: &MsApp) -> usize {
    app.crm
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .count()
}

async fn counterparties_linked_by_id_tax_id_email_and_phone(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let mut pairs = Vec::new();
    for i in 0..5 {
        // By the id the CRM shows: the e-mails differ.
        let ms = app.ms.seed(
            "counterparty",
            json!({"name": format!("Id {i}"), "email": format!("ms-id{i}@example.com")}),
        );
        let crm = app
            .crm
            .seed_customer(json!({"email": format!("crm-id{i}@example.com"),
            "customFields": {"moysklad_id": ms}}));
        pairs.push((crm, ms));
        let ms = app.ms.seed(
            "counterparty",
            json!({"name": format!("Inn {i}"), "inn": format!("770100000{i}")}),
        );
        let crm = app.crm.seed_customer(json!({"contragent": {"contragentType": "individual", "INN": format!(" 770100000{i} ")}}));
        pairs.push((crm, ms));
        let ms = app.ms.seed(
            "counterparty",
            json!({"name": format!("Mail {i}"), "email": format!("Mail{i}@Example.com")}),
        );
        let crm = app
            .crm
            .seed_customer(json!({"email": format!(" mail{i}@example.com")}));
        pairs.push((crm, ms));
        let ms = app.ms.seed(
            "counterparty",
            json!({"name": format!("Phone {i}"), "phone": format!("8 (903) 555-00-0{i}")}),
        );
        let crm = app
            .crm
            .seed_customer(json!({"phones": [{"number": format!("+7 903 555000{i}")}]}));
        pairs.push((crm, ms));
    }
    let shared = app.ms.seed(
        "counterparty",
        json!({"name": "Shared", "email": "shared@example.com"}),
    );
    for _ in 0..2 {
        app.crm
            .seed_customer(json!({"email": "shared@example.com"}));
    }
    for i in 0..3 {
        app.ms.seed(
            "counterparty",
            json!({"name": format!("Alone {i}"), "email": format!("alone{i}@example.com")}),
        );
    }
    let counterparties = app.counterparties().len() as u64;
    let (ms_writes, crm_before) = (app.ms.writes(), crm_writes(&app));

    let settings = app.settings().await;
    let job = backfill::moysklad_job(app.store(), &Peers::local(http_client()), &settings).unwrap();
    let done = job.run(&|_| {}).await.unwrap();
    assert_eq!(done.status, Status::Done);
    assert_eq!(
        (
            done.linked,
            done.already_linked,
            done.conflicts,
            done.crm_records
        ),
        (20, 0, 1, counterparties),
        "{done:?}"
    );
    assert_eq!(done.unmatched_crm, counterparties - 21);
    for &(crm, ref ms) in &pairs {
        let crm_key = LinkKey::new(
            &app.tenant,
            EntityKind::Customer,
            System::RetailCrm,
            crm.to_string(),
        );
        let ms_key = LinkKey::new(&app.tenant, EntityKind::Customer, System::MoySklad, ms);
        let forward = app
            .store()
            .links
            .get_link(&crm_key)
            .await
            .unwrap()
            .expect("CRM side linked");
        let back = app
            .store()
            .links
            .get_link(&ms_key)
            .await
            .unwrap()
            .expect("MoySklad side linked");
        assert_eq!(forward.peer(System::MoySklad), Some(ms.as_str()));
        assert_eq!(back.peer(System::RetailCrm), Some(crm.to_string().as_str()));
        assert_eq!(forward.group, back.group);
    }
    let issues: Vec<_> = backfill::moysklad_reports(app.store(), &app.tenant, &done)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|r| r.issues)
        .collect();
    let conflict = issues
        .iter()
        .find(|i| i.id == shared)
        .expect("the shared e-mail is reported");
    assert_eq!(
        (conflict.kind, conflict.candidates.len()),
        (IssueKind::Conflict, 2)
    );
    assert_eq!(
        (app.ms.writes(), crm_writes(&app)),
        (ms_writes, crm_before),
        "no peer was written to"
    );
    // Counterparties are read a page at a time (limit 100): one page here.
    let pages = app
        .ms
        .request_log()
        .iter()
        .filter(|l| l.starts_with("GET ") && l.contains("entity/counterparty?"))
        .count();
    assert_eq!(pages, 1);

    let again = job.run(&|_| {}).await.unwrap();
    assert_ne!(again.run, done.run);
    assert_eq!((again.linked, again.already_linked), (0, 20));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_moysklad_counterparties_linked_sqlite() {
    counterparties_linked_by_id_tax_id_email_and_phone(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_moysklad_counterparties_linked_aws() {
    counterparties_linked_by_id_tax_id_email_and_phone(Backend::Aws).await;
}
