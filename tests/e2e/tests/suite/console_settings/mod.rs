//! The console's settings tabs, hook URLs and dry runs (issue 16 items 2
//! and 4), on an `OcApp` (RetailCRM and OpenCart emulators) whose tenant
//! also has a MoySklad account on the MoySklad emulator:
//! - `pages`: the pages over plain HTTP with the tenant's key (the form
//!   posts a browser would send), the dry-run API;
//! - `browser`: the same in headless Chromium, with screenshots;
//! - `dry_run_ms`: the CRM → MoySklad order flow's dry run (on an `MsApp`).

mod browser;
mod dry_run_ms;
mod pages;

use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use synclane::secret::Secret;
use synclane::settings::{MoySkladSettings, MoySkladSync};
use synclane_emulators::moysklad::MoySkladEmulator;

pub const MS_TOKEN: &str = "ms-token-console";
/// The MoySklad webhooks' path secret (at least 16 characters).
pub const HOOK_TOKEN: &str = "ms-hook-token-0123456789abcdef";
/// The public base URL the tenant's settings name.
pub const PUBLIC_URL: &str = "https://sync.example.com";

/// An `OcApp` with MoySklad: two MoySklad warehouses, two legal entities,
/// two order states; the CRM has two warehouses.
pub struct SettingsApp {
    pub oc: OcApp,
    pub ms: MoySkladEmulator,
    /// MoySklad store ids: "Central", "South hub".
    pub ms_stores: [String; 2],
}

impl SettingsApp {
    pub async fn spawn() -> SettingsApp {
        let oc = OcApp::spawn(Backend::Sqlite).await;
        let ms = MoySkladEmulator::start(MS_TOKEN).await;
        let ms_stores = [ms.seed_store("Central"), ms.seed_store("South hub")];
        ms.seed_organization("Acme LLC");
        ms.seed_organization("Acme Retail");
        ms.seed_state("customerorder", "Новый");
        ms.seed_state("customerorder", "Отгружен");
        oc.crm.set_reference(
            "stores",
            &[("main", "Main warehouse"), ("south", "South warehouse")],
        );
        let mut settings = oc
            .store()
            .tenants
            .get_tenant(&oc.tenant)
            .await
            .unwrap()
            .unwrap();
        settings.moysklad = Some(MoySkladSettings {
            base_url: ms.base_url(),
            token: Secret::new(MS_TOKEN),
            disable_webhook_prefixes: vec![],
            request_weight: 1,
            webhook_token: Secret::new(HOOK_TOKEN),
            public_base_url: Some(PUBLIC_URL.into()),
            sync: Some(MoySkladSync::default()),
        });
        settings.validate().unwrap();
        oc.store().tenants.put_tenant(&settings).await.unwrap();
        SettingsApp { oc, ms, ms_stores }
    }

    /// `http://…/console/tenants/{t}`.
    pub fn console(&self) -> String {
        format!(
            "http://{}/console/tenants/{}",
            self.oc.local.addr, self.oc.tenant
        )
    }

    /// The stored MS-M2 mapping, read back through `GET /admin/tenants/{t}`.
    pub async fn stores_via_api(&self) -> serde_json::Value {
        self.settings_via_api().await["moysklad"]["sync"]["stores"].clone()
    }

    /// The tenant's settings as `GET /admin/tenants/{t}` answers them.
    pub async fn settings_via_api(&self) -> serde_json::Value {
        let answer = reqwest::Client::new()
            .get(self.oc.admin_url())
            .bearer_auth(&self.oc.key)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        answer.json().await.unwrap()
    }

    /// Writes that reached any emulator.
    pub fn peer_writes(&self) -> (usize, usize, usize) {
        (
            self.oc.crm.writes(),
            self.oc.shop.writes(),
            self.ms.writes(),
        )
    }
}
