//! One cheap read-only call per peer, through the connector the flows use
//! (its signing, budget and retries), and what the answer means:
//!
//! | system | call | summary |
//! |---|---|---|
//! | retailcrm | `GET /reference/delivery-types` | delivery types |
//! | moysklad | `GET entity/organization` | organisations |
//! | opencart | extension `ping` | extension and OpenCart versions |
//! | woocommerce | `GET customers?email=…` (an address no one has) | the REST API reads customers |
//! | shopscript | `shop.settings.get` | workflow states, shop clock |
//! | webasyst_crm | `crm.funnel.getList` | funnels |
//! | erp | none: the feed posts to us | |
//!
//! An error keeps its kind (`rejected`, `unavailable`, `credentials`,
//! `settings`, `timeout`, ...) and its message with every secret of the
//! tenant's settings replaced by `***`: a peer that echoes a key back does
//! not get it shown.

use super::system_name;
use crate::error::Error;
use crate::model::System;
use crate::peers::Peers;
use crate::settings::TenantSettings;
use serde::Serialize;
use std::time::{Duration, Instant};

/// The longest a test waits for its peer (retries included).
const DEADLINE: Duration = Duration::from_secs(15);

/// What a connection test found.
#[derive(Debug, Clone, Serialize)]
pub struct Probe {
    /// The system's name (`retailcrm`, `opencart`, ...).
    #[serde(serialize_with = "system_name")]
    pub system: System,
    pub ok: bool,
    /// Whether a request was sent (the ERP feed has nothing to call).
    pub called: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    pub elapsed_ms: u64,
}

/// Why a test failed.
#[derive(Debug, Clone, Serialize)]
pub struct ProbeError {
    pub kind: &'static str,
    pub message: String,
}

pub(super) async fn probe(peers: &Peers, settings: &TenantSettings, system: System) -> Probe {
    let started = Instant::now();
    let answer = match tokio::time::timeout(DEADLINE, call(peers, settings, system)).await {
        Ok(answer) => answer,
        Err(_) => Err(Error::PeerUnavailable {
            peer: system.as_str(),
            message: format!("no answer within {} s", DEADLINE.as_secs()),
            retry_after: None,
        }),
    };
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match answer {
        Ok((called, summary)) => Probe {
            system,
            ok: true,
            called,
            summary: Some(summary),
            error: None,
            elapsed_ms,
        },
        Err(e) => Probe {
            system,
            ok: false,
            called: true,
            summary: None,
            error: Some(ProbeError {
                kind: kind(&e),
                message: scrub(settings, &e.to_string()),
            }),
            elapsed_ms,
        },
    }
}

/// `(called, summary)`.
async fn call(
    peers: &Peers,
    settings: &TenantSettings,
    system: System,
) -> crate::Result<(bool, String)> {
    let summary = match system {
        System::RetailCrm => {
            let types = peers.crm_of(settings)?.delivery_type_codes().await?;
            format!("API v5 answered: {} delivery type(s)", types.len())
        }
        System::MoySklad => {
            let orgs = peers.moysklad_of(settings)?.organizations().await?;
            format!("JSON API 1.2 answered: {} organisation(s)", orgs.len())
        }
        System::OpenCart => {
            let ping = peers.opencart_of(settings)?.ping().await?;
            format!(
                "extension {} on OpenCart {} answered {:?}",
                ping.extension_version, ping.opencart_version, ping.status
            )
        }
        System::WooCommerce => {
            let found = peers
                .woocommerce_of(settings)?
                .customers_by_email("connection-test@synclane.invalid")
                .await?;
            format!(
                "REST API answered: customers readable ({} match the test address)",
                found.len()
            )
        }
        System::ShopScript => {
            let info = peers.shopscript_of(settings)?.info().await?;
            let clock = info.server_time.as_deref().unwrap_or("not given");
            format!(
                "shop.settings.get answered: {} workflow state(s), shop clock {clock}",
                info.order_states.len()
            )
        }
        System::WebasystCrm => {
            let funnels = peers.webasyst_crm_of(settings)?.funnels().await?;
            format!("CRM API answered: {} funnel(s)", funnels.len())
        }
        System::Erp => {
            return Ok((
                false,
                format!(
                    "nothing to call: the ERP posts its feed to /hooks/{}/erp, signed with the feed secret",
                    settings.id
                ),
            ));
        }
    };
    Ok((true, summary))
}

fn kind(e: &Error) -> &'static str {
    match e {
        Error::PeerRejected { .. } => "rejected",
        Error::PeerUnavailable { .. } => "unavailable",
        Error::PeerAuth { .. } => "credentials",
        Error::Invalid(_) | Error::UnknownTenant(_) => "settings",
        Error::Busy(_) | Error::ClaimLost(_) => "busy",
        Error::Storage(_) | Error::SchemaTooNew { .. } => "storage",
    }
}

/// `message` with every secret of the settings replaced by `***`.
fn scrub(settings: &TenantSettings, message: &str) -> String {
    let mut copy = settings.clone();
    let mut out = message.to_owned();
    for (_, secret) in copy.secrets_mut() {
        let value = secret.expose();
        if value.len() >= 4 {
            out = out.replace(value, crate::admin::REDACTED);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TenantId;
    use crate::secret::Secret;

    #[test]
    fn secrets_never_reach_the_message() {
        let settings = TenantSettings::new(
            TenantId::parse("acme").unwrap(),
            Secret::new("whsec-0123456789"),
        );
        let shown = scrub(&settings, "bad signature whsec-0123456789 at /x");
        assert_eq!(shown, "bad signature *** at /x");
    }
}
