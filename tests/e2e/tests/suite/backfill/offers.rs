//! The offer backfill in-process, on each store backend: CRM offers whose
//! xmlId is one MoySklad good's (a product's external code, a variant's
//! `product#variant`) are matched; an xmlId of two goods and a good two
//! offers name are conflicts; offers with no good and goods with no offer
//! are reported; no link is written (no flow reads one) and neither peer
//! is written to; a run stopped by a CRM error resumes at the page after
//! its checkpoint.

use crate::support::app::Backend;
use crate::support::ms_app::MsApp;
use synclane::backfill::{self, Issue, IssueKind, Status};
use synclane::model::System;
use synclane::peers::{Peers, http_client};
use synclane::store::linked_records;
use synclane_emulators::retailcrm::SeedOffer;

/// Products on both sides, one offer each: more than one CRM page (100).
const COMMON: usize = 130;

fn offer<'a>(xml_id: Option<&'a str>, name: &'a str) -> SeedOffer<'a> {
    SeedOffer {
        external_id: None,
        xml_id,
        name,
    }
}

fn crm_writes(app: &MsApp) -> usize {
    let writes = app.crm.requests();
    writes.iter().filter(|r| r.method != "GET").count()
}

/// CRM requests for `store/products` page `page`.
fn product_page_reads(app: &MsApp, page: &str) -> usize {
    let requests = app.crm.requests();
    let reads = requests.iter().filter(|r| r.path == "/store/products");
    reads
        .filter(|r| r.params.iter().any(|(k, v)| k == "page" && v == page))
        .count()
}

async fn offers_matched_by_external_code(backend: Backend) {
    let app = MsApp::spawn(backend, |_| {}).await;
    let mut pairs = Vec::new();
    for i in 0..COMMON {
        let code = format!("code-{i}");
        let good = app.ms.seed_product(&format!("Good {i}"), &code, 100);
        let offer = app
            .crm
            .add_product(&format!("Good {i}"), &[offer(Some(&code), "Good")]);
        pairs.push((offer[0], good));
    }
    // A product sold as its variants: the offers are `base#red`, `base#blue`.
    let base = app.ms.seed_product("Base", "base", 100);
    let red = app.ms.seed_variant(&base, "Red", "red", 100);
    app.ms.seed_variant(&base, "Blue", "blue", 100);
    app.crm.add_product(
        "Base",
        &[
            offer(Some("base#red"), "Red"),
            offer(Some("base#blue"), "Blue"),
        ],
    );
    // Two goods with one code; one good two offers name.
    let dup = [
        app.ms.seed_product("Dup A", "dup", 100),
        app.ms.seed_product("Dup B", "dup", 100),
    ];
    let dup_offer = app.crm.add_product("Dup", &[offer(Some("dup"), "Dup")])[0];
    let shared = app.ms.seed_product("Shared", "shared", 100);
    for name in ["Shared 1", "Shared 2"] {
        app.crm.add_product(name, &[offer(Some("shared"), name)]);
    }
    // One side only (and MsApp's two products, `ext-1` and `ext-2`).
    let crm_only = app
        .crm
        .add_product("Crm only", &[offer(Some("crm-only"), "Crm")])[0];
    let no_xml_id = app.crm.add_product("No xmlId", &[offer(None, "None")])[0];
    let ms_only = app.ms.seed_product("Ms only", "ms-only", 100);

    let (ms_writes, crm_before) = (app.ms.writes(), crm_writes(&app));
    // Page 2 of the CRM's products fails once: the run stops after page 1.
    app.crm.fail_path_after("/store/products", 1, 1, 400);
    let settings = app.settings().await;
    let job = backfill::offers_job(app.store(), &Peers::local(http_client()), &settings).unwrap();
    job.run(&|_| {}).await.expect_err("page 2 refused");
    let stopped = backfill::load_offers(app.store(), &app.tenant)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stopped.status, stopped.crm_pages_done, stopped.crm_pages),
        (Status::Matching, 1, 2)
    );

    let done = job.run(&|_| {}).await.unwrap();
    assert_eq!(done.run, stopped.run, "the same run, resumed");
    assert_eq!(done.status, Status::Done);
    assert_eq!(product_page_reads(&app, "1"), 1, "page 1 not read again");
    assert_eq!(product_page_reads(&app, "2"), 2, "refused once, then read");
    let matched = COMMON as u64 + 2 + 2;
    assert_eq!(
        (done.linked, done.already_linked, done.conflicts),
        (0, matched, 2),
        "{done:?}"
    );
    assert_eq!(
        (done.unmatched_crm, done.unmatched_shop),
        (2, 3),
        "{done:?}"
    );
    assert_eq!(done.crm_records, matched + 3);
    assert_eq!(done.shop_records, COMMON as u64 + 3 + 2 + 2 + 2);

    let issues: Vec<Issue> = backfill::offer_reports(app.store(), &app.tenant, &done)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|r| r.issues)
        .collect();
    let issue = |system: &str, id: &str| {
        issues
            .iter()
            .find(|i| i.system == system && i.id == id)
            .unwrap_or_else(|| panic!("{system} {id} reported: {issues:?}"))
    };
    let two_goods = issue("retailcrm", &dup_offer.to_string());
    assert_eq!(two_goods.kind, IssueKind::Conflict);
    let mut candidates = two_goods.candidates.clone();
    candidates.sort();
    let mut want = dup.to_vec();
    want.sort();
    assert_eq!(candidates, want);
    assert_eq!(issue("moysklad", &shared).kind, IssueKind::Conflict);
    assert!(issue("moysklad", &shared).reason.contains("2 CRM offers"));
    let crm_only = issue("retailcrm", &crm_only.to_string());
    assert!(crm_only.reason.contains("crm-only"), "{crm_only:?}");
    assert_eq!(
        issue("retailcrm", &no_xml_id.to_string()).kind,
        IssueKind::Unmatched
    );
    assert_eq!(issue("moysklad", &ms_only).kind, IssueKind::Unmatched);
    assert_eq!(
        issue("moysklad", &app.seeded.case_id).kind,
        IssueKind::Unmatched
    );
    assert_eq!(issues.len(), 7, "{issues:?}");
    assert!(!issues.iter().any(|i| i.id == red || i.id == base));

    assert_eq!(
        (app.ms.writes(), crm_writes(&app)),
        (ms_writes, crm_before),
        "no peer was written to"
    );
    // No link either: the flows pair offers by code on every run.
    let links = app.store().links.as_ref();
    for (offer, good) in [pairs[0].clone(), pairs[COMMON - 1].clone()] {
        let offer = offer.to_string();
        let crm = linked_records(links, &app.tenant, System::RetailCrm, &offer).await;
        let ms = linked_records(links, &app.tenant, System::MoySklad, &good).await;
        assert!(crm.unwrap().is_empty() && ms.unwrap().is_empty());
    }
    // MoySklad read a page at a time: products (1000 a page), variants
    // (100 a page, with their product): once per run.
    let log = app.ms.request_log();
    let reads = |what: &str| {
        log.iter()
            .filter(|l| l.starts_with("GET ") && l.contains(what))
            .count()
    };
    assert_eq!((reads("entity/product?"), reads("entity/variant?")), (2, 2));

    let again = job.run(&|_| {}).await.unwrap();
    assert_ne!(again.run, done.run);
    assert_eq!((again.already_linked, again.conflicts), (matched, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_offers_matched_by_external_code_sqlite() {
    offers_matched_by_external_code(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backfill_offers_matched_by_external_code_aws() {
    offers_matched_by_external_code(Backend::Aws).await;
}
