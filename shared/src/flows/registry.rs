//! The registry of flows: which flow consumes which events, the fan-out of
//! a source event into one envelope per subscribed flow, and the lookup of
//! an envelope's flow. Built once by `runtime` with every flow.
//!
//! Fan-out is crash-safe by construction: each copy's dedupe id is the
//! source event's plus the flow id, so a sender that crashed halfway and
//! sends the event again (a peer's retry, a poll re-reading its page before
//! the cursor moved) adds only the copies that were missing; and every
//! copy's done-key is per flow, so none is applied twice.

use super::schedule::ScheduledJob;
use super::{Flow, Subscription};
use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::queue::{Outgoing, Queue};
use crate::settings::TenantSettings;
use std::sync::Arc;

/// Every flow of the process.
#[derive(Clone, Default)]
pub struct Registry {
    flows: Vec<Arc<dyn Flow>>,
}

impl Registry {
    pub fn new(flows: Vec<Arc<dyn Flow>>) -> Self {
        Registry { flows }
    }

    /// The flow with id `id`.
    pub fn get(&self, id: &str) -> Option<&Arc<dyn Flow>> {
        self.flows.iter().find(|f| f.id() == id)
    }

    pub fn flows(&self) -> &[Arc<dyn Flow>] {
        &self.flows
    }

    /// Every flow's scheduled jobs.
    pub fn jobs(&self) -> Vec<Arc<dyn ScheduledJob>> {
        self.flows.iter().flat_map(|f| f.jobs()).collect()
    }

    /// The flows on for `tenant` that consume `(source, entity)` events;
    /// `ours`: the change was written by Synclane itself.
    pub fn subscribers<'a>(
        &'a self,
        tenant: &'a TenantSettings,
        source: System,
        entity: EntityKind,
        ours: bool,
    ) -> impl Iterator<Item = &'a Arc<dyn Flow>> + 'a {
        self.flows.iter().filter(move |flow| {
            flow.applies_to(tenant)
                && flow.consumes().iter().any(|s: &Subscription| {
                    s.source == source && s.entity == entity && (s.own_changes || !ours)
                })
        })
    }

    /// Whether any flow on for `tenant` consumes events from `source`.
    pub fn consumes_from(&self, tenant: &TenantSettings, source: System) -> bool {
        self.flows.iter().any(|flow| {
            flow.applies_to(tenant) && flow.consumes().iter().any(|s| s.source == source)
        })
    }

    /// One copy of `event` per subscribed flow.
    pub fn fan_out(&self, tenant: &TenantSettings, event: &Envelope, ours: bool) -> Vec<Envelope> {
        self.subscribers(tenant, event.source, event.entity, ours)
            .map(|flow| event.for_flow(flow.id()))
            .collect()
    }

    /// Sends `event`'s copies (see `fan_out`) in one batch; returns once
    /// they are durable, with how many there were.
    pub async fn publish(
        &self,
        queue: &dyn Queue,
        tenant: &TenantSettings,
        event: &Envelope,
        ours: bool,
    ) -> Result<usize> {
        self.publish_all(queue, tenant, std::slice::from_ref(event), ours)
            .await
    }

    /// Sends the copies of every event of `events` (the records of one feed
    /// request) as one batch: one transaction on the embedded queue, calls
    /// of ten on SQS. Returns once all are durable, with how many there
    /// were. A failure may leave some sent; the sender repeats the request
    /// and the dedupe ids drop what was already queued.
    pub async fn publish_all(
        &self,
        queue: &dyn Queue,
        tenant: &TenantSettings,
        events: &[Envelope],
        ours: bool,
    ) -> Result<usize> {
        let copies: Vec<Envelope> = events
            .iter()
            .flat_map(|event| self.fan_out(tenant, event, ours))
            .collect();
        send(queue, &copies).await?;
        Ok(copies.len())
    }
}

/// Sends envelopes that already name their flow, in one batch.
pub(super) async fn send(queue: &dyn Queue, copies: &[Envelope]) -> Result<()> {
    let messages = copies
        .iter()
        .map(Outgoing::of)
        .collect::<Result<Vec<_>>>()?;
    queue.send_batch(messages).await
}
