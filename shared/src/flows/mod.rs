//! Flows: each sync flow is one folder named after its RULES.md block, with
//! its pure `rules`, its `apply` code (state in, rules asked, commands
//! carried out through `peers`) and its tests; its module doc maps each
//! rule id to the function that implements it.
//!
//! A flow declares which `(source, entity)` events it consumes and which
//! tenants it applies to. The `Registry` (built by `runtime`, the only
//! module that knows every flow) fans each source event out as one envelope
//! per subscribed flow, so one flow's failure, retry or dead letter never
//! delays or repeats another's, and routes each envelope to its flow.
//!
//! Core files: `registry` (subscriptions, fan-out), `events` (a flow's
//! write raised as an event for the other flows), `links` (claims),
//! `journal`, `fingerprint`, `dry_run` (what each flow would do
//! with a record now, without doing it) (what was written, for no-op redeliveries and
//! echoes), `schedule` (scheduled jobs, which flows and sources own).

pub mod dry_run;
pub mod events;
pub mod fingerprint;
pub mod journal;
pub mod links;
mod registry;
pub mod schedule;

pub mod crm_moysklad;
pub mod crm_opencart;
pub mod erp_woocommerce;
pub mod icml;
pub mod moysklad_retail;
pub mod opencart_crm;
pub mod shopscript_deals;
pub mod stock;

pub use registry::Registry;

use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::Store;
use async_trait::async_trait;
use links::Claims;
use std::sync::Arc;

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The event was applied (or was already applied).
    Applied,
    /// The rules decided there is nothing to do, and why.
    Skipped(String),
}

/// One kind of event a flow consumes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subscription {
    pub source: System,
    pub entity: EntityKind,
    /// Whether changes Synclane itself wrote to the source (CRM history
    /// entries made with our API key) reach this flow. A flow that takes
    /// them must tell its own echoes apart by content (fingerprints).
    pub own_changes: bool,
}

impl Subscription {
    /// Events of `entity` from `source`; our own writes to it are not delivered.
    pub const fn of(source: System, entity: EntityKind) -> Subscription {
        Subscription {
            source,
            entity,
            own_changes: false,
        }
    }
}

/// What a flow is handed for one message.
pub struct FlowCtx<'a> {
    pub store: &'a Store,
    pub peers: &'a Peers,
    /// The message's link claims (its id is their owner).
    pub claims: &'a Claims,
    /// The tenant's settings, read once for the message.
    pub tenant: &'a TenantSettings,
    /// Where the flow raises its writes as events for the other flows.
    pub events: &'a events::Events,
}

/// A sync flow: see the module docs.
#[async_trait]
pub trait Flow: Send + Sync {
    /// Stable id: the folder's name; part of queue groups and done keys.
    fn id(&self) -> &'static str;
    /// The events it consumes.
    fn consumes(&self) -> &'static [Subscription];
    /// Whether it is on for `tenant` (peers configured, options on). A flow
    /// that is off is skipped, never dead-lettered.
    fn applies_to(&self, tenant: &TenantSettings) -> bool;
    /// Applies one event. Must be resumable: a redelivery finishes every
    /// step an earlier delivery did not, and repeats none that it did.
    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome>;
    /// Its scheduled jobs (pulls, refreshes).
    fn jobs(&self) -> Vec<Arc<dyn schedule::ScheduledJob>> {
        Vec::new()
    }
}

/// The idempotency key that marks a flow's copy of an event (its
/// `dedupe_key`) as applied. A flow that learns its effect was undone in
/// the peer releases it, so the same event applies again when it comes back.
pub fn done_key(dedupe_key: &str) -> String {
    format!("done:{dedupe_key}")
}
