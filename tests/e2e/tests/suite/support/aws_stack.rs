//! What `template.yaml` deploys, made on moto for one test: the table, the
//! FIFO work queue with its DLQ, the KMS key that seals tenants' secrets,
//! the ICML export queue and catalogue bucket; plus the environment the
//! Lambda functions read.

use super::aws::{endpoint, sdk_config};
use aws_sdk_sqs::types::MessageSystemAttributeName;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use synclane::flows::icml::files::S3CatalogueFiles;
use synclane::queue::SqsQueue;
use synclane::store::{DynamoStore, SealedTenants, Store};

pub struct AwsStack {
    pub dynamo: aws_sdk_dynamodb::Client,
    pub sqs: aws_sdk_sqs::Client,
    pub table: String,
    pub queue: SqsQueue,
    pub key_id: String,
    /// The table through the sealing store, as the functions see it.
    pub store: Store,
    /// ICML export requests (the `icml-export` function's queue).
    pub export_queue: SqsQueue,
    pub s3: aws_sdk_s3::Client,
    pub bucket: String,
}

impl AwsStack {
    pub async fn create() -> AwsStack {
        let sdk = sdk_config().await;
        let dynamo = aws_sdk_dynamodb::Client::new(&sdk);
        let sqs = aws_sdk_sqs::Client::new(&sdk);
        let kms = aws_sdk_kms::Client::new(&sdk);
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let table = format!("synclane-lambda-{unique}");
        DynamoStore::create_table(&dynamo, &table).await.unwrap();
        let queue = SqsQueue::create(sqs.clone(), &format!("synclane-lambda-{unique}"), 5)
            .await
            .unwrap();
        let key = kms
            .create_key()
            .description("tenant secrets")
            .send()
            .await
            .unwrap();
        let key_id = key.key_metadata().unwrap().key_id().to_owned();
        let export_queue = SqsQueue::create(sqs.clone(), &format!("synclane-export-{unique}"), 3)
            .await
            .unwrap();
        let s3 = S3CatalogueFiles::client(&sdk);
        let bucket = format!("synclane-icml-{unique}");
        s3.create_bucket().bucket(&bucket).send().await.unwrap();
        let table_store = Store::from_backend(DynamoStore::new(dynamo.clone(), &table));
        let sealed = SealedTenants::new(table_store.tenants.clone(), kms, &key_id);
        let store = table_store.with_tenants(Arc::new(sealed));
        AwsStack {
            dynamo,
            sqs,
            table,
            queue,
            key_id,
            store,
            export_queue,
            s3,
            bucket,
        }
    }

    /// The environment `template.yaml` gives every function, on moto.
    pub fn function_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", endpoint()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID", "test".into()),
            ("AWS_SECRET_ACCESS_KEY", "test".into()),
            ("TABLE_NAME", self.table.clone()),
            ("QUEUE_URL", self.queue.queue_url().into()),
            ("DLQ_URL", self.queue.dlq_url().into()),
            ("SECRETS_KEY_ID", self.key_id.clone()),
            ("EXPORT_QUEUE_URL", self.export_queue.queue_url().into()),
            ("ICML_BUCKET", self.bucket.clone()),
            // The admin function accepts the ICML tests' token.
            (
                "ADMIN_TOKEN_SHA256",
                hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                    crate::icml_export::TOKEN,
                )),
            ),
            ("RUST_LOG", "info".into()),
        ]
    }

    /// The admin API's view of ICML exports on this stack.
    pub fn exports(&self) -> synclane::admin::Exports {
        synclane::admin::Exports {
            queue: Arc::new(self.export_queue.clone()),
            files: Arc::new(S3CatalogueFiles::new(self.s3.clone(), &self.bucket)),
        }
    }

    /// The admin API's peers and work queue (this stack's queue, every flow).
    pub fn admin_sync(&self) -> synclane::admin::AdminSync {
        synclane::admin::AdminSync {
            peers: synclane::peers::Peers::local(synclane::peers::http_client()),
            queue: Arc::new(self.queue.clone()),
            registry: Arc::new(synclane::runtime::registry::registry(None)),
        }
    }

    /// Receives until `n` messages of `url` are in hand (or 20 s pass), as
    /// SQS records of a Lambda event (`Records[]`).
    pub async fn receive_records(&self, url: &str, n: usize) -> Vec<Value> {
        let mut records = Vec::new();
        let started = Instant::now();
        while records.len() < n && started.elapsed() < Duration::from_secs(20) {
            records.extend(self.receive_once(url, 30).await);
        }
        assert_eq!(records.len(), n, "messages on {url}: {records:#?}");
        records
    }

    /// Receives until every message in `ids` was seen (the latest delivery
    /// of each is kept), returned in the order of `ids` (moto's
    /// SequenceNumber is random, so the send order is the caller's to give).
    /// Short visibility, because
    /// moto redelivers a group's messages that turn visible together one at
    /// a time, keeping the group blocked by the other meanwhile.
    pub async fn receive_ids(&self, url: &str, ids: &[String], within: Duration) -> Vec<Value> {
        let mut latest = std::collections::BTreeMap::new();
        let started = Instant::now();
        while latest.len() < ids.len() && started.elapsed() < within {
            for record in self.receive_once(url, 1).await {
                let id = record["messageId"].as_str().unwrap().to_owned();
                if ids.contains(&id) {
                    latest.insert(id, record);
                }
            }
        }
        assert_eq!(latest.len(), ids.len(), "within {within:?}: {latest:#?}");
        ids.iter().map(|id| latest.remove(id).unwrap()).collect()
    }

    async fn receive_once(&self, url: &str, visibility_secs: i32) -> Vec<Value> {
        let out = self
            .sqs
            .receive_message()
            .queue_url(url)
            .max_number_of_messages(10)
            .wait_time_seconds(1)
            .visibility_timeout(visibility_secs)
            .message_system_attribute_names(MessageSystemAttributeName::All)
            .message_attribute_names("All")
            .send()
            .await
            .unwrap();
        let mut records = Vec::new();
        {
            for message in out.messages() {
                let attributes: serde_json::Map<String, Value> = message
                    .attributes()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.as_str().to_owned(), Value::from(v.as_str())))
                    .collect();
                // As Lambda passes them (the record's group rides in one).
                let message_attributes: serde_json::Map<String, Value> = message
                    .message_attributes()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| {
                        let value = json!({
                            "stringValue": v.string_value(),
                            "stringListValues": [],
                            "binaryListValues": [],
                            "dataType": v.data_type(),
                        });
                        (k.clone(), value)
                    })
                    .collect();
                records.push(json!({
                    "messageId": message.message_id(),
                    "receiptHandle": message.receipt_handle(),
                    "body": message.body(),
                    "attributes": attributes,
                    "messageAttributes": message_attributes,
                    "md5OfBody": message.md5_of_body(),
                    "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:work.fifo",
                    "awsRegion": "us-east-1",
                }));
            }
        }
        records
    }

    /// What Lambda does after an invocation: deletes every record that the
    /// answer did not name in `batchItemFailures`.
    pub async fn acknowledge(&self, records: &[Value], answer: &Value) {
        self.acknowledge_on(self.queue.queue_url(), records, answer)
            .await;
    }

    /// `acknowledge` for records received from the queue at `url`.
    pub async fn acknowledge_on(&self, url: &str, records: &[Value], answer: &Value) {
        let failed = failure_ids(answer);
        for record in records {
            if !failed.contains(&record["messageId"].as_str().unwrap().to_owned()) {
                self.sqs
                    .delete_message()
                    .queue_url(url)
                    .receipt_handle(record["receiptHandle"].as_str().unwrap())
                    .send()
                    .await
                    .unwrap();
            }
        }
    }
}

/// The ids an SQS batch answer reports as failed.
pub fn failure_ids(answer: &Value) -> Vec<String> {
    answer["batchItemFailures"]
        .as_array()
        .unwrap_or_else(|| panic!("not a batch answer: {answer}"))
        .iter()
        .map(|f| f["itemIdentifier"].as_str().unwrap().to_owned())
        .collect()
}
