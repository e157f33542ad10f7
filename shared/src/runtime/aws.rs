//! Wiring shared by the Lambda functions: configuration from the environment
//! and the AWS adapters built from it, once per process.
//!
//! Endpoints, region and credentials come from `aws_config`'s defaults, so
//! `AWS_ENDPOINT_URL` points every client at a local endpoint (moto in the
//! tests) without any "if local" branch here.

pub mod batch;

use super::registry::registry;
use crate::admin::Exports;
use crate::error::Result;
use crate::flows::Registry;
use crate::flows::icml::files::{CatalogueFiles, S3CatalogueFiles};
use crate::flows::schedule::JobContext;
use crate::hooks::AppState;
use crate::peers::{Peers, http_client};
use crate::queue::{Queue, SqsQueue};
use crate::store::{DynamoStore, SealedTenants, Store};
use crate::worker::Worker;
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
/// The SQS FIFO queue of ICML export requests (admin sends, `icml-export` reads).
pub const EXPORT_QUEUE_URL: &str = "EXPORT_QUEUE_URL";
/// The work queue's redrive `maxReceiveCount` (optional).
pub const MAX_RECEIVES: &str = "MAX_RECEIVES";
/// Failed attempts before the worker dead-letters a message (optional;
/// `DEFAULT_MAX_FAILED_ATTEMPTS`).
pub const MAX_FAILED_ATTEMPTS: &str = "MAX_FAILED_ATTEMPTS";
/// As the local runtime's `max_receives` default.
pub const DEFAULT_MAX_FAILED_ATTEMPTS: u32 = 5;
/// The S3 bucket ICML catalogues are published to.
pub const ICML_BUCKET: &str = "ICML_BUCKET";

/// What every function reads from its environment (and a local process
/// running on AWS services reads from its config's `[aws]` table).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
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

pub use crate::env::required;

/// The store and queue of one function. Cheap to clone.
#[derive(Clone)]
pub struct AwsRuntime {
    /// The table, with tenants' secrets sealed by KMS.
    pub store: Store,
    pub queue: Arc<SqsQueue>,
    sdk: aws_config::SdkConfig,
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
        let table = Store::from_backend(DynamoStore::new(
            aws_sdk_dynamodb::Client::new(sdk),
            &env.table_name,
        ));
        let sealed = SealedTenants::new(
            table.tenants.clone(),
            aws_sdk_kms::Client::new(sdk),
            &env.secrets_key_id,
        );
        let queue = SqsQueue::new(aws_sdk_sqs::Client::new(sdk), &env.queue_url, &env.dlq_url);
        AwsRuntime {
            store: table.with_tenants(Arc::new(sealed)),
            queue: Arc::new(queue),
            sdk: sdk.clone(),
        }
    }

    /// The queue behind the `Queue` port (hooks and jobs only send).
    pub fn queue_port(&self) -> Arc<dyn Queue> {
        self.queue.clone()
    }

    /// Peer clients whose rate budgets live in the table, so that every
    /// function and container of a tenant shares them.
    pub fn peers(&self) -> Peers {
        Peers::shared(http_client(), self.store.clone())
    }

    /// Every flow (the ICML one publishing where `catalogue_files` says).
    pub fn registry(&self) -> Arc<Registry> {
        Arc::new(registry(self.catalogue_files()))
    }

    /// What the hooks need.
    pub fn hooks(&self) -> AppState {
        AppState {
            store: self.store.clone(),
            queue: self.queue_port(),
            registry: self.registry(),
        }
    }

    /// The worker of the `worker` and `icml-export` functions.
    pub fn worker(&self) -> Worker {
        let worker = Worker::new(
            self.store.clone(),
            self.peers(),
            self.registry(),
            self.queue_port(),
        );
        // SQS counts every receive: the worker counts the failed attempts
        // in the table and dead-letters on the last (`worker::settle_result`).
        let attempts = env_number(MAX_FAILED_ATTEMPTS).unwrap_or(DEFAULT_MAX_FAILED_ATTEMPTS);
        let worker = worker.with_max_attempts(attempts);
        // The work queue's redrive `maxReceiveCount` (the template's
        // `MaxReceiveCount`), the backstop: the worker records a message
        // failing on that receive as a dead letter.
        match env_number(MAX_RECEIVES) {
            Some(max) => worker.with_max_receives(max),
            None => worker,
        }
    }

    /// What a scheduled job needs (its deadline is set per invocation).
    pub fn job_context(&self) -> JobContext {
        JobContext {
            store: self.store.clone(),
            queue: self.queue_port(),
            peers: self.peers(),
            registry: self.registry(),
            deadline: tokio::time::Instant::now(),
        }
    }

    /// The bucket an exporting worker publishes catalogues to, when
    /// `ICML_BUCKET` is set (only the `icml-export` function has it).
    pub fn catalogue_files(&self) -> Option<Arc<dyn CatalogueFiles>> {
        let bucket = required(ICML_BUCKET).ok()?;
        Some(Arc::new(S3CatalogueFiles::new(
            S3CatalogueFiles::client(&self.sdk),
            bucket,
        )))
    }

    /// The admin API's side of ICML exports: it queues requests on
    /// `EXPORT_QUEUE_URL` and hands out catalogues of `ICML_BUCKET`.
    pub fn exports(&self) -> Result<Exports> {
        // The admin only sends: the export queue's DLQ is the export function's business.
        let queue = SqsQueue::new(
            aws_sdk_sqs::Client::new(&self.sdk),
            required(EXPORT_QUEUE_URL)?,
            String::new(),
        );
        let bucket = required(ICML_BUCKET)?;
        Ok(Exports {
            queue: Arc::new(queue),
            files: Arc::new(S3CatalogueFiles::new(
                S3CatalogueFiles::client(&self.sdk),
                bucket,
            )),
        })
    }
}

fn env_number(name: &str) -> Option<u32> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}
