//! MS-M6 "now or ever": whether the order has been in a shipment status.
//!
//! The statuses an order passes through reach the worker with the history
//! poll's envelopes (`payload.statuses`), but an order may have passed one
//! before Synclane read its history (a tenant that turned the sync on
//! later, an order that waited for an export status). So the first time it
//! matters, the order's own history is read once (`filter[orderId]`); a
//! shipment status seen anywhere is remembered, so no later message needs
//! to look again.

use super::context::Ctx;
use crate::connectors::retailcrm::CrmOrderDetails;
use crate::error::Result;
use crate::flows::crm_moysklad::rules::shipment::shipment_due;
use crate::model::Envelope;
use crate::store::Store;
use std::time::Duration;

/// How long the "seen" and "history read" marks are kept.
const KEEP: Duration = Duration::from_secs(400 * 86_400);

/// The statuses the message's history entries set, in order.
pub(super) fn changed_statuses(envelope: &Envelope) -> Vec<String> {
    serde_json::from_value(envelope.payload["statuses"].clone()).unwrap_or_default()
}

/// Whether a shipment is due for `order` (see the module docs).
pub(super) async fn shipment_seen(
    store: &Store,
    ctx: &Ctx,
    envelope: &Envelope,
    order: &CrmOrderDetails,
) -> Result<bool> {
    if ctx.sync.shipment_statuses.is_empty() {
        return Ok(false);
    }
    let tenant = &envelope.tenant;
    let seen_key = format!("ms-shipment-status:{}", order.id);
    let keys = &store.idempotency;
    let changed = changed_statuses(envelope);
    let mut due = shipment_due(&ctx.sync, order.status.as_deref(), &changed)
        || keys.has_idempotency_key(tenant, &seen_key).await?;
    if !due {
        let read_key = format!("ms-status-history:{}", order.id);
        if keys.has_idempotency_key(tenant, &read_key).await? {
            return Ok(false);
        }
        let past = ctx.crm.order_statuses(order.id).await?;
        due = shipment_due(&ctx.sync, None, &past);
        keys.claim_idempotency_key(tenant, &read_key, KEEP).await?;
    }
    if due {
        keys.claim_idempotency_key(tenant, &seen_key, KEEP).await?;
    }
    Ok(due)
}
