//! `Peers`: the one factory of peer clients, built once per process and
//! shared by every flow and job. It holds what the clients of all tenants
//! share: the HTTP client (TLS, pooled connections), the retry policy, and
//! the rate budgets, so that a tenant's limit holds across everything that
//! calls the peer:
//! - MoySklad: one budget per tenant account (45 units / 3 s, 5 in flight);
//! - RetailCRM: one budget per API key (`requests_per_second`, default 10:
//!   the CRM answers 503 above it, and that budget is the merchant's, shared
//!   with their other integrations);
//! - OpenCart (our extension's API): none, the extension states no limit.
//! - WooCommerce: one budget per shop and key (`requests_per_second`,
//!   default 5, 4 in flight), and one batch coalescer per shop in the
//!   process, so concurrent messages share `customers/batch` requests.
//! - Webasyst (Shop-Script, its CRM): one budget per install
//!   (`shopscript.requests_per_second`, default 5, 4 in flight), shared by
//!   both clients when the shop and the CRM are one install.
//!
//! Budgets are in-process for the local runtime (one process runs every
//! worker and job) and store-backed on AWS (every Lambda container of a
//! tenant shares the window through the table).

use crate::budget::{LocalRateBudgets, RateBudget, RateLimits, StoreRateBudget};
use crate::connectors::RetryPolicy;
use crate::connectors::moysklad::MoySklad;
use crate::connectors::opencart::OpenCart;
use crate::connectors::retailcrm::RetailCrm;
use crate::connectors::webasyst::{CRM_PEER, Crm, SHOP_PEER, ShopScript, Webasyst};
use crate::connectors::woocommerce::{Coalescer, WooCommerce};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::secret::Secret;
use crate::settings::{MoySkladSettings, RetailCrmSettings, TenantSettings, WooCommerceSettings};
use crate::store::Store;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where budgets live.
#[derive(Clone)]
enum Budgets {
    /// In this process (keyed by tenant and budget name).
    Local(LocalRateBudgets),
    /// In the store, shared by every process; each key's handle is kept
    /// for the process (it learns how long the store's writes take).
    Shared(Store, Arc<Mutex<HashMap<String, Arc<StoreRateBudget>>>>),
}

/// Builds peer clients. Cheap to clone.
#[derive(Clone)]
pub struct Peers {
    http: reqwest::Client,
    retry: RetryPolicy,
    budgets: Budgets,
    /// One per WooCommerce shop (and key) that this process writes to.
    coalescers: Arc<Mutex<HashMap<String, Arc<Coalescer>>>>,
    /// How long a shared batch request waits for more items.
    batch_linger: Duration,
    /// Every client's per-request timeout, when the operator sets one
    /// (`peer_timeout_secs`); else each client's own default.
    timeout: Option<Duration>,
}

/// The default wait of a shared WooCommerce batch for more items: short
/// beside a batch request (seconds on a WordPress host), long enough for the
/// other messages in flight to join.
const BATCH_LINGER: Duration = Duration::from_millis(50);

impl Peers {
    /// Budgets held in this process (the local runtime).
    pub fn local(http: reqwest::Client) -> Self {
        Peers {
            http,
            retry: RetryPolicy::default(),
            budgets: Budgets::Local(LocalRateBudgets::default()),
            coalescers: Arc::default(),
            batch_linger: BATCH_LINGER,
            timeout: None,
        }
    }

    /// Budgets held in this process, which may have replaced a crashed one
    /// a moment ago and start from the grants it left in `ledgers`
    /// (`LocalRateBudgets::with_ledgers`): `synclane serve`.
    pub fn local_after_restart(http: reqwest::Client, ledgers: std::path::PathBuf) -> Self {
        Peers {
            budgets: Budgets::Local(LocalRateBudgets::with_ledgers(ledgers)),
            ..Peers::local(http)
        }
    }

    /// Budgets held in `store`, shared by every process (AWS).
    pub fn shared(http: reqwest::Client, store: Store) -> Self {
        Peers {
            http,
            retry: RetryPolicy::default(),
            budgets: Budgets::Shared(store, Arc::default()),
            coalescers: Arc::default(),
            batch_linger: BATCH_LINGER,
            timeout: None,
        }
    }

    /// Replaces the retry policy of every client (tests use short pauses).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Replaces how long a shared WooCommerce batch waits for more items.
    pub fn with_batch_linger(mut self, linger: Duration) -> Self {
        self.batch_linger = linger;
        self
    }

    /// Replaces every peer client's per-request timeout.
    pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
        if let Some(timeout) = timeout {
            self.http = http_client_with(timeout);
        }
        self.timeout = timeout;
        self
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The tenant's CRM client, or why there is none.
    pub fn crm_of(&self, tenant: &TenantSettings) -> Result<RetailCrm> {
        Ok(self.crm(&tenant.id, tenant.crm()?))
    }

    /// A CRM client spending the API key's budget.
    pub fn crm(&self, tenant: &TenantId, settings: &RetailCrmSettings) -> RetailCrm {
        // The key itself never goes into a store key or a log: a digest names it.
        let digest = Sha256::new()
            .chain_update(settings.base_url.as_bytes())
            .chain_update([0])
            .chain_update(settings.api_key.expose().as_bytes())
            .finalize();
        let name = format!("retailcrm:{}", &hex::encode(digest)[..16]);
        let limits = RateLimits::retailcrm(settings.requests_per_second);
        let crm = RetailCrm::new(self.http.clone(), settings.clone())
            .with_retry(self.retry)
            .with_budget(self.budget(tenant, &name, limits));
        match self.timeout {
            Some(timeout) => crm.with_timeout(timeout),
            None => crm,
        }
    }

    /// The tenant's MoySklad client, or why there is none.
    pub fn moysklad_of(&self, tenant: &TenantSettings) -> Result<MoySklad> {
        Ok(self.moysklad(&tenant.id, tenant.moysklad_account()?))
    }

    /// A MoySklad client spending the account's budget, with our public base
    /// URL among the DisableByPrefix prefixes so our own writes never come
    /// back as webhooks.
    pub fn moysklad(&self, tenant: &TenantId, ms: &MoySkladSettings) -> MoySklad {
        let mut settings = ms.clone();
        if let Some(base) = &ms.public_base_url
            && !settings.disable_webhook_prefixes.contains(base)
        {
            settings.disable_webhook_prefixes.push(base.clone());
        }
        let limits = match self.budgets {
            Budgets::Local(_) => RateLimits::MOYSKLAD,
            Budgets::Shared(..) => RateLimits::MOYSKLAD_SHARED,
        };
        let budget = self.budget(tenant, &format!("moysklad@{}", ms.base_url), limits);
        let moysklad = MoySklad::new(self.http.clone(), settings, budget).with_retry(self.retry);
        match self.timeout {
            Some(timeout) => moysklad.with_timeout(timeout),
            None => moysklad,
        }
    }

    /// The client of the tenant's OpenCart extension API, signing with the
    /// tenant's shared secret (`webhook_secret`, the one the extension's
    /// settings page holds); an error when `opencart.base_url` is not set.
    pub fn opencart_of(&self, tenant: &TenantSettings) -> Result<OpenCart> {
        let endpoint = tenant
            .opencart
            .as_ref()
            .map(|oc| oc.api_endpoint())
            .transpose()
            .map_err(Error::Invalid)?
            .flatten()
            .ok_or_else(|| {
                Error::Invalid(format!("tenant {} has no opencart.base_url", tenant.id))
            })?;
        Ok(
            OpenCart::new(self.http.clone(), endpoint, tenant.webhook_secret.clone())
                .with_retry(self.retry),
        )
    }

    /// The tenant's WooCommerce client, or why there is none.
    pub fn woocommerce_of(&self, tenant: &TenantSettings) -> Result<WooCommerce> {
        Ok(self.woocommerce(&tenant.id, tenant.woocommerce_shop()?))
    }

    /// A WooCommerce client spending the shop's budget, whose batch items
    /// join those of the process's other clients of the same shop.
    pub fn woocommerce(&self, tenant: &TenantId, settings: &WooCommerceSettings) -> WooCommerce {
        // A new key is another client: its items never ride on the old key.
        let digest = Sha256::new()
            .chain_update(settings.base_url.as_bytes())
            .chain_update([0])
            .chain_update(settings.consumer_key.expose().as_bytes())
            .chain_update([0])
            .chain_update(settings.consumer_secret.expose().as_bytes())
            .finalize();
        let name = format!("woocommerce:{}", &hex::encode(digest)[..16]);
        let limits = RateLimits::woocommerce(settings.requests_per_second);
        let coalescer = self
            .coalescers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(format!("{tenant}/{name}"))
            .or_insert_with(|| Arc::new(Coalescer::new(self.batch_linger)))
            .clone();
        let shop = WooCommerce::new(self.http.clone(), settings.clone())
            .with_retry(self.retry)
            .with_budget(self.budget(tenant, &name, limits))
            .with_coalescer(coalescer);
        match self.timeout {
            Some(timeout) => shop.with_timeout(timeout),
            None => shop,
        }
    }

    /// The tenant's Shop-Script API, or why there is none.
    pub fn shopscript_of(&self, tenant: &TenantSettings) -> Result<ShopScript> {
        let ss = tenant.shopscript()?;
        Ok(ShopScript::new(self.webasyst(
            &tenant.id,
            SHOP_PEER,
            &ss.shop_url,
            &ss.shop_token,
            ss.requests_per_second,
        )))
    }

    /// The tenant's Webasyst CRM API, or why there is none.
    pub fn webasyst_crm_of(&self, tenant: &TenantSettings) -> Result<Crm> {
        let ss = tenant.shopscript()?;
        Ok(Crm::new(self.webasyst(
            &tenant.id,
            CRM_PEER,
            &ss.crm_url,
            &ss.crm_token,
            ss.requests_per_second,
        )))
    }

    /// A Webasyst API client spending its install's budget (keyed by the
    /// install's address: one install serving both apps has one budget).
    fn webasyst(
        &self,
        tenant: &TenantId,
        peer: &'static str,
        base_url: &str,
        token: &Secret,
        per_second: u32,
    ) -> Webasyst {
        let digest = Sha256::digest(base_url.trim_end_matches('/').as_bytes());
        let name = format!("webasyst:{}", &hex::encode(digest)[..16]);
        let api = Webasyst::new(self.http.clone(), peer, base_url, token.clone())
            .with_retry(self.retry)
            .with_budget(self.budget(tenant, &name, RateLimits::webasyst(per_second)));
        match self.timeout {
            Some(timeout) => api.with_timeout(timeout),
            None => api,
        }
    }

    fn budget(&self, tenant: &TenantId, name: &str, limits: RateLimits) -> Arc<dyn RateBudget> {
        match &self.budgets {
            Budgets::Local(local) => local.get(&format!("{tenant}/{name}"), limits),
            Budgets::Shared(store, kept) => {
                let mut kept = kept.lock().unwrap_or_else(|e| e.into_inner());
                kept.entry(format!("{tenant}/{name}"))
                    .or_insert_with(|| {
                        Arc::new(StoreRateBudget::new(
                            store.clone(),
                            tenant.clone(),
                            name,
                            limits,
                        ))
                    })
                    .clone()
            }
        }
    }
}

/// The shared HTTP client for peer calls: rustls, timeouts, pooled.
pub fn http_client() -> reqwest::Client {
    http_client_with(Duration::from_secs(30))
}

/// The shared HTTP client, giving up on a request after `timeout`.
pub fn http_client_with(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5).min(timeout))
        .timeout(timeout)
        .user_agent(concat!("synclane/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the TLS backend is compiled in")
}
