//! `synclane-bench backfill --pass orders|moysklad`: the order pass
//! (`--crm` CRM orders, `--shop` OpenCart orders, `--common` CRM orders
//! whose `externalId` is a shop order) and the MoySklad pass (`--crm` CRM
//! customers indexed, `--shop` counterparties walked, `--common` found by
//! e-mail, half of them by phone only), in-process on a SQLite store file.
//! Reported: wall time, the peers' calls (writes must be 0) and the floor
//! the rate budgets set.

use crate::backfill::BenchBackfillArgs;
use serde_json::json;
use std::time::Instant;
use synclane::backfill::{self, Progress};
use synclane::model::TenantId;
use synclane::peers::{Peers, http_client};
use synclane::secret::Secret;
use synclane::settings::{MoySkladSettings, OpenCartSettings, RetailCrmSettings, TenantSettings};
use synclane::sqlite::Db;
use synclane::store::{SqliteStore, Store};
use synclane_emulators::moysklad::MoySkladEmulator;
use synclane_emulators::{OpenCartEmulator, RetailCrmEmulator};

const SECRET: &str = "whsec-bench-backfill";
const SITE: &str = "shop";
const MS_TOKEN: &str = "ms-bench-token";
/// MoySklad's limit: 45 requests in 3 s a token.
const MS_PER_SECOND: f64 = 15.0;

fn settings(args: &BenchBackfillArgs, crm: &RetailCrmEmulator) -> TenantSettings {
    let tenant = TenantId::parse("bench").expect("a valid id");
    TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm.base_url(),
            api_key: Secret::new("crm-key"),
            site: SITE.into(),
            corporate_customers: false,
            requests_per_second: args.rps,
        }),
        ..TenantSettings::new(tenant, Secret::new(SECRET))
    }
}

fn store(dir: &tempfile::TempDir) -> anyhow::Result<Store> {
    let db = Db::open(dir.path().join("bench.db"))?;
    Ok(Store::from_backend(SqliteStore::new(db)))
}

fn report(name: &str, done: &Progress, secs: f64, floor: f64) {
    println!("backfill --pass {name}");
    println!(
        "  {:?}: linked {}, already {}, conflicts {}, unmatched {}",
        done.status, done.linked, done.already_linked, done.conflicts, done.unmatched_crm
    );
    println!("  time {secs:.2} s; rate-limit floor {floor:.1} s");
}

pub async fn orders(args: &BenchBackfillArgs) -> anyhow::Result<()> {
    let crm = RetailCrmEmulator::start("crm-key", &[SITE]).await;
    let shop = OpenCartEmulator::start(SECRET).await;
    for id in 1..=args.shop as i64 {
        let fields = json!({"firstname": "Anna", "email": format!("buyer{id}@example.com")});
        shop.seed_order(id, fields, json!([{"product_id": "40", "quantity": "1"}]));
    }
    for i in 0..args.crm {
        let mut order = json!({"site": SITE, "status": "new", "firstName": "Anna"});
        if i < args.common {
            order["externalId"] = json!((i + 1).to_string());
        }
        crm.seed_order(order);
    }
    let mut settings = settings(args, &crm);
    settings.opencart = Some(OpenCartSettings {
        base_url: Some(shop.api_url()),
        status_map: Default::default(),
    });
    let dir = tempfile::tempdir()?;
    let job = backfill::orders_job(&store(&dir)?, &Peers::local(http_client()), &settings)?;
    let started = Instant::now();
    let done = job.run(&|_| {}).await?;
    let secs = started.elapsed().as_secs_f64();
    let floor = args.crm.div_ceil(100) as f64 / f64::from(args.rps);
    report("orders", &done, secs, floor);
    let writes = crm.requests().iter().filter(|r| r.method != "GET").count()
        + shop.requests().iter().filter(|r| r.method != "GET").count();
    println!(
        "  peer calls: CRM {}, OpenCart {} ({writes} writes)",
        crm.requests().len(),
        shop.requests().len()
    );
    anyhow::ensure!(writes == 0, "a peer was written to");
    Ok(())
}

pub async fn moysklad(args: &BenchBackfillArgs) -> anyhow::Result<()> {
    let crm = RetailCrmEmulator::start("crm-key", &[SITE]).await;
    let ms = MoySkladEmulator::start(MS_TOKEN).await;
    for i in 0..args.crm {
        let email = if i < args.common {
            format!("person{i}@example.com")
        } else {
            format!("crm-only{i}@example.com")
        };
        crm.seed_customer(json!({"email": email, "phones": [{"number": format!("+79{i:09}")}]}));
    }
    for i in 0..args.shop {
        let mut body = json!({"name": format!("P{i}"), "companyType": "individual"});
        if i < args.common && i % 2 == 0 {
            body["email"] = json!(format!("Person{i}@example.com"));
        } else if i < args.common {
            body["phone"] = json!(format!("8 9{i:09}"));
        } else {
            body["email"] = json!(format!("ms-only{i}@example.com"));
        }
        ms.seed("counterparty", body);
    }
    let mut settings = settings(args, &crm);
    settings.moysklad = Some(MoySkladSettings {
        base_url: ms.base_url(),
        token: Secret::new(MS_TOKEN),
        disable_webhook_prefixes: vec![],
        request_weight: 1,
        webhook_token: Secret::new("hook-token-0123456789abcdef"),
        public_base_url: None,
        sync: None,
    });
    let ms_writes = ms.writes();
    let dir = tempfile::tempdir()?;
    let job = backfill::moysklad_job(&store(&dir)?, &Peers::local(http_client()), &settings)?;
    let started = Instant::now();
    let done = job.run(&|_| {}).await?;
    let secs = started.elapsed().as_secs_f64();
    let crm_floor = args.crm.div_ceil(100) as f64 / f64::from(args.rps);
    let ms_floor = args.shop.div_ceil(100) as f64 / MS_PER_SECOND;
    report("moysklad", &done, secs, crm_floor + ms_floor);
    let crm_writes = crm.requests().iter().filter(|r| r.method != "GET").count();
    let ms_writes = ms.writes() - ms_writes;
    println!(
        "  peer calls: CRM {} ({crm_writes} writes), MoySklad {} ({ms_writes} writes, {} rate refusals)",
        crm.requests().len(),
        ms.counters().requests,
        ms.counters().rate_violations
    );
    anyhow::ensure!(crm_writes + ms_writes == 0, "a peer was written to");
    Ok(())
}
