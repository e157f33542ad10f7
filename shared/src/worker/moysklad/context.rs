//! The tenant's CRM and MoySklad clients for one message, and the
//! process-wide MoySklad rate budgets (one per tenant account, shared by
//! every worker and job of the process; a store-backed `RateBudget` replaces
//! it for several processes).

use crate::connectors::moysklad::{ClientOptions, LocalRateBudgets, MoySklad};
use crate::connectors::retailcrm::RetailCrm;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::settings::{MoySkladSettings, MoySkladSync, TenantSettings};
use crate::store::Store;
use std::sync::OnceLock;

/// This process's MoySklad budgets.
pub fn budgets() -> &'static LocalRateBudgets {
    static BUDGETS: OnceLock<LocalRateBudgets> = OnceLock::new();
    BUDGETS.get_or_init(LocalRateBudgets::default)
}

/// A MoySklad client for the tenant: the shared budget of its account, and
/// our public base URL among the DisableByPrefix prefixes so our own writes
/// never come back as webhooks.
pub fn moysklad_client(
    http: &reqwest::Client,
    tenant: &TenantId,
    ms: &MoySkladSettings,
    options: ClientOptions,
) -> MoySklad {
    let mut settings = ms.clone();
    if let Some(base) = &ms.public_base_url
        && !settings.disable_webhook_prefixes.contains(base)
    {
        settings.disable_webhook_prefixes.push(base.clone());
    }
    let budget = budgets().get(&format!("{tenant}@{}", ms.base_url));
    MoySklad::new(http.clone(), settings, budget).with_options(options)
}

/// Everything a CRM ⇄ MoySklad handler needs.
pub(crate) struct Ctx {
    pub settings: TenantSettings,
    pub sync: MoySkladSync,
    pub crm: RetailCrm,
    pub ms: MoySklad,
}

impl Ctx {
    pub async fn load(
        store: &dyn Store,
        http: &reqwest::Client,
        tenant: &TenantId,
        options: ClientOptions,
    ) -> Result<Ctx> {
        let settings = crate::store::require_tenant(store, tenant).await?;
        let crm_settings = settings.crm()?.clone();
        let ms_settings = settings.moysklad_account()?.clone();
        let sync = ms_settings
            .sync
            .clone()
            .ok_or_else(|| Error::Invalid("the CRM ⇄ MoySklad sync is off".into()))?;
        Ok(Ctx {
            crm: RetailCrm::new(http.clone(), crm_settings),
            ms: moysklad_client(http, tenant, &ms_settings, options),
            sync,
            settings,
        })
    }
}
