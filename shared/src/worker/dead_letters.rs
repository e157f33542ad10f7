//! The tenant's record of a message the worker gives up on
//! (`store::dead_letters`): written before the queue moves the message to
//! its dead letters, so the merchant can list, inspect and replay it.
//!
//! A worker gives a message up in two ways: its error can never succeed
//! (`Disposition::DeadLetter`), or a retryable error on its last receive
//! (the queue dead-letters it on the next: SQLite's `max_receives`, SQS's
//! redrive `maxReceiveCount`). A body that is not an envelope names no
//! tenant: it is only logged, and stays in the queue's dead letters for the
//! operator.

use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::Envelope;
use crate::queue::Received;
use crate::store::{DeadLetter, Store};

/// Records `message`, which failed with `error`, as its tenant's dead letter.
pub async fn record_dead_letter(store: &Store, message: &Received, error: &Error) -> Result<()> {
    let Ok(envelope) = serde_json::from_str::<Envelope>(&message.body) else {
        tracing::warn!(message = "A message that is not an envelope was dead-lettered.", id = %message.message_id);
        return Ok(());
    };
    let letter = DeadLetter {
        id: message.message_id.clone(),
        flow: envelope.flow.clone(),
        source: envelope.source.to_string(),
        kind: envelope.entity.as_str().to_owned(),
        record: envelope.external_id.clone(),
        error: error.to_string(),
        at_ms: now_ms(),
        receive_count: message.receive_count,
        group: message.group.clone(),
        body: message.body.clone(),
    };
    store
        .dead_letters
        .put_dead_letter(&envelope.tenant, &letter)
        .await
}
