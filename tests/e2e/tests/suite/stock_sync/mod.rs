//! Stock and purchase-price pulls (MS-P1..P3, MS-S6..S8, MS-B9) end to end:
//! the job against the MoySklad and CRM emulators on a real store, plus the
//! store-backed MoySklad budget shared by independent instances.

mod assortment;
mod budget;
mod delta;
mod icml;
mod metering;
mod rules;
mod runs;

use std::collections::BTreeMap;
use std::sync::Arc;
use synclane::budget::{RateLimits, StoreRateBudget};
use synclane::connectors::RetryPolicy;
use synclane::connectors::moysklad::MoySklad;
use synclane::connectors::retailcrm::RetailCrm;
use synclane::flows::stock::{RunOptions, RunStats, run_with};
use synclane::secret::Secret;
use synclane::settings::{
    MoySkladSettings, MoySkladSync, RetailCrmSettings, StockOptions, TenantSettings,
};
use synclane::store::Store;
use synclane_emulators::RetailCrmEmulator;
use synclane_emulators::moysklad::MoySkladEmulator;

pub const TOKEN: &str = "ms-stock-token";
pub const CRM_KEY: &str = "crm-stock-key";

/// Both emulators, a store and a tenant whose CRM stores map to MoySklad ones.
pub struct Fixture {
    pub ms: MoySkladEmulator,
    pub crm: RetailCrmEmulator,
    pub store: Store,
    pub tenant: TenantSettings,
    /// (CRM code, MoySklad store id).
    pub stores: Vec<(String, String)>,
}

impl Fixture {
    /// `codes` become CRM warehouse codes mapped to new MoySklad stores.
    pub async fn new(store: Store, codes: &[&str], opts: StockOptions) -> Fixture {
        let ms = MoySkladEmulator::start(TOKEN).await;
        let crm = RetailCrmEmulator::start(CRM_KEY, &["shop"]).await;
        let stores: Vec<(String, String)> = codes
            .iter()
            .map(|c| (c.to_string(), ms.seed_store(&format!("Склад {c}"))))
            .collect();
        crm.add_offers([], codes);
        let sync = MoySkladSync {
            stores: stores.iter().cloned().collect::<BTreeMap<_, _>>(),
            stock: StockOptions {
                every_minutes: 0,
                ..opts
            },
            ..Default::default()
        };
        let mut tenant = TenantSettings::new(crate::support::tenant(), Secret::new("s"));
        tenant.retailcrm = Some(RetailCrmSettings {
            base_url: crm.base_url(),
            api_key: Secret::new(CRM_KEY),
            site: "shop".into(),
            corporate_customers: false,
            requests_per_second: 10,
        });
        tenant.moysklad = Some(MoySkladSettings {
            webhook_token: Default::default(),
            public_base_url: None,
            base_url: ms.base_url(),
            token: Secret::new(TOKEN),
            disable_webhook_prefixes: Vec::new(),
            request_weight: 1,
            sync: Some(sync),
        });
        store.tenants.put_tenant(&tenant).await.unwrap();
        Fixture {
            ms,
            crm,
            store,
            tenant,
            stores,
        }
    }

    pub fn store_id(&self, code: &str) -> &str {
        &self.stores.iter().find(|(c, _)| c == code).unwrap().1
    }

    pub fn clients(&self) -> (RetailCrm, MoySklad) {
        let crm = RetailCrm::new(
            reqwest::Client::new(),
            self.tenant.retailcrm.clone().unwrap(),
        )
        .with_retry(RetryPolicy {
            attempts: 5,
            base_delay: std::time::Duration::from_millis(20),
            max_delay: std::time::Duration::from_secs(2),
        });
        let budget = StoreRateBudget::new(
            self.store.clone(),
            self.tenant.id.clone(),
            "moysklad",
            RateLimits::MOYSKLAD_SHARED,
        );
        let ms = MoySklad::new(
            reqwest::Client::new(),
            self.tenant.moysklad.clone().unwrap(),
            Arc::new(budget),
        );
        (crm, ms)
    }

    /// One run with a far deadline.
    pub async fn run(&self) -> RunStats {
        self.run_until(tokio::time::Instant::now() + std::time::Duration::from_secs(600))
            .await
    }

    /// One run with a far deadline, its failure returned.
    pub async fn try_run(&self) -> synclane::Result<RunStats> {
        let (crm, ms) = self.clients();
        let options = RunOptions {
            ignore_interval: true,
            ..RunOptions::default()
        };
        let far = tokio::time::Instant::now() + std::time::Duration::from_secs(600);
        run_with(&self.store, &self.tenant, &crm, &ms, far, &options).await
    }

    pub async fn run_until(&self, deadline: tokio::time::Instant) -> RunStats {
        let (crm, ms) = self.clients();
        let options = RunOptions {
            ignore_interval: true,
            ..RunOptions::default()
        };
        run_with(
            self.store.as_ref(),
            &self.tenant,
            &crm,
            &ms,
            deadline,
            &options,
        )
        .await
        .unwrap()
    }

    /// (available, purchase price) the CRM holds for an offer in a warehouse.
    pub fn crm_values(&self, xml_id: &str, code: &str) -> Option<(Option<f64>, Option<f64>)> {
        self.crm
            .inventory(xml_id, code)
            .map(|i| (i.available, i.purchase_price))
    }

    /// Makes the next run a full pass (the last one counts as old).
    pub async fn age_last_full_pass(&self) {
        let cursor = self
            .store
            .cursors
            .get_cursor(&self.tenant.id, "stock-pull:checkpoint")
            .await
            .unwrap()
            .unwrap();
        let mut state: synclane::flows::stock::Checkpoint =
            serde_json::from_str(&cursor.value).unwrap();
        state.last_full_ms -= 48 * 3_600_000;
        state.last_sync_ms = synclane::clock::now_ms() - 60_000;
        let value = serde_json::to_string(&state).unwrap();
        self.store
            .cursors
            .put_cursor(
                &self.tenant.id,
                "stock-pull:checkpoint",
                &value,
                cursor.version,
            )
            .await
            .unwrap();
    }
}

pub async fn sqlite() -> Store {
    crate::support::sqlite::store().await
}
