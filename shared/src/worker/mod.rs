//! The worker: takes one queued envelope, finds its flow in the registry,
//! loads the tenant and lets the flow apply the event (load state, ask the
//! rules, carry out the commands, record links).
//!
//! `Worker::handle` is the whole job for one message and is shared by the
//! local runtime's loop and the Lambda `worker` function; what happens to the
//! message afterwards (delete, retry later, wait, dead-letter) is decided
//! from its result by `settling::settle_result`.

use crate::error::{Error, Result};
use crate::flows::done_key;
use crate::flows::events::Events;
use crate::flows::links::{ClaimPolicy, Claims};
use crate::flows::{Flow, FlowCtx, Outcome, Registry};
use crate::model::Envelope;
use crate::peers::Peers;
use crate::queue::Queue;
use crate::store::{Day, Meter, Store};
use std::sync::Arc;
use std::time::Duration;

mod dead_letters;
mod settling;

pub use crate::flows::journal::{record_failure, record_retry};
pub use dead_letters::record_dead_letter;
pub use settling::settle_result;

/// What to do with the message after handling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// Done: delete it.
    Delete,
    /// The attempt failed: try again after this delay.
    Retry(Duration),
    /// It waits on something else (another worker, a lease, a rate
    /// limit): back after this delay, not counted as a failure.
    Wait(Duration),
    /// It can never succeed as it is: journal it and move it to the dead letters.
    DeadLetter,
}

/// Handles envelopes. Cheap to clone; build once per process.
#[derive(Clone)]
pub struct Worker {
    store: Store,
    peers: Peers,
    registry: Arc<Registry>,
    /// The flows' raised events go to the work queue.
    events: Events,
    /// How long link claims last (tests use short ones).
    claim_policy: ClaimPolicy,
    /// The queue's receive limit, when known: a message failing on its
    /// last receive is recorded as a dead letter (`dead_letters`).
    max_receives: Option<u32>,
    /// Failed attempts after which the worker dead-letters a message.
    max_attempts: Option<u32>,
    /// This process's life when it is the only one on its store (the local
    /// runtime): its claims tell dead lives' claims apart (`flows::links`).
    life: Option<Arc<str>>,
}

impl Worker {
    /// `queue`: the work queue, where the flows' raised events go.
    pub fn new(store: Store, peers: Peers, registry: Arc<Registry>, queue: Arc<dyn Queue>) -> Self {
        Worker {
            store,
            peers,
            events: Events::new(queue, registry.clone()),
            registry,
            claim_policy: ClaimPolicy::default(),
            max_receives: None,
            max_attempts: None,
            life: None,
        }
    }

    /// The queue dead-letters a message after `max_receives` receives.
    pub fn with_max_receives(mut self, max_receives: u32) -> Self {
        self.max_receives = Some(max_receives);
        self
    }

    /// Whether the queue dead-letters a message that fails on its
    /// `receive_count`th receive.
    pub fn is_last_receive(&self, receive_count: u32) -> bool {
        self.max_receives.is_some_and(|max| receive_count >= max)
    }

    /// The worker dead-letters a message on its `max_attempts`th failed
    /// attempt (`settling`).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = Some(max_attempts);
        self
    }

    /// Whether the `attempt`th failure is the last one allowed.
    pub fn is_last_attempt(&self, attempt: u32) -> bool {
        self.max_attempts.is_some_and(|max| attempt >= max)
    }

    /// Replaces how long link claims last (tests use short leases).
    /// For the only process working on its store: claims left by its
    /// earlier lives are taken over at once (`flows::links`).
    pub fn only_process(mut self) -> Self {
        self.life = Some(uuid::Uuid::now_v7().simple().to_string().into());
        self
    }

    pub fn with_claim_policy(mut self, policy: ClaimPolicy) -> Self {
        self.claim_policy = policy;
        self
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn peers(&self) -> &Peers {
        &self.peers
    }

    /// Handles one message body. `message_id` must be stable across
    /// redeliveries of the message: it owns the link claims it makes.
    pub async fn handle(&self, message_id: &str, body: &str) -> Result<Outcome> {
        let envelope: Envelope = serde_json::from_str(body)
            .map_err(|e| Error::Invalid(format!("message is not an envelope: {e}")))?;
        let settings =
            crate::store::require_tenant(self.store.tenants.as_ref(), &envelope.tenant).await?;
        let Some(flow_id) = &envelope.flow else {
            return self.handle_unrouted(message_id, &envelope, &settings).await;
        };
        let flow = self
            .registry
            .get(flow_id)
            .ok_or_else(|| Error::Invalid(format!("no flow {flow_id:?} in this release")))?;
        self.apply(flow.as_ref(), message_id, &envelope, &settings)
            .await
    }

    /// A message queued before events were fanned out per flow (an upgrade
    /// finds some in the queue): each flow that consumes it applies it in
    /// turn, each with its own done-key, so a retry repeats none of them.
    async fn handle_unrouted(
        &self,
        message_id: &str,
        envelope: &Envelope,
        settings: &crate::settings::TenantSettings,
    ) -> Result<Outcome> {
        let mut outcome = Outcome::Skipped("no flow consumes this event".into());
        for flow in self
            .registry
            .subscribers(settings, envelope.source, envelope.entity, false)
        {
            let copy = envelope.for_flow(flow.id());
            outcome = self
                .apply(flow.as_ref(), message_id, &copy, settings)
                .await?;
        }
        Ok(outcome)
    }

    async fn apply(
        &self,
        flow: &dyn Flow,
        message_id: &str,
        envelope: &Envelope,
        settings: &crate::settings::TenantSettings,
    ) -> Result<Outcome> {
        if !flow.applies_to(settings) {
            return Ok(Outcome::Skipped(format!(
                "{} is off for this tenant",
                flow.id()
            )));
        }
        let done_key = done_key(&envelope.dedupe_key);
        let tenant = &envelope.tenant;
        if self
            .store
            .idempotency
            .has_idempotency_key(tenant, &done_key)
            .await?
        {
            return Ok(Outcome::Skipped("already applied".into()));
        }
        // The message's link claims: renewed while it runs, given back if it
        // ends without completing them (see `flows::links`).
        let claims = match &self.life {
            Some(life) => Claims::in_life(message_id, life.clone(), self.claim_policy),
            None => Claims::new(message_id, self.claim_policy),
        };
        let ctx = FlowCtx {
            store: &self.store,
            peers: &self.peers,
            claims: &claims,
            tenant: settings,
            events: &self.events,
        };
        let result = tokio::select! {
            result = flow.handle(&ctx, envelope) => result,
            never = claims.keep_alive(self.store.links.as_ref()) => match never {},
        };
        claims.release_all(self.store.links.as_ref()).await;
        let outcome = result?;
        // Marks the event done only after its effects are durable; a crash
        // before this line re-runs the event, which the links make harmless.
        // An applied event is counted for usage in the same write as its
        // done-key, so exactly once (`store::usage`).
        match &outcome {
            Outcome::Applied => {
                let meter = Meter {
                    flow: flow.id(),
                    day: Day::today(),
                };
                self.store
                    .usage
                    .claim_metered(tenant, &done_key, DONE_TTL, meter)
                    .await?
            }
            Outcome::Skipped(_) => {
                self.store
                    .idempotency
                    .claim_idempotency_key(tenant, &done_key, DONE_TTL)
                    .await?
            }
        };
        Ok(outcome)
    }
}

/// How long a handled event's key is remembered (far beyond any redelivery).
const DONE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
