//! Events a flow raises for the other flows: its write to a record that
//! other flows consume is a change for them (an OpenCart order the
//! `opencart_crm` flow created in the CRM must reach MoySklad).
//!
//! Why not wait for the source's own feed: the CRM history shows that
//! write as made with our API key, the same as every write of ours, and
//! most flows drop those to suppress their own echoes (`Subscription::
//! own_changes`). So the writer says it directly, to those flows only; the
//! flows that take our own changes from the feed (and tell echoes apart by
//! content) get it from there, and the writer never gets it back.
//!
//! A raised event is a source event like a hook's: fanned out, one envelope
//! per flow, deduplicated by its key, applied once per flow. The writer
//! raises it before its own message is marked done, so a crash in between
//! raises it again (same key: no second copy).

use super::Registry;
use crate::error::Result;
use crate::model::Envelope;
use crate::queue::Queue;
use crate::settings::TenantSettings;
use std::sync::Arc;

/// Where flows raise events. Cheap to clone.
#[derive(Clone)]
pub struct Events {
    queue: Arc<dyn Queue>,
    registry: Arc<Registry>,
}

impl Events {
    pub fn new(queue: Arc<dyn Queue>, registry: Arc<Registry>) -> Self {
        Events { queue, registry }
    }

    /// Raises `event`, written by flow `by`, for every other flow that
    /// consumes it and does not read our own changes from the source's feed.
    /// Returns how many envelopes it made.
    pub async fn raise(
        &self,
        tenant: &TenantSettings,
        by: &str,
        event: &Envelope,
    ) -> Result<usize> {
        let copies: Vec<Envelope> =
            self.registry
                .subscribers(tenant, event.source, event.entity, false)
                .filter(|flow| flow.id() != by)
                .filter(|flow| {
                    !flow.consumes().iter().any(|s| {
                        s.source == event.source && s.entity == event.entity && s.own_changes
                    })
                })
                .map(|flow| event.for_flow(flow.id()))
                .collect();
        super::registry::send(self.queue.as_ref(), &copies).await?;
        Ok(copies.len())
    }
}
