//! The soak on the AWS backend: a table, a FIFO work queue with its DLQ and
//! a KMS key made on moto for one pass, as `template.yaml` deploys them;
//! the worker processes run outside Lambda on them (`[aws]` in the config).

use super::serve::AwsNames;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::config::{Credentials, Region};
use aws_sdk_sqs::types::MessageSystemAttributeName;
use synclane::queue::{Queue, SqsQueue};
use synclane::store::DynamoStore;

/// Receives before SQS's redrive moves a message to the DLQ: the backstop
/// only, at SQS's maximum. SQS counts every receive, and a worker killed
/// mid-message charges one it never settled, so the worker counts failed
/// attempts in the store and dead-letters on the last itself
/// (`worker::settle_result`): that is what the soak checks. The soak's
/// kills are not the message's doing: every kill charges all 8 messages in
/// flight, so a long chaos drain charges each message far more than any
/// redrive count below this (a CI run on a loaded machine: 451 kills, each
/// of ~60 messages charged ~60 receives, 50 was the limit then). A message
/// that really waits for ever shows as a pass that does not drain.
pub const MAX_RECEIVES: u32 = 1000;

async fn sdk(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "soak"))
        .load()
        .await
}

/// New resources named after `name`.
pub async fn create(endpoint: &str, name: &str) -> anyhow::Result<AwsNames> {
    let sdk = sdk(endpoint).await;
    let unique = format!("{name}-{}", uuid::Uuid::new_v4().simple());
    let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
    DynamoStore::create_table(&dynamo, &unique).await?;
    let queue = SqsQueue::create(aws_sdk_sqs::Client::new(&sdk), &unique, MAX_RECEIVES).await?;
    let key = aws_sdk_kms::Client::new(&sdk)
        .create_key()
        .description("soak tenant secrets")
        .send()
        .await?;
    let key_id = key
        .key_metadata()
        .map(|m| m.key_id().to_owned())
        .ok_or_else(|| anyhow::anyhow!("KMS made no key"))?;
    Ok(AwsNames {
        table_name: unique,
        queue_url: queue.queue_url().to_owned(),
        dlq_url: queue.dlq_url().to_owned(),
        secrets_key_id: key_id,
        endpoint: endpoint.to_owned(),
    })
}

async fn queue(names: &AwsNames) -> SqsQueue {
    let sdk = sdk(&names.endpoint).await;
    SqsQueue::new(
        aws_sdk_sqs::Client::new(&sdk),
        &names.queue_url,
        &names.dlq_url,
    )
}

/// Messages waiting or in flight.
pub async fn depth(names: &AwsNames) -> anyhow::Result<u64> {
    Ok(queue(names).await.depth().await?)
}

/// Every DLQ message: body and receive count, read once the pass is over
/// and deleted as read. A receive returns ten at most, and a FIFO queue
/// holds back a group's later messages while one is in flight, so a page
/// must be gone before the next can be reached (`Queue::dead_letters`
/// leaves them in place and so sees ten at most).
pub async fn dead_letters(names: &AwsNames) -> anyhow::Result<Vec<(String, u32)>> {
    let sqs = aws_sdk_sqs::Client::new(&sdk(&names.endpoint).await);
    let mut dead = Vec::new();
    loop {
        let page = sqs
            .receive_message()
            .queue_url(&names.dlq_url)
            .max_number_of_messages(10)
            .visibility_timeout(300)
            .wait_time_seconds(1)
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send()
            .await?;
        if page.messages().is_empty() {
            return Ok(dead);
        }
        for message in page.messages() {
            let receives = message
                .attributes()
                .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            dead.push((message.body().unwrap_or_default().to_owned(), receives));
            sqs.delete_message()
                .queue_url(&names.dlq_url)
                .receipt_handle(message.receipt_handle().unwrap_or_default())
                .send()
                .await?;
        }
    }
}
