//! `SqsQueue`: the `Queue` port on an SQS FIFO queue and its dead-letter queue.
//!
//! SQS supplies every rule of the port: per-group order, deduplication within
//! five minutes, visibility timeouts and the redrive to the DLQ after
//! `maxReceiveCount` receives. Differences worth knowing:
//! - durations are rounded up to whole seconds (SQS takes integers);
//! - one `receive` may return several messages of one group, in order; no
//!   further message of that group comes while any of them is in flight;
//! - a message that used up its receives moves to the DLQ on the next receive
//!   attempt, not at once;
//! - `depth` is SQS's approximate count;
//! - the SQS message group is the record's tenant lane, not the record's
//!   group (`lanes`: fairness between tenants); receivers still see the
//!   record's group.

mod attrs;
mod lanes;
mod setup;

pub use lanes::LANES_PER_FLOW;

use crate::error::{Error, Result};
use crate::queue::{Outgoing, Queue, Received};
use async_trait::async_trait;
use attrs::{Delivered, decode, dedupe_id, sdk_error, seconds};
use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::{MessageAttributeValue, MessageSystemAttributeName, QueueAttributeName};
use lanes::{GROUP_ATTRIBUTE, lane_of};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// SQS caps one receive and one batch send at ten messages.
const MAX_BATCH: usize = 10;
/// SQS caps a batch send at 256 KiB of bodies.
const MAX_BATCH_BYTES: usize = 256 * 1024;
/// SendMessageBatch calls in flight at once for messages of distinct groups.
const PARALLEL_CHUNKS: usize = 8;
/// SQS long polling waits at most twenty seconds per call.
const MAX_WAIT: Duration = Duration::from_secs(20);
/// SQS caps a visibility timeout at twelve hours.
const MAX_VISIBILITY: Duration = Duration::from_secs(12 * 60 * 60);

/// A FIFO queue and its DLQ, made by [`SqsQueue::create`]. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SqsQueue {
    client: Client,
    queue_url: Arc<str>,
    dlq_url: Arc<str>,
    /// Message groups per tenant and flow (`lanes`); 0: one per record.
    lanes: u32,
}

impl SqsQueue {
    /// A queue on existing URLs; `dlq_url` must be the redrive target of `queue_url`.
    pub fn new(client: Client, queue_url: impl Into<String>, dlq_url: impl Into<String>) -> Self {
        SqsQueue {
            client,
            queue_url: Arc::from(queue_url.into()),
            dlq_url: Arc::from(dlq_url.into()),
            lanes: LANES_PER_FLOW,
        }
    }

    /// Spreads each tenant's records of a flow over `lanes` message groups
    /// instead of `LANES_PER_FLOW` (0: a group per record, no cap per tenant).
    pub fn with_lanes_per_flow(mut self, lanes: u32) -> Self {
        self.lanes = lanes;
        self
    }

    /// The SQS message group of `group`'s messages.
    fn sqs_group(&self, group: &str) -> String {
        dedupe_id(&lane_of(group, self.lanes))
    }

    /// The work queue's URL.
    pub fn queue_url(&self) -> &str {
        &self.queue_url
    }

    /// The dead-letter queue's URL.
    pub fn dlq_url(&self) -> &str {
        &self.dlq_url
    }

    /// Copies `message` to the DLQ without deleting it: the Lambda worker lets
    /// the event source mapping delete it. Deduplicated by the message id, so
    /// a retry of this call sends it once.
    pub async fn send_to_dead_letters(&self, message: &Received) -> Result<()> {
        self.client
            .send_message()
            .queue_url(self.dlq_url())
            // `group` is the record's own group now (tenant lanes), which SQS
            // may refuse as a group id (length, alphabet): the same mapping
            // as a send, and the group itself in its attribute.
            .message_group_id(dedupe_id(&message.group))
            .message_attributes(GROUP_ATTRIBUTE, group_attribute(&message.group)?)
            .message_deduplication_id(dedupe_id(&message.message_id))
            .message_body(message.body.clone())
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    /// One SendMessageBatch call (one message: SendMessage); any entry
    /// SQS refused fails the whole call, to be sent again by the caller.
    async fn send_chunk(&self, batch: Vec<Outgoing>) -> Result<()> {
        if batch.len() <= 1 {
            return match batch.into_iter().next() {
                Some(message) => self.send(message).await,
                None => Ok(()),
            };
        }
        let entries = batch
            .into_iter()
            .enumerate()
            .map(|(n, message)| {
                aws_sdk_sqs::types::SendMessageBatchRequestEntry::builder()
                    .id(n.to_string())
                    .message_group_id(self.sqs_group(&message.group))
                    .message_attributes(GROUP_ATTRIBUTE, group_attribute(&message.group)?)
                    .message_deduplication_id(dedupe_id(&message.dedupe_id))
                    .message_body(message.body)
                    .build()
                    .map_err(|e| Error::Invalid(format!("batch entry: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let out = self
            .client
            .send_message_batch()
            .queue_url(self.queue_url())
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(sdk_error)?;
        match out.failed().first() {
            None => Ok(()),
            Some(failed) => Err(Error::Storage(format!(
                "sqs refused a batch entry: {} {}",
                failed.code(),
                failed.message().unwrap_or_default()
            ))),
        }
    }

    /// One ReceiveMessage call on `url`.
    async fn receive_once(
        &self,
        url: &str,
        max: usize,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<Delivered>> {
        let out = self
            .client
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(max.clamp(1, MAX_BATCH) as i32)
            .visibility_timeout(seconds(visibility.min(MAX_VISIBILITY)))
            .wait_time_seconds(seconds(wait.min(MAX_WAIT)))
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .message_system_attribute_names(MessageSystemAttributeName::MessageGroupId)
            .message_system_attribute_names(MessageSystemAttributeName::SentTimestamp)
            .message_attribute_names(GROUP_ATTRIBUTE)
            .send()
            .await
            .map_err(sdk_error)?;
        out.messages().iter().map(decode).collect()
    }
}

/// The record's own group, as a message attribute.
fn group_attribute(group: &str) -> Result<MessageAttributeValue> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(group)
        .build()
        .map_err(|e| Error::Invalid(format!("group attribute: {e}")))
}

#[async_trait]
impl Queue for SqsQueue {
    async fn send(&self, message: Outgoing) -> Result<()> {
        self.client
            .send_message()
            .queue_url(self.queue_url())
            .message_group_id(self.sqs_group(&message.group))
            .message_attributes(GROUP_ATTRIBUTE, group_attribute(&message.group)?)
            .message_deduplication_id(dedupe_id(&message.dedupe_id))
            .message_body(message.body)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    /// SendMessageBatch, ten messages and 256 KiB a call at most. When every
    /// message is of its own group (a feed of many records), up to
    /// `PARALLEL_CHUNKS` calls run at once, so a hook enqueueing a few
    /// thousand messages still answers in about a second; messages sharing a
    /// group are sent call after call, since FIFO order holds only between
    /// calls that do not overlap.
    async fn send_batch(&self, messages: Vec<Outgoing>) -> Result<()> {
        let mut groups = std::collections::HashSet::new();
        let distinct = messages.iter().all(|m| groups.insert(m.group.as_str()));
        let mut chunks: Vec<Vec<Outgoing>> = Vec::new();
        let mut batch: Vec<Outgoing> = Vec::new();
        let mut bytes = 0;
        for message in messages {
            if batch.len() == MAX_BATCH || bytes + message.body.len() > MAX_BATCH_BYTES {
                chunks.push(std::mem::take(&mut batch));
                bytes = 0;
            }
            bytes += message.body.len();
            batch.push(message);
        }
        chunks.push(batch);
        let wave = if distinct { PARALLEL_CHUNKS } else { 1 };
        let mut chunks = chunks.into_iter().peekable();
        while chunks.peek().is_some() {
            let calls = chunks.by_ref().take(wave).map(|c| self.send_chunk(c));
            futures_util::future::try_join_all(calls).await?;
        }
        Ok(())
    }

    async fn receive(
        &self,
        max: usize,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<Received>> {
        if max == 0 {
            return Ok(Vec::new());
        }
        // Waits longer than one long poll are served by polling again.
        let deadline = Instant::now() + wait;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            let got = self
                .receive_once(self.queue_url(), max, visibility, remaining)
                .await?;
            if !got.is_empty() || Instant::now() >= deadline {
                return Ok(got.into_iter().map(|d| d.received).collect());
            }
        }
    }

    async fn delete(&self, handle: &str) -> Result<()> {
        self.client
            .delete_message()
            .queue_url(self.queue_url())
            .receipt_handle(handle)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn retry_after(&self, handle: &str, delay: Duration) -> Result<()> {
        let changed = self
            .client
            .change_message_visibility()
            .queue_url(self.queue_url())
            .receipt_handle(handle)
            .visibility_timeout(seconds(delay.min(MAX_VISIBILITY)))
            .send()
            .await;
        match changed {
            Ok(_) => Ok(()),
            // Its visibility already ran out: it is visible now, which is sooner.
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_message_not_inflight()) =>
            {
                Ok(())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }

    /// SQS moves messages to the DLQ only after `maxReceiveCount` receives;
    /// a message known to be hopeless goes there now: sent to the DLQ, then deleted.
    async fn dead_letter(&self, message: &Received) -> Result<()> {
        self.send_to_dead_letters(message).await?;
        self.delete(&message.handle).await
    }

    /// A peek: at most ten (one SQS receive), visibility 0 leaves them in
    /// place. It cannot page: the DLQ is FIFO, so a receive shows one
    /// message per group at most, and hiding a page to read the next would
    /// hide those groups' later messages too. A complete reading deletes as
    /// it goes (the chaos soak's `soak/aws.rs`); merchants and operators
    /// read the store's record of every dead letter (`list_dead_letters`).
    async fn dead_letters(&self, max: usize) -> Result<Vec<Received>> {
        if max == 0 {
            return Ok(Vec::new());
        }
        let mut got = self
            .receive_once(self.dlq_url(), max, Duration::ZERO, Duration::ZERO)
            .await?;
        got.sort_by_key(|m| m.sent_ms);
        Ok(got.into_iter().map(|m| m.received).collect())
    }

    async fn depth(&self) -> Result<u64> {
        let out = self
            .client
            .get_queue_attributes()
            .queue_url(self.queue_url())
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
            .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesDelayed)
            .send()
            .await
            .map_err(sdk_error)?;
        let counts = out.attributes().into_iter().flat_map(|a| a.values());
        counts
            .map(|v| {
                v.parse::<u64>()
                    .map_err(|e| Error::Storage(format!("sqs depth {v:?}: {e}")))
            })
            .sum()
    }
}
