//! Helpers shared by the end-to-end tests: backends, apps and sample records.
#![allow(dead_code)]

/// Declares one test per backend for each `scenario(backend)`.
macro_rules! on_both_backends {
    ($($scenario:ident => $sqlite:ident, $aws:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $sqlite() {
            $scenario($crate::support::app::Backend::Sqlite).await
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $aws() {
            $scenario($crate::support::app::Backend::Aws).await
        }
    )*};
}
pub(crate) use on_both_backends;

pub mod app;
pub mod aws;
pub mod aws_stack;
pub mod browser;
pub mod cargo_lambda;
pub mod dry_run;
pub mod erp;
pub mod ew_app;
pub mod ms_app;
pub mod ms_docs;
pub mod oc_app;
pub mod opencart;
pub mod process;
pub mod sqlite;
pub mod ss_app;
pub mod tenant_keys;

use std::collections::BTreeMap;
use synclane::model::{System, TenantId};
use synclane::secret::Secret;
use synclane::settings::{
    AutomaticDeals, Deactivation, ErpSettings, JournalSettings, RetailCrmSettings,
    ShopScriptSettings, TenantSettings, WooAuth, WooCommerceSettings,
};
use synclane::store::Link;

/// A tenant id no other test uses.
pub fn tenant() -> TenantId {
    TenantId::parse(&format!("t-{}", uuid::Uuid::new_v4().simple()))
        .expect("uuid-based ids are valid")
}

/// Settings with every optional part filled, so a lossy round trip shows.
pub fn settings(id: &TenantId, crm_site: &str) -> TenantSettings {
    TenantSettings {
        id: id.clone(),
        webhook_secret: Secret::new("hook-secret"),
        retailcrm: Some(RetailCrmSettings {
            base_url: "https://demo.retailcrm.example".into(),
            api_key: Secret::new("crm-key"),
            site: crm_site.into(),
            corporate_customers: false,
            requests_per_second: 10,
        }),
        opencart: None,
        moysklad: None,
        woocommerce: Some(WooCommerceSettings {
            base_url: "https://shop.example".into(),
            consumer_key: Secret::new("ck_key"),
            consumer_secret: Secret::new("cs_secret"),
            webhook_secret: Secret::new("wc-hook-secret-0123"),
            auth: WooAuth::Query,
            deactivation: Deactivation::Role {
                active: "customer".into(),
                inactive: "b2b_blocked".into(),
                wp_user: "sync".into(),
                application_password: Secret::new("app pass word"),
            },
            welcome_email: true,
            addresses: false,
            requests_per_second: 3,
        }),
        erp: Some(ErpSettings {
            feed_secret: Secret::new("erp-feed-secret-0123"),
        }),
        shopscript: Some(ShopScriptSettings {
            shop_url: "https://shop.example".into(),
            shop_token: Secret::new("ss-shop-token"),
            crm_url: "https://crm.example".into(),
            crm_token: Secret::new("ss-crm-token"),
            notification_secret: Secret::new("ss-notification-secret"),
            backend_url: Some("https://shop.example/admin/".into()),
            order_format: "№{id}".into(),
            funnels: BTreeMap::from([(
                "3".to_owned(),
                BTreeMap::from([("11".to_owned(), "pay".to_owned())]),
            )]),
            automatic: vec![AutomaticDeals {
                storefront: "*".into(),
                funnel_id: 3,
                stage_id: 10,
            }],
            action_states: BTreeMap::from([("confirm".to_owned(), "paid".to_owned())]),
            requests_per_second: 2,
        }),
        journal: JournalSettings {
            retention_days: 3,
            max_entries: 20,
        },
    }
}

/// A linked record of `group` whose CRM counterpart is `crm_id`.
pub fn linked(group: &str, crm_id: &str) -> Link {
    let mut link = Link::linked(
        group,
        BTreeMap::from([(System::RetailCrm, crm_id.to_owned())]),
    );
    link.fingerprint = Some(format!("fp-{crm_id}"));
    link
}

/// A worker with every flow, local rate budgets and, when given, where ICML
/// exports are published; the flows' raised events go to `queue`.
pub fn worker_with(
    store: synclane::store::Store,
    queue: std::sync::Arc<dyn synclane::queue::Queue>,
    files: Option<std::sync::Arc<dyn synclane::flows::icml::files::CatalogueFiles>>,
) -> synclane::worker::Worker {
    synclane::worker::Worker::new(
        store,
        synclane::peers::Peers::local(synclane::peers::http_client()),
        std::sync::Arc::new(synclane::runtime::registry::registry(files)),
        queue,
    )
}
