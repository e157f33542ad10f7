//! Dead letters as the merchant sees them (issue 16): one record per
//! message the worker gave up on, kept in the tenant's part of the store.
//!
//! Why in the store and not read from the queue: the SQS dead-letter queue
//! cannot be listed per tenant (only received, ten messages at a time,
//! every tenant's mixed), while a store record is one tenant-keyed item,
//! listed, read and removed by id. The worker writes it when it gives a
//! message up (`worker::dead_letters`), just before the queue moves the
//! message to its own dead letters; the queue's copy stays for the
//! operator until its retention ends. A replay sends the body back to the
//! work queue and removes the record; the event's done-key keeps a second
//! replay from applying it twice.

use crate::error::Result;
use crate::model::TenantId;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A message the worker gave up on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetter {
    /// The queue message's id (stable across its deliveries).
    pub id: String,
    /// The flow whose copy of the event it was (`None`: not yet fanned out).
    pub flow: Option<String>,
    /// The system the event came from and the record it is about.
    pub source: String,
    pub kind: String,
    pub record: String,
    /// Why the last attempt failed.
    pub error: String,
    /// Unix milliseconds when the worker gave up.
    pub at_ms: i64,
    pub receive_count: u32,
    /// The queue group it was sent in (a replay keeps the record's order).
    pub group: String,
    /// The message body, as queued (an `Envelope`).
    pub body: String,
}

/// A tenant's dead letters.
#[async_trait]
pub trait DeadLetters: Send + Sync {
    /// Creates or replaces the record of `letter.id`.
    async fn put_dead_letter(&self, tenant: &TenantId, letter: &DeadLetter) -> Result<()>;
    /// Up to `limit` records, oldest first.
    async fn list_dead_letters(&self, tenant: &TenantId, limit: usize) -> Result<Vec<DeadLetter>>;
    async fn get_dead_letter(&self, tenant: &TenantId, id: &str) -> Result<Option<DeadLetter>>;
    /// Removes the record; `true` only for the call that removed it (of
    /// two racing replays, one wins).
    async fn remove_dead_letter(&self, tenant: &TenantId, id: &str) -> Result<bool>;
}
