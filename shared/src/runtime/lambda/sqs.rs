//! The `worker` function: an SQS event in, `SqsBatchResponse` out, through
//! `runtime::aws::batch` (which holds the per-message rules).

use super::Error;
use crate::queue::{Received, SqsQueue};
use crate::runtime::aws::batch::settle_batch;
use crate::worker::Worker;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use lambda_runtime::{LambdaEvent, service_fn};
use std::sync::Arc;

/// Runs the worker function until the runtime stops.
pub async fn run_worker(worker: Worker, queue: Arc<SqsQueue>) -> Result<(), Error> {
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let (worker, queue) = (worker.clone(), queue.clone());
        async move {
            let span = tracing::info_span!("invocation", request_id = %event.context.request_id);
            let _entered = span.enter();
            Ok::<_, Error>(handle_sqs_event(&worker, &queue, event.payload).await)
        }
    }))
    .await
}

/// One invocation: the records become `Received` messages and are settled
/// in order; the failures are the ids SQS must deliver again.
pub async fn handle_sqs_event(
    worker: &Worker,
    queue: &SqsQueue,
    event: SqsEvent,
) -> SqsBatchResponse {
    let messages: Vec<Received> = event.records.into_iter().filter_map(received).collect();
    let mut response = SqsBatchResponse::default();
    for id in settle_batch(worker, queue, &messages).await {
        response.add_failure(id);
    }
    response
}

/// A record as the `Queue` port's message. SQS always sends the id, handle
/// and FIFO attributes; a record without an id cannot even be reported.
fn received(record: SqsMessage) -> Option<Received> {
    let Some(message_id) = record.message_id else {
        tracing::error!(message = "SQS record without a messageId; ignored.");
        return None;
    };
    let attribute = |name: &str| record.attributes.get(name).cloned();
    // The record's own group (`queue::SqsQueue` sends in tenant lanes);
    // messages sent before lanes carry only their SQS group, the record's.
    let own_group = record
        .message_attributes
        .get("group")
        .and_then(|value| value.string_value.clone());
    Some(Received {
        group: own_group
            .or_else(|| attribute("MessageGroupId"))
            .unwrap_or_else(|| message_id.clone()),
        receive_count: attribute("ApproximateReceiveCount")
            .and_then(|n| n.parse().ok())
            .unwrap_or(1),
        handle: record.receipt_handle.unwrap_or_default(),
        body: record.body.unwrap_or_default(),
        message_id,
    })
}
