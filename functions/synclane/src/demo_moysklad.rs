//! The demo's MoySklad part: a small MoySklad catalogue, one stock and
//! purchase-price pull into the CRM (MS-P1, MS-P2, xmlIds per MS-B9), then
//! an ICML catalogue exported on demand through the admin API.

use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;
use synclane::flows::schedule::JobContext;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::{MoySkladSettings, MoySkladSync, StockOptions, TenantSettings};
use synclane_emulators::moysklad::MoySkladEmulator;
use synclane_emulators::retailcrm::RetailCrmEmulator;

/// The admin API's bearer token in the demo (only its SHA-256 is configured).
pub const ADMIN_TOKEN: &str = "demo-admin-token-0123456789abcdef";
const MS_TOKEN: &str = "demo-moysklad-token";
/// The CRM warehouse the MoySklad one maps to.
const WAREHOUSE: &str = "main";

/// The MoySklad emulator with a catalogue of boots, laces and a boot size.
pub struct MoySkladDemo {
    pub ms: MoySkladEmulator,
    store_id: String,
}

impl MoySkladDemo {
    /// Seeds MoySklad and tells the CRM about the same offers (by xmlId).
    pub async fn start(crm: &RetailCrmEmulator) -> MoySkladDemo {
        let ms = MoySkladEmulator::start(MS_TOKEN).await;
        let store_id = ms.seed_store("Main warehouse");
        let laces = ms.seed_product("Laces", "laces", 5_050);
        let boot = ms.seed_product("Boot", "boot", 200_000);
        let boot_42 = ms.seed_variant(&boot, "Boot, size 42", "42", 210_000);
        for (good, stock, reserve) in [(&laces, 120.0, 20.0), (&boot_42, 7.0, 2.0)] {
            ms.set_stock(good, &store_id, stock, reserve, 0.0);
        }
        crm.add_offers(["laces", "boot#42"], &[WAREHOUSE]);
        MoySkladDemo { ms, store_id }
    }

    /// The tenant's MoySklad account: stock and prices into the CRM's `main`.
    pub fn settings(&self) -> MoySkladSettings {
        MoySkladSettings {
            base_url: self.ms.base_url(),
            token: Secret::new(MS_TOKEN),
            webhook_token: Secret::new("demo-webhook-token-0123"),
            public_base_url: None,
            disable_webhook_prefixes: Vec::new(),
            request_weight: 1,
            sync: Some(MoySkladSync {
                stores: BTreeMap::from([(WAREHOUSE.to_owned(), self.store_id.clone())]),
                stock: StockOptions {
                    stock_enabled: true,
                    prices_enabled: true,
                    every_minutes: 0,
                    ..StockOptions::default()
                },
                ..MoySkladSync::default()
            }),
        }
    }

    /// Pulls stock once, then exports the ICML catalogue through the admin API.
    pub async fn run(
        &self,
        local: &Local,
        crm: &RetailCrmEmulator,
        tenant: &TenantSettings,
    ) -> anyhow::Result<()> {
        let ctx = JobContext {
            store: local.store.clone(),
            queue: local.queue.clone(),
            peers: local.peers.clone(),
            registry: local.registry.clone(),
            deadline: tokio::time::Instant::now() + Duration::from_secs(60),
        };
        let stats = synclane::flows::stock::run_tenant(&ctx, tenant).await?;
        println!(
            "\nStock pull from MoySklad ({} run): {} offer entries pushed in {} CRM call(s), {} unknown to the CRM",
            stats.mode, stats.pushed, stats.crm_requests, stats.not_found
        );
        for ((xml_id, store), inventory) in crm.inventories() {
            println!(
                "  {xml_id} @ {store}: available {:?}, purchase price {:?}",
                inventory.available.unwrap_or_default(),
                inventory.purchase_price.unwrap_or_default()
            );
        }

        // The operator opens the tenant's account; its key, shown once, is
        // what reaches the tenant's routes (the operator token does not).
        let http = reqwest::Client::new();
        let created: Value = http
            .post(format!("http://{}/admin/accounts", local.addr))
            .bearer_auth(ADMIN_TOKEN)
            .json(&serde_json::json!({ "tenant": tenant.id.as_str(), "label": "demo" }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let key = created["key"]["key"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        println!(
            "\nPOST /admin/accounts -> tenant {} with key {} (shown once)",
            tenant.id, created["key"]["id"]
        );
        let base = format!("http://{}/admin/tenants/{}/icml", local.addr, tenant.id);
        let queued: Value = http
            .post(&base)
            .bearer_auth(&key)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        println!("\nPOST {base} -> {}", queued["state"]);
        let status = ready(&http, &base, &key).await?;
        let published = &status["published"];
        println!(
            "ICML export ready: {} offers ({} modification), {} bytes",
            published["offers"], published["variant_offers"], published["bytes"]
        );
        let catalogue = http
            .get(format!("{base}/catalogue.xml"))
            .bearer_auth(&key)
            .send()
            .await?
            .error_for_status()?
            .text()
            .await?;
        for line in catalogue.lines().filter(|l| l.contains("<xmlId>")) {
            println!("  {}", line.trim());
        }
        Ok(())
    }
}

/// Polls the export's status until it is ready (or failed: an error).
async fn ready(http: &reqwest::Client, base: &str, key: &str) -> anyhow::Result<Value> {
    for _ in 0..300 {
        let status: Value = http.get(base).bearer_auth(key).send().await?.json().await?;
        match status["state"].as_str() {
            Some("ready") => return Ok(status),
            Some("failed") => anyhow::bail!("the ICML export failed: {}", status["error"]),
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    anyhow::bail!("the ICML export did not finish within 30 s")
}
