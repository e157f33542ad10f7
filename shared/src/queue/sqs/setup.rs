//! Creates the FIFO work queue and its DLQ. CreateQueue with identical
//! attributes returns the existing queue, so this is safe to repeat.

use super::SqsQueue;
use super::attrs::sdk_error;
use crate::error::{Error, Result};
use aws_sdk_sqs::Client;
use aws_sdk_sqs::types::QueueAttributeName;

/// Dead letters are kept for SQS's maximum, fourteen days, to be replayed.
const DLQ_RETENTION_SECONDS: &str = "1209600";

impl SqsQueue {
    /// Creates (or finds) `{name}-dlq.fifo` and `{name}.fifo`, the latter
    /// redriving to the former after `max_receives` receives.
    ///
    /// `name`: letters, digits, `-`, `_`, at most 71 characters.
    pub async fn create(client: Client, name: &str, max_receives: u32) -> Result<SqsQueue> {
        let valid = (1..=71).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid || max_receives == 0 {
            return Err(Error::Invalid(format!(
                "queue name {name:?} / max_receives {max_receives}"
            )));
        }
        let dlq_url = create_fifo(
            &client,
            &format!("{name}-dlq.fifo"),
            &[(
                QueueAttributeName::MessageRetentionPeriod,
                DLQ_RETENTION_SECONDS.to_owned(),
            )],
        )
        .await?;
        let dlq_arn = client
            .get_queue_attributes()
            .queue_url(&dlq_url)
            .attribute_names(QueueAttributeName::QueueArn)
            .send()
            .await
            .map_err(sdk_error)?
            .attributes()
            .and_then(|a| a.get(&QueueAttributeName::QueueArn))
            .cloned()
            .ok_or_else(|| Error::Storage(format!("sqs: no QueueArn for {dlq_url}")))?;
        let redrive =
            serde_json::json!({ "deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receives });
        let queue_url = create_fifo(
            &client,
            &format!("{name}.fifo"),
            &[(QueueAttributeName::RedrivePolicy, redrive.to_string())],
        )
        .await?;
        Ok(SqsQueue::new(client, queue_url, dlq_url))
    }
}

/// A FIFO queue with explicit deduplication ids (no content-based dedupe:
/// two equal bodies may be two different events).
async fn create_fifo(
    client: &Client,
    name: &str,
    extra: &[(QueueAttributeName, String)],
) -> Result<String> {
    let mut create = client
        .create_queue()
        .queue_name(name)
        .attributes(QueueAttributeName::FifoQueue, "true")
        .attributes(QueueAttributeName::ContentBasedDeduplication, "false");
    for (attribute, value) in extra {
        create = create.attributes(attribute.clone(), value);
    }
    let out = create.send().await.map_err(sdk_error)?;
    out.queue_url()
        .map(str::to_owned)
        .ok_or_else(|| Error::Storage(format!("sqs: no QueueUrl for {name}")))
}
