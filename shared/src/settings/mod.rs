//! Per-tenant settings: credentials of each peer and the sync options.
//! Stored in the `Store`; the local runtime loads them from its TOML config.

use crate::model::TenantId;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

mod erp;
mod moysklad;
mod moysklad_checks;
mod moysklad_options;
mod opencart;
mod retail;
mod secrets;
mod shopscript;
mod shopscript_validate;
mod validate;
mod woocommerce;

pub use erp::ErpSettings;
pub use moysklad::{FieldMapping, MoySkladSettings, MoySkladSync};
pub use moysklad_options::{IcmlOptions, RetailOptions, StockOptions};
pub use opencart::{OPENCART_API_ROUTE, OpenCartSettings};
pub use shopscript::{AutomaticDeals, DEFAULT_ACTION_STATES, ShopScriptSettings};
pub use woocommerce::{Deactivation, WooAuth, WooCommerceSettings};

/// Everything Synclane knows about one merchant account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantSettings {
    pub id: TenantId,
    /// The secret shared with our OpenCart extension: it signs the events
    /// the extension posts and the API requests Synclane makes to it
    /// (HMAC-SHA256, both directions).
    pub webhook_secret: Secret,
    #[serde(default)]
    pub retailcrm: Option<RetailCrmSettings>,
    #[serde(default)]
    pub opencart: Option<OpenCartSettings>,
    #[serde(default)]
    pub moysklad: Option<MoySkladSettings>,
    /// The WooCommerce shop that ERP third parties become B2B accounts in
    /// (RULES.md block EW).
    #[serde(default)]
    pub woocommerce: Option<WooCommerceSettings>,
    /// The ERP contact feed posted to `/hooks/{tenant}/erp`.
    #[serde(default)]
    pub erp: Option<ErpSettings>,
    /// Shop-Script orders ⇄ Webasyst CRM deals (RULES.md block SS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shopscript: Option<ShopScriptSettings>,
    #[serde(default)]
    pub journal: JournalSettings,
}

impl TenantSettings {
    /// Checks what a merchant could get wrong before the settings are saved
    /// (MS-M2 / MS-M3 one-to-one mappings, options that need another option).
    /// Every path that saves tenant settings calls it; the error lists every
    /// problem, one per line.
    pub fn validate(&self) -> crate::Result<()> {
        validate::tenant(self)
    }

    /// What `validate` refuses, one problem a line (empty: valid); the
    /// console shows each next to the field it names.
    pub fn problems(&self) -> Vec<String> {
        validate::problems(self)
    }

    /// The CRM account, or why a handler that needs it cannot run.
    pub fn crm(&self) -> crate::Result<&RetailCrmSettings> {
        self.retailcrm.as_ref().ok_or_else(|| {
            crate::Error::Invalid(format!("tenant {} has no CRM configured", self.id))
        })
    }

    /// The MoySklad account, or why a handler that needs it cannot run.
    pub fn moysklad_account(&self) -> crate::Result<&MoySkladSettings> {
        self.moysklad.as_ref().ok_or_else(|| {
            crate::Error::Invalid(format!("tenant {} has no MoySklad account", self.id))
        })
    }

    /// The WooCommerce shop, or why a handler that needs it cannot run.
    pub fn woocommerce_shop(&self) -> crate::Result<&WooCommerceSettings> {
        self.woocommerce.as_ref().ok_or_else(|| {
            crate::Error::Invalid(format!("tenant {} has no WooCommerce shop", self.id))
        })
    }

    /// The Shop-Script shop and its CRM, or why a handler that needs them cannot run.
    pub fn shopscript(&self) -> crate::Result<&ShopScriptSettings> {
        self.shopscript.as_ref().ok_or_else(|| {
            crate::Error::Invalid(format!("tenant {} has no Shop-Script shop", self.id))
        })
    }

    /// A tenant with no peer configured yet.
    pub fn new(id: TenantId, webhook_secret: Secret) -> Self {
        TenantSettings {
            id,
            webhook_secret,
            retailcrm: None,
            opencart: None,
            moysklad: None,
            woocommerce: None,
            erp: None,
            shopscript: None,
            journal: JournalSettings::default(),
        }
    }
}

/// RetailCRM API v5 account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetailCrmSettings {
    /// e.g. `https://demo.retailcrm.ru` (without `/api/v5`).
    pub base_url: String,
    pub api_key: Secret,
    /// The CRM shop (`site` code) that OpenCart orders belong to.
    pub site: String,
    /// Whether the CRM account has corporate customers switched on (OC-F3, OC-F4).
    #[serde(default = "yes")]
    pub corporate_customers: bool,
    /// Requests per second Synclane may send with this API key (the CRM
    /// allows about 10 per key and answers 503 above; lower it when other
    /// integrations share the key).
    #[serde(default = "crm_requests_per_second")]
    pub requests_per_second: u32,
}

fn crm_requests_per_second() -> u32 {
    10
}

/// Journal retention (MS-B8): the reference keeps 50 entries for 5 days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalSettings {
    pub retention_days: u32,
    pub max_entries: u32,
}

impl Default for JournalSettings {
    fn default() -> Self {
        JournalSettings {
            retention_days: 5,
            max_entries: 50,
        }
    }
}

fn yes() -> bool {
    true
}
