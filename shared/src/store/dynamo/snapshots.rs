//! Snapshots: the last value pushed per key, in a partition of their own per
//! tenant and snapshot (`pk = T#{tenant}#S#{name}`, `sk = key`, `v`), read
//! with BatchGetItem (100 keys a call) and written with BatchWriteItem (25).

use super::DynamoStore;
use super::attrs::{Item, get_s, s, sdk_error};
use super::schema::snapshot_pk;
use crate::error::{Error, Result};
use crate::model::TenantId;
use aws_sdk_dynamodb::types::{KeysAndAttributes, PutRequest, WriteRequest};
use std::collections::HashMap;
use std::time::Duration;

const GET_BATCH: usize = 100;
const WRITE_BATCH: usize = 25;
/// Rounds of unprocessed leftovers before giving up (DynamoDB throttling).
const MAX_ROUNDS: u32 = 8;

#[async_trait::async_trait]
impl crate::store::Snapshots for DynamoStore {
    async fn get_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        keys: &[String],
    ) -> Result<HashMap<String, String>> {
        let pk = snapshot_pk(tenant, snapshot);
        let mut found = HashMap::with_capacity(keys.len());
        let mut unique: Vec<&String> = keys.iter().collect();
        unique.sort();
        unique.dedup();
        for chunk in unique.chunks(GET_BATCH) {
            let mut wanted = KeysAndAttributes::builder().consistent_read(true);
            for key in chunk {
                wanted = wanted.keys(Item::from([
                    ("pk".to_owned(), s(&pk)),
                    ("sk".to_owned(), s(key.as_str())),
                ]));
            }
            let mut request = HashMap::from([(
                self.table().to_owned(),
                wanted.build().map_err(Error::storage)?,
            )]);
            for round in 0.. {
                let out = self
                    .client
                    .batch_get_item()
                    .set_request_items(Some(request))
                    .send()
                    .await
                    .map_err(sdk_error)?;
                for item in out
                    .responses()
                    .and_then(|r| r.get(self.table()))
                    .into_iter()
                    .flatten()
                {
                    found.insert(get_s(item, "sk")?.to_owned(), get_s(item, "v")?.to_owned());
                }
                match out.unprocessed_keys().filter(|u| !u.is_empty()) {
                    Some(left) if round < MAX_ROUNDS => {
                        request = left.clone();
                        backoff(round).await;
                    }
                    Some(_) => {
                        return Err(Error::Storage("dynamodb: batch get kept throttling".into()));
                    }
                    None => break,
                }
            }
        }
        Ok(found)
    }

    async fn put_snapshots(
        &self,
        tenant: &TenantId,
        snapshot: &str,
        entries: &[(String, String)],
    ) -> Result<()> {
        let pk = snapshot_pk(tenant, snapshot);
        // A batch may not name one key twice: the last value wins, as in a loop of puts.
        let mut last: HashMap<&str, &str> = HashMap::with_capacity(entries.len());
        for (k, v) in entries {
            last.insert(k, v);
        }
        let all: Vec<(&str, &str)> = last.into_iter().collect();
        for chunk in all.chunks(WRITE_BATCH) {
            let mut writes = Vec::with_capacity(chunk.len());
            for (k, v) in chunk {
                let put = PutRequest::builder()
                    .item("pk", s(&pk))
                    .item("sk", s(*k))
                    .item("v", s(*v))
                    .build()
                    .map_err(Error::storage)?;
                writes.push(WriteRequest::builder().put_request(put).build());
            }
            let mut request = HashMap::from([(self.table().to_owned(), writes)]);
            for round in 0.. {
                let out = self
                    .client
                    .batch_write_item()
                    .set_request_items(Some(request))
                    .send()
                    .await
                    .map_err(sdk_error)?;
                match out
                    .unprocessed_items()
                    .filter(|u| u.values().any(|v| !v.is_empty()))
                {
                    Some(left) if round < MAX_ROUNDS => {
                        request = left.clone();
                        backoff(round).await;
                    }
                    Some(_) => {
                        return Err(Error::Storage(
                            "dynamodb: batch write kept throttling".into(),
                        ));
                    }
                    None => break,
                }
            }
        }
        Ok(())
    }
}

async fn backoff(round: u32) {
    tokio::time::sleep(Duration::from_millis(50u64 << round.min(6))).await;
}
