//! The AWS backends, on the local endpoint that `infra/test.sh` starts (moto).
//! Every call makes new resources with unique names, so tests run in parallel.

use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::config::{Credentials, Region};
use std::sync::Arc;
use synclane::queue::{Queue, SqsQueue};
use synclane::store::{DynamoStore, Store};

/// Names the local AWS endpoint; `infra/test.sh` sets it.
pub const ENDPOINT_VAR: &str = "SYNCLANE_TEST_AWS_ENDPOINT";

/// The endpoint; a missing one fails the test rather than skipping it, so a
/// green run always means the AWS implementations were exercised.
pub fn endpoint() -> String {
    std::env::var(ENDPOINT_VAR).unwrap_or_else(|_| {
        panic!(
            "{ENDPOINT_VAR} is not set. The AWS conformance tests need a local AWS endpoint: \
             run them with `bash infra/test.sh` (it starts moto_server and sets {ENDPOINT_VAR}), \
             e.g. `bash infra/test.sh -p synclane-e2e store_conformance`."
        )
    })
}

/// SDK configuration for the local endpoint with static test credentials.
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "test",
            "test",
            None,
            None,
            "synclane-tests",
        ))
        .load()
        .await
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

/// A `DynamoStore` on a new table.
pub async fn dynamo_store() -> Store {
    let client = aws_sdk_dynamodb::Client::new(&sdk_config().await);
    let table = unique("synclane-test");
    DynamoStore::create_table(&client, &table)
        .await
        .expect("create the test table");
    // Creating it twice must be harmless: deployments and tests rely on it.
    DynamoStore::create_table(&client, &table)
        .await
        .expect("create_table is idempotent");
    Store::from_backend(DynamoStore::new(client, table))
}

/// An `SqsQueue` on a new FIFO queue and DLQ.
pub async fn sqs_queue(max_receives: u32) -> Arc<dyn Queue> {
    let client = aws_sdk_sqs::Client::new(&sdk_config().await);
    let name = unique("synclane");
    let queue = SqsQueue::create(client.clone(), &name, max_receives)
        .await
        .expect("create the test queue");
    let again = SqsQueue::create(client, &name, max_receives)
        .await
        .expect("SqsQueue::create is idempotent");
    assert_eq!(
        (queue.queue_url(), queue.dlq_url()),
        (again.queue_url(), again.dlq_url())
    );
    Arc::new(queue)
}

/// A store and a queue on new AWS resources (what the Lambda functions use).
pub async fn fresh_store_and_queue(max_receives: u32) -> (Store, Arc<dyn Queue>) {
    (dynamo_store().await, sqs_queue(max_receives).await)
}
