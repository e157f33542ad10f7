//! The `Queue` port: a FIFO work queue with message groups, deduplication,
//! visibility timeouts, receive counts and a dead-letter queue.
//!
//! Semantics are SQS FIFO's, so the embedded queue (`SqliteQueue`) and the AWS
//! one (`SqsQueue`) pass the same conformance suite:
//! - messages of one group are delivered in send order; while any of them is
//!   in flight no further message of that group is delivered (one `receive`
//!   may return several messages of a group, in order, as SQS does);
//! - a second send with the same dedupe id within `DEDUPE_WINDOW` is dropped;
//! - a received message is hidden for its visibility timeout, then redelivered
//!   unless deleted;
//! - a message whose attempts failed `max_receives` times goes to the dead
//!   letters. SQS counts every receive, so a receive by a worker that died
//!   counts there too (its `maxReceiveCount` must allow for worker deaths);
//!   the embedded queue counts failed attempts only (`retry_after`) and
//!   bounds receives by dead processes apart (`sqlite::MAX_ABANDONED`).
//!
//! Fairness between tenants: a group's tenant is its part before the first
//! `#` (`Envelope::group_key` starts with the tenant id; see [`tenant_of`]).
//! The embedded queue hands out the tenants' group heads in turns, so one
//! tenant's backlog never stands in front of another tenant's message; on
//! AWS see `docs/FAIRNESS.md`.

mod sqlite;
mod sqs;

pub use sqlite::SqliteQueue;
pub use sqs::{LANES_PER_FLOW, SqsQueue};

use crate::error::Result;
use async_trait::async_trait;
use std::time::Duration;

/// SQS FIFO deduplicates sends with the same id for five minutes.
pub const DEDUPE_WINDOW: Duration = Duration::from_secs(300);

/// The tenant a message group belongs to: the group's part before the
/// first `#`, or the whole group when it has none.
pub fn tenant_of(group: &str) -> &str {
    group.split_once('#').map_or(group, |(tenant, _)| tenant)
}

/// `{tenant}#{flow}` of a record's group `{tenant}#{flow}#{record}...`: the
/// unit whose messages in flight both queues cap (SQS lanes, the embedded
/// queue's `fair` receive).
pub(crate) fn tenant_and_flow(group: &str) -> &str {
    match group.match_indices('#').nth(1) {
        Some((end, _)) => &group[..end],
        None => group,
    }
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Messages of one group are processed in order, one at a time.
    pub group: String,
    pub dedupe_id: String,
    pub body: String,
}

impl Outgoing {
    /// `envelope` as a message: its group, its dedupe key, its JSON.
    pub fn of(envelope: &crate::model::Envelope) -> Result<Outgoing> {
        Ok(Outgoing {
            group: envelope.group_key(),
            dedupe_id: envelope.dedupe_key.clone(),
            body: serde_json::to_string(envelope)
                .map_err(|e| crate::error::Error::Invalid(e.to_string()))?,
        })
    }
}

/// A received message; `handle` deletes it or changes its visibility.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub message_id: String,
    pub handle: String,
    pub group: String,
    pub body: String,
    /// 1 on the first delivery.
    pub receive_count: u32,
}

/// A durable work queue.
#[async_trait]
pub trait Queue: Send + Sync {
    /// Returns once the message is durable.
    async fn send(&self, message: Outgoing) -> Result<()>;
    /// Sends several messages (one event's copies for its flows); returns
    /// once all are durable. Not atomic on every backend: a failure may
    /// leave some sent, and the caller sends them all again (each keeps its
    /// dedupe id, so the ones already sent are dropped).
    async fn send_batch(&self, messages: Vec<Outgoing>) -> Result<()> {
        for message in messages {
            self.send(message).await?;
        }
        Ok(())
    }
    /// Up to `max` visible messages, hidden for `visibility`; waits up to `wait` for one.
    async fn receive(
        &self,
        max: usize,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<Received>>;
    /// The message was handled: remove it.
    async fn delete(&self, handle: &str) -> Result<()>;
    /// The attempt failed: makes the message visible again after `delay`
    /// (sooner than the visibility timeout); the attempt counts towards the
    /// dead letters.
    async fn retry_after(&self, handle: &str, delay: Duration) -> Result<()>;
    /// The attempt waited on something else (another worker, a lease, a
    /// rate limit): visible again after `delay`, and, where the backend can
    /// tell, not counted as a failed attempt.
    async fn wait(&self, handle: &str, delay: Duration) -> Result<()> {
        self.retry_after(handle, delay).await
    }
    /// Whether `Received::receive_count` counts failed attempts only (a
    /// receive left by a dead worker, or a wait, not included). When not
    /// (SQS counts every receive), the worker counts failures in the store.
    fn counts_failed_attempts(&self) -> bool {
        false
    }
    /// A message received but never started (a stop): visible again now,
    /// and, where the backend can tell, not counted as an attempt.
    async fn give_back(&self, handle: &str) -> Result<()> {
        self.retry_after(handle, Duration::ZERO).await
    }
    /// Keeps a message that is still being handled hidden for `visibility`
    /// from now, so a long handler is not raced by a redelivery of its message.
    async fn keep_hidden(&self, handle: &str, visibility: Duration) -> Result<()> {
        self.retry_after(handle, visibility).await
    }
    /// Moves a received message to the dead-letter queue now (it can never
    /// succeed as it is; an operator may replay it after fixing the cause).
    async fn dead_letter(&self, message: &Received) -> Result<()>;
    /// Messages moved to the dead-letter queue, oldest first (not removed):
    /// all of them up to `max` on the embedded queue, a peek of at most ten
    /// on SQS (see `SqsQueue`).
    async fn dead_letters(&self, max: usize) -> Result<Vec<Received>>;
    /// Number of messages waiting or in flight (not dead).
    async fn depth(&self) -> Result<u64>;
}
