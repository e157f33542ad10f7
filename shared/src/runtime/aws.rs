//! Wiring shared by the Lambda functions: configuration from the environment
//! and the AWS adapters built from it, once per process.
//!
//! Endpoints, region and credentials come from `aws_config`'s defaults, so
//! `AWS_ENDPOINT_URL` points every client at a local endpoint (moto in the
//! tests) without any "if local" branch here.

pub mod batch;

use crate::error::{Error, Result};
use crate::queue::{Queue, SqsQueue};
use crate::store::{DynamoStore, SealedStore, Store};
use aws_config::BehaviorVersion;
use std::sync::Arc;

/// The DynamoDB table (`DynamoStore`'s schema).
pub const TABLE_NAME: &str = "TABLE_NAME";
/// The SQS FIFO work queue's URL.
pub const QUEUE_URL: &str = "QUEUE_URL";
/// The work queue's dead-letter queue URL.
pub const DLQ_URL: &str = "DLQ_URL";
/// The KMS key (id, ARN or alias) that seals tenants' secrets in the table.
pub const SECRETS_KEY_ID: &str = "SECRETS_KEY_ID";

/// What every function reads from its environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsEnv {
    pub table_name: String,
    pub queue_url: String,
    pub dlq_url: String,
    pub secrets_key_id: String,
}

impl AwsEnv {
    /// Reads the variables above; a missing one is an error that names it.
    pub fn from_env() -> Result<Self> {
        Ok(AwsEnv {
            table_name: required(TABLE_NAME)?,
            queue_url: required(QUEUE_URL)?,
            dlq_url: required(DLQ_URL)?,
            secrets_key_id: required(SECRETS_KEY_ID)?,
        })
    }
}

/// A non-empty environment variable.
pub fn required(name: &str) -> Result<String> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(Error::Invalid(format!(
            "environment variable {name} is not set"
        ))),
    }
}

/// The store and queue of one function. Cheap to clone.
#[derive(Clone)]
pub struct AwsRuntime {
    /// The table, with tenants' secrets sealed by KMS.
    pub store: Arc<dyn Store>,
    pub queue: Arc<SqsQueue>,
}

impl AwsRuntime {
    /// Reads the environment and builds the clients (call once, in `main`).
    pub async fn from_env() -> Result<Self> {
        let env = AwsEnv::from_env()?;
        let sdk = aws_config::defaults(BehaviorVersion::latest()).load().await;
        Ok(Self::build(&sdk, &env))
    }

    /// The adapters on an explicit SDK configuration.
    pub fn build(sdk: &aws_config::SdkConfig, env: &AwsEnv) -> Self {
        let table = DynamoStore::new(aws_sdk_dynamodb::Client::new(sdk), &env.table_name);
        let store = SealedStore::new(
            Arc::new(table),
            aws_sdk_kms::Client::new(sdk),
            &env.secrets_key_id,
        );
        let queue = SqsQueue::new(aws_sdk_sqs::Client::new(sdk), &env.queue_url, &env.dlq_url);
        AwsRuntime {
            store: Arc::new(store),
            queue: Arc::new(queue),
        }
    }

    /// The queue behind the `Queue` port (hooks and jobs only send).
    pub fn queue_port(&self) -> Arc<dyn Queue> {
        self.queue.clone()
    }
}
