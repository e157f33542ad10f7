//! `synclane-bench backfill`: the onboarding backfill (issue 16, item 7) of
//! `--crm` CRM customers and `--shop` OpenCart customers, `--common` of them
//! on both sides (half found by e-mail, half by phone only), on the
//! embedded store (a SQLite file, the local runtime's durability). Reported:
//! wall time, the peers' calls (reads; writes must be 0), and the floor the
//! CRM key's rate budget sets (`ceil(crm / 100)` page reads at `--rps`).
//! `--pass orders` and `--pass moysklad` run the other passes
//! (`backfill_passes`) with the same sizes' meaning for their records.

use std::sync::Arc;
use std::time::Instant;
use synclane::backfill::{self, Progress, Status};
use synclane::model::TenantId;
use synclane::peers::{Peers, http_client};
use synclane::secret::Secret;
use synclane::settings::{OpenCartSettings, RetailCrmSettings, TenantSettings};
use synclane::sqlite::Db;
use synclane::store::{SqliteStore, Store};
use synclane_emulators::{OpenCartEmulator, RetailCrmEmulator};

#[derive(clap::Args, Debug, Clone)]
pub struct BenchBackfillArgs {
    #[arg(long, default_value_t = 10_000)]
    pub crm: usize,
    #[arg(long, default_value_t = 10_000)]
    pub shop: usize,
    #[arg(long, default_value_t = 8_000)]
    pub common: usize,
    /// The CRM key's requests per second (the settings' default is 10).
    #[arg(long, default_value_t = 10)]
    pub rps: u32,
    /// Which pass: `customers`, `orders` (CRM orders ⇄ shop orders), or
    /// `moysklad` (`--shop` counterparties ⇄ `--crm` CRM customers).
    #[arg(long, value_enum, default_value_t = Pass::Customers)]
    pass: Pass,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum Pass {
    Customers,
    Orders,
    Moysklad,
}

const SECRET: &str = "whsec-bench-backfill";
const SITE: &str = "shop";

pub async fn run(args: BenchBackfillArgs) -> anyhow::Result<()> {
    match args.pass {
        Pass::Customers => customers(args).await,
        Pass::Orders => crate::backfill_passes::orders(&args).await,
        Pass::Moysklad => crate::backfill_passes::moysklad(&args).await,
    }
}

async fn customers(args: BenchBackfillArgs) -> anyhow::Result<()> {
    let crm = RetailCrmEmulator::start("crm-key", &[SITE]).await;
    let shop = OpenCartEmulator::start(SECRET).await;
    seed(&crm, &shop, &args);
    let dir = tempfile::tempdir()?;
    let store = Store::from_backend(SqliteStore::new(Db::open(dir.path().join("bench.db"))?));
    let tenant = TenantId::parse("bench").expect("a valid id");
    let settings = TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm.base_url(),
            api_key: Secret::new("crm-key"),
            site: SITE.into(),
            corporate_customers: false,
            requests_per_second: args.rps,
        }),
        opencart: Some(OpenCartSettings {
            base_url: Some(shop.api_url()),
            status_map: Default::default(),
        }),
        ..TenantSettings::new(tenant, Secret::new(SECRET))
    };
    let job = backfill::customers_job(&store, &Peers::local(http_client()), &settings)?;
    let started = Instant::now();
    let matching_from = Arc::new(std::sync::Mutex::new(None));
    let mark = matching_from.clone();
    let observe = move |p: &Progress| {
        let mut at = mark.lock().unwrap();
        if p.status == Status::Matching && at.is_none() {
            *at = Some(started.elapsed());
        }
    };
    let done = job.run(&observe).await?;
    let total = started.elapsed();
    let index = matching_from.lock().unwrap().unwrap_or_default();
    let crm_calls = crm.requests().len();
    let crm_writes = crm.requests().iter().filter(|r| r.method != "GET").count();
    let shop_calls = shop.requests().len();
    let shop_writes = shop.requests().iter().filter(|c| c.method != "GET").count();
    let floor = args.crm.div_ceil(100) as f64 / f64::from(args.rps);
    println!(
        "backfill: {} CRM, {} shop, {} common; CRM at {} requests/s",
        args.crm, args.shop, args.common, args.rps
    );
    println!(
        "  {:?}: linked {}, already {}, conflicts {}, unmatched CRM {}, unmatched shop {}",
        done.status,
        done.linked,
        done.already_linked,
        done.conflicts,
        done.unmatched_crm,
        done.unmatched_shop
    );
    println!(
        "  time {:.2} s (shop index {:.2} s); CRM rate floor {floor:.1} s",
        total.as_secs_f64(),
        index.as_secs_f64()
    );
    println!(
        "  peer calls: CRM {crm_calls} ({crm_writes} writes), OpenCart {shop_calls} ({shop_writes} writes)"
    );
    anyhow::ensure!(crm_writes + shop_writes == 0, "a peer was written to");
    Ok(())
}

/// The e2e test's data (tests/e2e/tests/suite/backfill/mod.rs), at any size.
fn seed(crm: &RetailCrmEmulator, shop: &OpenCartEmulator, args: &BenchBackfillArgs) {
    for i in 0..args.crm {
        let (email, number) = if i < args.common {
            (format!("person{i}@example.com"), 9_000_000_000 + i)
        } else {
            (format!("crm-only{i}@example.com"), 9_100_000_000 + i)
        };
        crm.seed_customer(serde_json::json!({
            "email": email,
            "phones": [{"number": format!("+7{number}")}],
        }));
    }
    for i in 0..args.shop {
        let (email, number) = if i < args.common && i % 2 == 0 {
            (format!("Person{i}@example.com"), 9_000_000_000 + i)
        } else if i < args.common {
            (format!("elsewhere{i}@example.net"), 9_000_000_000 + i)
        } else {
            (format!("shop-only{i}@example.com"), 9_200_000_000 + i)
        };
        shop.seed_customer(serde_json::json!({
            "email": email,
            "telephone": format!("8{number}"),
        }));
    }
}
