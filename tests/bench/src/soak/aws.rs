//! The soak on the AWS backend: a table, a FIFO work queue with its DLQ and
//! a KMS key made on moto for one pass, as `template.yaml` deploys them;
//! the worker processes run outside Lambda on them (`[aws]` in the config).

use super::serve::AwsNames;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::config::{Credentials, Region};
use synclane::queue::{Queue, SqsQueue};
use synclane::store::DynamoStore;

/// Receives before SQS's redrive moves a message to the DLQ: the backstop
/// only. SQS counts every receive, and a worker killed mid-message charges
/// one it never settled, so the worker counts failed attempts in the store
/// and dead-letters on the last itself (`worker::settle_result`). With a
/// kill every 1–3 s a message with several peer calls can see many
/// receives without a single failure: the backstop allows for them.
pub const MAX_RECEIVES: u32 = 50;

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

/// The DLQ's messages: body and receive count.
pub async fn dead_letters(names: &AwsNames) -> anyhow::Result<Vec<(String, u32)>> {
    let dead = queue(names).await.dead_letters(1000).await?;
    Ok(dead
        .into_iter()
        .map(|m| (m.body, m.receive_count))
        .collect())
}
