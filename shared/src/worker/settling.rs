//! What becomes of a message once the worker has handled it, on any queue:
//! deleted, tried again later, left to wait, or dead-lettered — with its
//! journal entry and the tenant's dead-letter record written first. The
//! local loop (`runtime::worker_loop`) and the Lambda batch
//! (`runtime::aws::batch`) both ask `settle_result`, then tell their queue.
//!
//! Only *failed* attempts bring a message closer to the dead letters:
//! - a worker that died mid-message (SIGKILL, a Lambda timeout) made no
//!   attempt that failed. The embedded queue tells those receives apart
//!   itself (`Queue::counts_failed_attempts`); SQS counts every receive, so
//!   for it the failures are counted in the store (`failed_attempt`) and the
//!   worker dead-letters a message on its `max_attempts`th failure itself.
//!   SQS's own redrive (`maxReceiveCount`) stays as the backstop for a
//!   message that kills every worker that takes it;
//! - waiting is not failing (`Error::is_wait`: another worker's claim or
//!   lease, a peer's rate limit that said when to come back): the message
//!   comes back after the wait, uncounted (`Queue::wait`; the embedded queue
//!   caps waits with its abandoned receives, SQS with its redrive).

use super::{Disposition, Worker, record_dead_letter, record_failure, record_retry};
use crate::error::{Error, Result};
use crate::flows::Outcome;
use crate::model::TenantId;
use crate::queue::{Queue, Received, tenant_of};
use std::time::Duration;

/// How long the store remembers a message's failed attempts: past SQS's
/// longest retention (14 days), so a message never outlives its count.
const ATTEMPTS_KEPT: Duration = Duration::from_secs(15 * 24 * 3600);

/// Failed attempts counted per message at most (more than any
/// `max_attempts`; the count stops growing there).
const ATTEMPTS_COUNTED: u32 = 64;

/// Journals `result` and records a dead letter where there is one; returns
/// what the queue must do with `message`. `Err` only when a dead letter
/// could not be recorded (then the message must come back: the tenant would
/// not see it otherwise).
pub async fn settle_result(
    worker: &Worker,
    queue: &dyn Queue,
    message: &Received,
    result: &Result<Outcome>,
) -> Result<Disposition> {
    let error = match result {
        Ok(_) => return Ok(Disposition::Delete),
        Err(error) => error,
    };
    let store = worker.store();
    if !error.is_retryable() {
        record_failure(store, &message.body, error).await;
        record_dead_letter(store, message, error).await?;
        return Ok(Disposition::DeadLetter);
    }
    if error.is_wait() {
        record_backstop(worker, message, error).await;
        return Ok(Disposition::Wait(wait_delay(error, message.receive_count)));
    }
    let attempt = failed_attempt(worker, queue, message).await;
    if worker.is_last_attempt(attempt) {
        record_failure(store, &message.body, error).await;
        record_dead_letter(store, message, error).await?;
        return Ok(Disposition::DeadLetter);
    }
    let delay = error.retry_after().unwrap_or_else(|| backoff(attempt));
    record_retry(store, &message.body, error, attempt, delay).await;
    record_backstop(worker, message, error).await;
    Ok(Disposition::Retry(delay))
}

/// On the queue's last receive its redrive takes the message whatever the
/// worker says: the tenant sees it among its dead letters.
async fn record_backstop(worker: &Worker, message: &Received, error: &Error) {
    if worker.is_last_receive(message.receive_count)
        && let Err(error) = record_dead_letter(worker.store(), message, error).await
    {
        tracing::error!(message = "Could not record the dead letter.", %error);
    }
}

/// Which failed attempt this one is (1 on the first failure).
async fn failed_attempt(worker: &Worker, queue: &dyn Queue, message: &Received) -> u32 {
    if queue.counts_failed_attempts() {
        return message.receive_count;
    }
    let Some(tenant) = TenantId::parse(tenant_of(&message.group)) else {
        return message.receive_count;
    };
    match count_failure(worker, &tenant, &message.message_id).await {
        Ok(attempt) => attempt,
        Err(error) => {
            // Counted as a first failure: a store that is down must not
            // send messages to the dead letters (the redrive still bounds it).
            tracing::warn!(message = "Could not count a failed attempt.", id = %message.message_id, %error);
            1
        }
    }
}

/// Counts one more failure of `message_id` in the store: the n-th failure
/// claims key n (a message is in one worker's hands at a time, so the
/// claims never race), which expires with the message.
async fn count_failure(worker: &Worker, tenant: &TenantId, message_id: &str) -> Result<u32> {
    let idempotency = worker.store().idempotency.as_ref();
    for attempt in 1..=ATTEMPTS_COUNTED {
        let key = format!("failed-attempt:{message_id}:{attempt}");
        let claimed = idempotency
            .claim_idempotency_key(tenant, &key, ATTEMPTS_KEPT)
            .await?;
        if claimed.is_created() {
            return Ok(attempt);
        }
    }
    Ok(ATTEMPTS_COUNTED)
}

/// 1 s, 2 s, 4 s, ... capped at 5 minutes.
fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.saturating_sub(1).min(8)).min(Duration::from_secs(300))
}

/// The wait the error asked for, or a backoff on the receives capped at
/// 30 s (a lease may be held for minutes; a claim is let go in seconds).
fn wait_delay(error: &Error, receive_count: u32) -> Duration {
    error
        .retry_after()
        .unwrap_or_else(|| backoff(receive_count).min(Duration::from_secs(30)))
}
