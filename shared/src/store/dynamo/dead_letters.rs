//! Dead-letter records: one item per tenant and message id in the tenant's
//! partition; a removal returns the old item, so of two racing removals
//! only one sees it.

use super::DynamoStore;
use super::attrs::{Item, get_json, json, n, s, sdk_error};
use super::schema::{dead_letter_sk, tenant_pk};
use crate::error::Result;
use crate::model::TenantId;
use crate::store::{DeadLetter, DeadLetters};
use aws_sdk_dynamodb::types::ReturnValue;

#[async_trait::async_trait]
impl DeadLetters for DynamoStore {
    async fn put_dead_letter(&self, tenant: &TenantId, letter: &DeadLetter) -> Result<()> {
        self.client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(tenant)))
            .item("sk", s(dead_letter_sk(&letter.id)))
            .item("at_ms", n(letter.at_ms))
            .item("data", json(letter)?)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn list_dead_letters(&self, tenant: &TenantId, limit: usize) -> Result<Vec<DeadLetter>> {
        let mut letters = Vec::new();
        let mut start: Option<Item> = None;
        loop {
            let page = self
                .client
                .query()
                .table_name(self.table())
                .key_condition_expression("pk = :pk AND begins_with(sk, :d)")
                .expression_attribute_values(":pk", s(tenant_pk(tenant)))
                .expression_attribute_values(":d", s(dead_letter_sk("")))
                .consistent_read(true)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(sdk_error)?;
            for item in page.items() {
                letters.push(get_json::<DeadLetter>(item, "data")?);
            }
            match page.last_evaluated_key() {
                Some(key) if !key.is_empty() => start = Some(key.clone()),
                _ => break,
            }
        }
        // Keyed by message id, which is not time-ordered on SQS.
        letters.sort_by(|a, b| (a.at_ms, &a.id).cmp(&(b.at_ms, &b.id)));
        letters.truncate(limit);
        Ok(letters)
    }

    async fn get_dead_letter(&self, tenant: &TenantId, id: &str) -> Result<Option<DeadLetter>> {
        let out = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(dead_letter_sk(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        out.item().map(|item| get_json(item, "data")).transpose()
    }

    async fn remove_dead_letter(&self, tenant: &TenantId, id: &str) -> Result<bool> {
        let out = self
            .client
            .delete_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(dead_letter_sk(id)))
            .return_values(ReturnValue::AllOld)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(out.attributes().is_some_and(|a| !a.is_empty()))
    }
}
