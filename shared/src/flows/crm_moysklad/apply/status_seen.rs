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
use crate::model::{Envelope, TenantId};
use crate::store::Store;
use std::time::Duration;

/// How long the "seen" and "history read" marks are kept.
const KEEP: Duration = Duration::from_secs(400 * 86_400);

/// The statuses the message's history entries set, in order.
pub(super) fn changed_statuses(envelope: &Envelope) -> Vec<String> {
    serde_json::from_value(envelope.payload["statuses"].clone()).unwrap_or_default()
}

/// What the marks and the order's history say (`shipment_known`), and
/// the marks the flow keeps so no later message reads the history again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Seen {
    pub due: bool,
    /// The order's history was read now (remember it).
    read_history: bool,
}

/// Whether a shipment is due for `order` (see the module docs), and
/// remembers what was learnt.
pub(super) async fn shipment_seen(
    store: &Store,
    ctx: &Ctx,
    envelope: &Envelope,
    order: &CrmOrderDetails,
) -> Result<bool> {
    let tenant = &envelope.tenant;
    let changed = changed_statuses(envelope);
    let seen = shipment_known(store, ctx, tenant, &changed, order).await?;
    let keys = &store.idempotency;
    if seen.read_history {
        let read_key = format!("ms-status-history:{}", order.id);
        keys.claim_idempotency_key(tenant, &read_key, KEEP).await?;
    }
    if seen.due {
        let seen_key = format!("ms-shipment-status:{}", order.id);
        keys.claim_idempotency_key(tenant, &seen_key, KEEP).await?;
    }
    Ok(seen.due)
}

/// Whether a shipment is due for `order` given the statuses a message
/// set (`changed`), with reads only: the flow (`shipment_seen`) and its
/// dry run both ask it.
pub(crate) async fn shipment_known(
    store: &Store,
    ctx: &Ctx,
    tenant: &TenantId,
    changed: &[String],
    order: &CrmOrderDetails,
) -> Result<Seen> {
    let mut seen = Seen {
        due: false,
        read_history: false,
    };
    if ctx.sync.shipment_statuses.is_empty() {
        return Ok(seen);
    }
    let seen_key = format!("ms-shipment-status:{}", order.id);
    let keys = &store.idempotency;
    seen.due = shipment_due(&ctx.sync, order.status.as_deref(), changed)
        || keys.has_idempotency_key(tenant, &seen_key).await?;
    if !seen.due {
        let read_key = format!("ms-status-history:{}", order.id);
        if keys.has_idempotency_key(tenant, &read_key).await? {
            return Ok(seen);
        }
        let past = ctx.crm.order_statuses(order.id).await?;
        seen.due = shipment_due(&ctx.sync, None, &past);
        seen.read_history = true;
    }
    Ok(seen)
}
