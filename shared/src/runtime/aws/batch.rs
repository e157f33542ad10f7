//! One SQS batch as the Lambda event source mapping delivers it: each message
//! is handled on its own (one bad body never fails the batch) and the ids the
//! queue must deliver again are returned (`batchItemFailures`).
//!
//! - handled, or skipped: success; Lambda deletes it;
//! - retryable failure: reported, and made visible again after the delay the
//!   error asked for (ChangeMessageVisibility) instead of the queue's timeout;
//! - poison, or a retryable failure on its last counted attempt (failures
//!   are counted in the store, not by SQS's receives: `worker::settle_result`):
//!   journalled, copied to the DLQ, then reported as a success so Lambda
//!   deletes it (the local runtime's `Queue::dead_letter`, split in two).
//!
//! Order: a batch may hold several messages of one FIFO group, in order. After
//! a group's first failure its later messages are reported too, untried, so
//! they are not applied before the one that failed. Different groups are
//! handled concurrently, so one message waiting on a claim or a rate budget
//! does not use up the invocation's time for the others.

use crate::queue::{Queue, Received, SqsQueue};
use crate::worker::{Disposition, Worker, settle_result};
use futures_util::future::join_all;
use std::time::Duration;
use tracing::Instrument;

/// When copying to the DLQ failed, the message is retried this soon.
const DEAD_LETTER_RETRY: Duration = Duration::from_secs(5);

/// Handles `messages`; returns the ids to report as failures. Groups run
/// side by side (a message waiting on another worker's claim holds up only
/// its own group), each group's messages in order.
pub async fn settle_batch(worker: &Worker, queue: &SqsQueue, messages: &[Received]) -> Vec<String> {
    let mut groups: Vec<Vec<&Received>> = Vec::new();
    for message in messages {
        match groups.iter_mut().find(|g| g[0].group == message.group) {
            Some(group) => group.push(message),
            None => groups.push(vec![message]),
        }
    }
    let settled = join_all(groups.iter().map(|g| settle_group(worker, queue, g))).await;
    settled.into_iter().flatten().collect()
}

/// One group's messages in order; after its first failure the later ones
/// are reported too, untried, so they are not applied before it.
async fn settle_group(worker: &Worker, queue: &SqsQueue, group: &[&Received]) -> Vec<String> {
    let mut held: Option<Duration> = None;
    let mut failures = Vec::new();
    for message in group {
        let span = tracing::info_span!("message", id = %message.message_id, group = %message.group);
        let retry = match held {
            Some(delay) => Some(delay),
            None => settle_one(worker, queue, message).instrument(span).await,
        };
        let Some(delay) = retry else { continue };
        held = Some(delay);
        // The group stays blocked while any of its messages is in flight:
        // every held message must come back after the same delay.
        if let Err(error) = queue.retry_after(&message.handle, delay).await {
            tracing::warn!(message = "Could not shorten the visibility.", id = %message.message_id, %error);
        }
        failures.push(message.message_id.clone());
    }
    failures
}

/// `None`: done, let Lambda delete it. `Some(delay)`: deliver it again after `delay`.
async fn settle_one(worker: &Worker, queue: &SqsQueue, message: &Received) -> Option<Duration> {
    let result = worker.handle(&message.message_id, &message.body).await;
    match &result {
        Ok(outcome) => tracing::info!(message = "Handled.", ?outcome),
        Err(error) => {
            tracing::warn!(message = "Failed.", %error, receives = message.receive_count)
        }
    }
    let disposition = match settle_result(worker, queue, message, &result).await {
        Ok(disposition) => disposition,
        // The tenant could not be shown the dead letter: not yet.
        Err(error) => {
            tracing::error!(message = "Could not record the dead letter.", %error);
            return Some(DEAD_LETTER_RETRY);
        }
    };
    match disposition {
        Disposition::Delete => None,
        // SQS cannot tell a wait from a failure: the failures are counted
        // in the store (`worker::settle_result`).
        Disposition::Retry(delay) | Disposition::Wait(delay) => Some(delay),
        Disposition::DeadLetter => match queue.send_to_dead_letters(message).await {
            Ok(()) => None,
            Err(error) => {
                tracing::error!(message = "Could not dead-letter the message.", %error);
                Some(DEAD_LETTER_RETRY)
            }
        },
    }
}
