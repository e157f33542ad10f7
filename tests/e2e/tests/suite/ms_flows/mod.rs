//! CRM ⇄ MoySklad flows end to end, on both backends: CRM history → poll job
//! → queue → worker → MoySklad emulator state, and MoySklad webhook → hook →
//! queue → worker → CRM emulator state. Named after RULES.md block MS; one
//! file per direction or concern, helpers here.

pub(crate) use crate::support::app::Backend;
pub(crate) use crate::support::ms_app::MsApp;
pub(crate) use serde_json::json;
pub(crate) use synclane::connectors::moysklad::{Counterparty, CustomerOrder};
pub(crate) use synclane::flows::crm_moysklad::rules::order_export::state_ref;
pub(crate) use synclane::flows::journal;
pub(crate) use synclane::model::{EntityKind, System};
pub(crate) use synclane::store::LinkKey;

use crate::support::on_both_backends;

mod cleanup;
mod corporate;
mod corporate_id;
mod export;
mod fields;
mod from_opencart;
mod inbound;
mod lines;
mod payments;
mod positions;
mod returns;
mod shipment;
mod webhooks;

/// Waits until `n` webhook deliveries succeeded.
pub(crate) async fn wait_for_deliveries(app: &MsApp, n: usize) {
    for _ in 0..100 {
        let done = app
            .ms
            .deliveries()
            .iter()
            .filter(|d| matches!(d.status, Some(200 | 204)))
            .count();
        if done >= n && app.depth().await > 0 {
            return;
        }
        if done >= n {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("webhook not delivered: {:?}", app.ms.deliveries());
}
