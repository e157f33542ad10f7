//! Journal entries: sorted by time inside the tenant's partition, read newest
//! first, hidden once expired even before DynamoDB's TTL reaper removes them.

use super::DynamoStore;
use super::attrs::{expiry, get_json, is_expired, json, s, sdk_error};
use super::schema::{journal_sk, tenant_pk};
use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::store::JournalEntry;
use std::time::Duration;

/// Read this many items per page at most: a page is also capped at 1 MB.
const PAGE: i32 = 100;

#[async_trait::async_trait]
impl crate::store::Journal for DynamoStore {
    async fn append_journal(
        &self,
        tenant: &TenantId,
        entry: &JournalEntry,
        ttl: Duration,
    ) -> Result<()> {
        let mut put = self
            .client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(tenant)))
            // The uuid keeps two entries of the same millisecond apart.
            .item("sk", s(journal_sk(entry.at_ms, &uuid::Uuid::new_v4())))
            .item("data", json(entry)?);
        for (name, value) in expiry(now_ms(), ttl) {
            put = put.item(name, value);
        }
        put.send().await.map_err(sdk_error)?;
        Ok(())
    }

    async fn list_journal(&self, tenant: &TenantId, limit: usize) -> Result<Vec<JournalEntry>> {
        let mut entries = Vec::new();
        if limit == 0 {
            return Ok(entries);
        }
        let now = now_ms();
        // Expired entries are skipped here rather than with a filter expression
        // so that one `is_expired` rule serves every reader.
        let mut pages = self
            .client
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk AND begins_with(sk, :j)")
            .expression_attribute_values(":pk", s(tenant_pk(tenant)))
            .expression_attribute_values(":j", s("J#"))
            .scan_index_forward(false)
            .consistent_read(true)
            .limit(PAGE.min(i32::try_from(limit).unwrap_or(PAGE)))
            .into_paginator()
            .items()
            .send();
        while let Some(item) = pages.next().await {
            let item = item.map_err(sdk_error)?;
            if is_expired(&item, now) {
                continue;
            }
            entries.push(get_json(&item, "data")?);
            if entries.len() == limit {
                break;
            }
        }
        Ok(entries)
    }
}
