//! Turning retail on and off for a tenant (MS-R1): on registers the
//! `retaildemand` CREATE webhook (reusing an identical one, never adding a
//! second) and saves `retail.enabled`; off removes it and saves the flag.
//! Called by the CLI (`synclane retail ... on|off`) and usable from an admin API.

use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::Store;

/// What switching did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetailSwitch {
    /// Retail is on; the webhook with this id posts to our hook.
    On { webhook_id: String },
    /// Retail is off; this many webhooks were removed.
    Off { removed: usize },
}

/// Our MoySklad receiver for `tenant`: `{public_base_url}/hooks/{tenant}/moysklad/{token}`.
pub fn hook_url(settings: &TenantSettings) -> Result<String> {
    let ms = settings.moysklad_account()?;
    let base = ms
        .public_base_url
        .as_deref()
        .ok_or_else(|| Error::Invalid("moysklad.public_base_url is not set".into()))?;
    if ms.webhook_token.is_empty() {
        return Err(Error::Invalid("moysklad.webhook_token is not set".into()));
    }
    Ok(format!(
        "{}/hooks/{}/moysklad/{}",
        base.trim_end_matches('/'),
        settings.id,
        ms.webhook_token.expose()
    ))
}

/// Switches retail for `tenant` and saves its settings.
pub async fn set_retail(
    store: &Store,
    peers: &Peers,
    tenant: &TenantId,
    on: bool,
) -> Result<RetailSwitch> {
    let mut settings = crate::store::require_tenant(store.tenants.as_ref(), tenant).await?;
    let url = hook_url(&settings)?;
    let ms_settings = settings.moysklad.as_mut().expect("checked by hook_url");
    let ms = peers.moysklad(tenant, ms_settings);
    let outcome = if on {
        let hook = ms.retail_webhook_on(&url).await?;
        RetailSwitch::On {
            webhook_id: hook.id.unwrap_or_default(),
        }
    } else {
        RetailSwitch::Off {
            removed: ms.retail_webhook_off(&url).await?,
        }
    };
    ms_settings
        .sync
        .get_or_insert_with(Default::default)
        .retail
        .enabled = on;
    settings.validate()?;
    store.tenants.put_tenant(&settings).await?;
    Ok(outcome)
}
