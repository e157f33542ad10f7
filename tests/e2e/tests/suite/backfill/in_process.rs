//! The backfill job in-process on each store backend: common customers
//! linked both ways, the rest reported, two conflicts reported, no peer
//! written to; a second run links nothing new.

use super::{Sizes, peer_writes, seed};
use crate::support::app::{CRM_KEY, SECRET, SITE, tenant_id, tenant_settings};
use std::sync::Mutex;
use synclane::backfill::{self, IssueKind, Progress, Status};
use synclane::model::{EntityKind, System};
use synclane::peers::{Peers, http_client};
use synclane::settings::OpenCartSettings;
use synclane::store::{LinkKey, Store};
use synclane_emulators::{OpenCartEmulator, RetailCrmEmulator};

async fn links_what_both_sides_hold(store: Store, sizes: Sizes) {
    let crm = RetailCrmEmulator::start(CRM_KEY, &[SITE]).await;
    let shop = OpenCartEmulator::start(SECRET).await;
    let pairs = seed(&crm, &shop, sizes);
    // A second CRM customer with common customer 0's address (the first
    // takes the shop customer), and shop twins sharing one address.
    let duplicate = crm.seed_customer(serde_json::json!({"email": "person0@example.com"}));
    let twin_buyer = crm.seed_customer(serde_json::json!({"email": "twin@example.com"}));
    for _ in 0..2 {
        shop.seed_customer(serde_json::json!({"email": "Twin@example.com"}));
    }
    let mut settings = tenant_settings(&crm.base_url());
    settings.opencart = Some(OpenCartSettings {
        base_url: Some(shop.api_url()),
        ..settings.opencart.unwrap()
    });
    let peers = Peers::local(http_client());
    let job = backfill::customers_job(&store, &peers, &settings).unwrap();
    let seen: Mutex<Vec<Progress>> = Mutex::default();
    let done = job
        .run(&|p| seen.lock().unwrap().push(p.clone()))
        .await
        .unwrap();

    let only_crm = (sizes.crm - sizes.common) as u64;
    let only_shop = (sizes.shop - sizes.common) as u64;
    assert_eq!(done.status, Status::Done);
    assert_eq!(
        (done.linked, done.already_linked, done.conflicts),
        (sizes.common as u64, 0, 2),
        "{done:?}"
    );
    assert_eq!(
        (done.unmatched_crm, done.unmatched_shop),
        (only_crm, only_shop + 2)
    );
    assert_eq!(done.crm_records, sizes.crm as u64 + 2);
    assert_eq!(peer_writes(&crm, &shop), 0, "no peer was written to");
    let pages: Vec<u32> = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|p| p.status == Status::Matching)
        .map(|p| p.crm_pages_done)
        .collect();
    assert_eq!(pages.last(), Some(&done.crm_pages));
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");

    // Both directions, one group, for every common pair.
    let tenant = tenant_id();
    for &(crm_id, shop_id) in &pairs {
        let crm_key = LinkKey::new(
            &tenant,
            EntityKind::Customer,
            System::RetailCrm,
            crm_id.to_string(),
        );
        let shop_key = LinkKey::new(
            &tenant,
            EntityKind::Customer,
            System::OpenCart,
            format!("c:{shop_id}"),
        );
        let forward = store
            .links
            .get_link(&crm_key)
            .await
            .unwrap()
            .expect("CRM side linked");
        let back = store
            .links
            .get_link(&shop_key)
            .await
            .unwrap()
            .expect("shop side linked");
        assert_eq!(
            forward.peer(System::OpenCart),
            Some(format!("c:{shop_id}").as_str())
        );
        assert_eq!(
            back.peer(System::RetailCrm),
            Some(crm_id.to_string().as_str())
        );
        assert_eq!(forward.group, back.group);
    }
    let issues: Vec<_> = backfill::all_reports(store.snapshots.as_ref(), &tenant, &done)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|r| r.issues)
        .collect();
    let count = |kind, system: &str| {
        issues
            .iter()
            .filter(|i| i.kind == kind && i.system == system)
            .count() as u64
    };
    assert_eq!(count(IssueKind::Unmatched, "retailcrm"), only_crm);
    assert_eq!(count(IssueKind::Unmatched, "opencart"), only_shop + 2);
    let conflict = |id: i64| issues.iter().find(|i| i.id == id.to_string()).cloned();
    let taken = conflict(duplicate).expect("the duplicate is reported");
    assert_eq!(taken.kind, IssueKind::Conflict);
    assert!(taken.reason.contains("linked to"), "{taken:?}");
    let twins = conflict(twin_buyer).expect("the twins' buyer is reported");
    assert_eq!(
        (twins.kind, twins.candidates.len()),
        (IssueKind::Conflict, 2)
    );

    // Again: a new run, everything linked already, nothing written.
    let again = job.run(&|_| {}).await.unwrap();
    assert_ne!(again.run, done.run);
    assert_eq!(
        (
            again.linked,
            again.already_linked,
            again.unmatched_crm,
            again.unmatched_shop
        ),
        (0, sizes.common as u64, only_crm, only_shop + 2)
    );
    assert_eq!(peer_writes(&crm, &shop), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_in_process_sqlite() {
    let sizes = Sizes {
        crm: 1_000,
        shop: 1_000,
        common: 800,
    };
    links_what_both_sides_hold(crate::support::sqlite::store().await, sizes).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_in_process_dynamo() {
    let sizes = Sizes {
        crm: 250,
        shop: 250,
        common: 200,
    };
    links_what_both_sides_hold(crate::support::aws::dynamo_store().await, sizes).await;
}
