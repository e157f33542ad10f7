//! The worker: takes one queued envelope, loads the current state, asks the
//! rules what to do, carries it out against the peers and records links.
//!
//! `Worker::handle` is the whole job for one message and is shared by the
//! local runtime's loop and the Lambda `worker` function; what happens to the
//! message afterwards (delete, retry later, dead-letter) is decided from its
//! `Outcome` by `disposition`.

pub mod journal;
pub mod links;
pub mod moysklad;
pub mod moysklad_retail;
mod opencart_order;

pub use journal::{record_failure, record_retry};

use crate::connectors::moysklad::ClientOptions;
use crate::error::{Error, Result};
use crate::icml::files::CatalogueFiles;
use crate::model::{EntityKind, Envelope, System};
use crate::store::Store;
use links::{ClaimPolicy, Claims};
use std::sync::Arc;
use std::time::Duration;

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The event was applied (or was already applied).
    Applied,
    /// The rules decided there is nothing to do, and why.
    Skipped(String),
}

/// What to do with the message after handling it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposition {
    /// Done: delete it.
    Delete,
    /// Try again after this delay.
    Retry(Duration),
    /// It can never succeed as it is: journal it and move it to the dead letters.
    DeadLetter,
}

/// Maps a handling result to what the queue should do with the message.
pub fn disposition(result: &Result<Outcome>, receive_count: u32) -> Disposition {
    match result {
        Ok(_) => Disposition::Delete,
        Err(e) if e.is_retryable() => {
            Disposition::Retry(e.retry_after().unwrap_or_else(|| backoff(receive_count)))
        }
        Err(_) => Disposition::DeadLetter,
    }
}

/// 1 s, 2 s, 4 s, ... capped at 5 minutes.
fn backoff(receive_count: u32) -> Duration {
    Duration::from_secs(1u64 << receive_count.saturating_sub(1).min(8))
        .min(Duration::from_secs(300))
}

/// Handles envelopes. Cheap to clone; build once per process.
#[derive(Clone)]
pub struct Worker {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) http: reqwest::Client,
    /// Timeouts and retries of MoySklad calls.
    pub(crate) ms_options: ClientOptions,
    /// Where ICML exports are published; `None`: this worker refuses them.
    pub(crate) catalogue_files: Option<Arc<dyn CatalogueFiles>>,
    /// How long link claims last (tests use short ones).
    pub(crate) claim_policy: ClaimPolicy,
}

impl Worker {
    pub fn new(store: Arc<dyn Store>, http: reqwest::Client) -> Self {
        Worker {
            store,
            http,
            ms_options: ClientOptions::default(),
            catalogue_files: None,
            claim_policy: ClaimPolicy::default(),
        }
    }

    /// Replaces how long link claims last (tests use short leases).
    pub fn with_claim_policy(mut self, policy: ClaimPolicy) -> Self {
        self.claim_policy = policy;
        self
    }

    /// Lets this worker run ICML exports, publishing them to `files`.
    pub fn with_catalogue_files(mut self, files: Arc<dyn CatalogueFiles>) -> Self {
        self.catalogue_files = Some(files);
        self
    }

    /// Replaces the MoySklad client's timeouts and retries (tests use short ones).
    pub fn with_moysklad_options(mut self, options: ClientOptions) -> Self {
        self.ms_options = options;
        self
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Handles one message body. `message_id` must be stable across
    /// redeliveries of the message: it owns the link claims it makes.
    pub async fn handle(&self, message_id: &str, body: &str) -> Result<Outcome> {
        let envelope: Envelope = serde_json::from_str(body)
            .map_err(|e| Error::Invalid(format!("message is not an envelope: {e}")))?;
        let done_key = format!("done:{}", envelope.dedupe_key);
        if self
            .store
            .has_idempotency_key(&envelope.tenant, &done_key)
            .await?
        {
            return Ok(Outcome::Skipped("already applied".into()));
        }
        // The message's link claims: renewed while it runs, given back if it
        // ends without completing them (see `links`).
        let claims = Claims::new(message_id, self.claim_policy);
        let result = tokio::select! {
            result = self.dispatch(&envelope, &claims) => result,
            never = claims.keep_alive(self.store.as_ref()) => match never {},
        };
        claims.release_all(self.store.as_ref()).await;
        let outcome = result?;
        // Marks the event done only after its effects are durable; a crash
        // before this line re-runs the event, which the links make harmless.
        self.store
            .claim_idempotency_key(&envelope.tenant, &done_key, DONE_TTL)
            .await?;
        Ok(outcome)
    }

    async fn dispatch(&self, envelope: &Envelope, claims: &Claims) -> Result<Outcome> {
        let envelope = envelope.clone();
        let outcome = match (envelope.source, envelope.entity) {
            (System::OpenCart, EntityKind::Order) => {
                opencart_order::sync(self, &envelope, claims).await?
            }
            (System::MoySklad, EntityKind::Catalogue) => {
                let files = self.catalogue_files.as_deref();
                crate::icml::export::run(&self.store, &self.http, files, &envelope).await?
            }
            (System::MoySklad, EntityKind::RetailSale) => {
                moysklad_retail::sync(self, &envelope, claims).await?
            }
            (System::RetailCrm | System::MoySklad, _) => {
                self.moysklad_sync(&envelope, claims).await?
            }
            (source, entity) => {
                return Err(Error::Invalid(format!(
                    "no handler for {entity} events from {source}"
                )));
            }
        };
        Ok(outcome)
    }
}

impl Worker {
    /// CRM ⇄ MoySklad events (history poll and MoySklad webhooks).
    async fn moysklad_sync(&self, envelope: &Envelope, claims: &Claims) -> Result<Outcome> {
        let store = self.store.as_ref();
        let ctx =
            moysklad::context_for(store, &self.http, &envelope.tenant, self.ms_options).await?;
        match (envelope.source, envelope.entity) {
            (System::RetailCrm, EntityKind::Order) => {
                moysklad::order_export::sync(store, &ctx, envelope, claims).await
            }
            (System::RetailCrm, EntityKind::Customer | EntityKind::CorporateCustomer) => {
                moysklad::customer_push::sync(store, &ctx, envelope).await
            }
            (System::MoySklad, EntityKind::Order) => {
                moysklad::inbound::order(store, &ctx, envelope).await
            }
            (System::MoySklad, EntityKind::Customer) => {
                moysklad::inbound::counterparty(store, &ctx, envelope).await
            }
            // Demand CREATE: shipments are applied by the documents issue (MS-M6, MS-S10).
            (System::MoySklad, EntityKind::Shipment) => Ok(Outcome::Skipped(
                "shipments from MoySklad are not applied yet".into(),
            )),
            (source, entity) => Err(Error::Invalid(format!(
                "no handler for {entity} events from {source}"
            ))),
        }
    }
}

/// How long a handled event's key is remembered (far beyond any redelivery).
const DONE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
