//! `moysklad-webhooks`: keeps the tenant's MoySklad webhook subscriptions in
//! place (customerorder UPDATE for MS-S5, demand CREATE for shipments,
//! counterparty UPDATE for MS-B4). Idempotent: existing subscriptions are
//! listed first and a duplicate registration (30003) reads as success, so it
//! can run at every settings save and hourly.

use crate::connectors::moysklad::{MoySklad, WebhookSpec};
use crate::error::Result;
use crate::flows::schedule::{JobContext, ScheduledJob};
use crate::peers::Peers;
use crate::settings::TenantSettings;
use async_trait::async_trait;
use std::time::Duration;

/// The job; see the module docs.
pub struct MoySkladWebhooks;

/// The subscriptions the tenant's options ask for (empty without a public URL or token).
pub fn desired(tenant: &TenantSettings) -> Vec<WebhookSpec> {
    let Some(ms) = &tenant.moysklad else {
        return Vec::new();
    };
    let (Some(sync), Some(base)) = (&ms.sync, &ms.public_base_url) else {
        return Vec::new();
    };
    if ms.webhook_token.is_empty() {
        return Vec::new();
    }
    let url = format!(
        "{}/hooks/{}/moysklad/{}",
        base.trim_end_matches('/'),
        tenant.id,
        ms.webhook_token.expose()
    );
    let spec = |entity: &str, action: &str| WebhookSpec {
        url: url.clone(),
        action: action.into(),
        entity_type: entity.into(),
        fields_diff: action == "UPDATE",
    };
    let mut out = vec![spec("demand", "CREATE")];
    // MS-S5 and MS-M12 (custom fields come back from MoySklad) read order changes.
    if sync.accept_order_changes || !sync.custom_fields.is_empty() {
        out.push(spec("customerorder", "UPDATE"));
    }
    if sync.receive_counterparty_address || sync.receive_counterparty_name {
        out.push(spec("counterparty", "UPDATE"));
    }
    // MS-R1: kept in place while retail is on (`flows::moysklad_retail::apply::switch`).
    if sync.retail.enabled {
        out.push(spec("retaildemand", "CREATE"));
    }
    out
}

/// Registers what is missing; returns how many subscriptions were created.
pub async fn register(ms: &MoySklad, tenant: &TenantSettings) -> Result<usize> {
    let existing = ms.webhooks().await?;
    let mut created = 0;
    for spec in desired(tenant) {
        let present = existing.iter().any(|w| {
            w.url.as_deref() == Some(&spec.url)
                && w.action.as_deref() == Some(&spec.action)
                && w.entity_type.as_deref() == Some(&spec.entity_type)
        });
        if !present {
            ms.webhook_create(&spec).await?;
            created += 1;
        }
    }
    Ok(created)
}

/// Registers the tenant's MoySklad webhooks now; call it whenever the
/// tenant's settings are saved (turning MS-S5 or MS-B4 on must subscribe at
/// once, not at the next hourly run). Idempotent: a second call creates
/// nothing. Returns how many subscriptions were created (0 when the tenant
/// has no MoySklad, no public URL or no webhook token).
pub async fn sync_webhooks(peers: &Peers, tenant: &TenantSettings) -> Result<usize> {
    let Some(ms) = tenant
        .moysklad
        .as_ref()
        .filter(|_| !desired(tenant).is_empty())
    else {
        return Ok(0);
    };
    let client = peers.moysklad(&tenant.id, ms);
    register(&client, tenant).await
}

#[async_trait]
impl ScheduledJob for MoySkladWebhooks {
    fn name(&self) -> &'static str {
        "moysklad-webhooks"
    }

    fn every(&self) -> Duration {
        Duration::from_secs(3600)
    }

    fn applies_to(&self, _: &JobContext, tenant: &TenantSettings) -> bool {
        !desired(tenant).is_empty()
    }

    async fn run(&self, ctx: &JobContext, tenant: &TenantSettings) -> Result<()> {
        sync_webhooks(&ctx.peers, tenant).await.map(|_| ())
    }
}
