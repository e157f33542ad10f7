//! Idempotency keys: a conditional put that also wins over an expired key,
//! because DynamoDB's TTL reaper may leave it in the table for days.

use super::DynamoStore;
use super::attrs::{expiry, is_expired, n, s, sdk_error};
use super::conditional::{Written, conditional_put};
use super::schema::{idempotency_sk, tenant_pk};
use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use crate::store::PutOutcome;
use std::time::Duration;

#[async_trait::async_trait]
impl crate::store::Idempotency for DynamoStore {
    async fn claim_idempotency_key(
        &self,
        tenant: &TenantId,
        key: &str,
        ttl: Duration,
    ) -> Result<PutOutcome<()>> {
        let now = now_ms();
        let mut put = self
            .client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(tenant)))
            .item("sk", s(idempotency_sk(key)))
            .condition_expression("attribute_not_exists(pk) OR expires_ms <= :now")
            .expression_attribute_values(":now", n(now));
        for (name, value) in expiry(now, ttl) {
            put = put.item(name, value);
        }
        Ok(match conditional_put(put).await? {
            Written::Done => PutOutcome::Created,
            Written::Lost(_) => PutOutcome::Exists(()),
        })
    }

    async fn has_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<bool> {
        let out = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(idempotency_sk(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(out.item().is_some_and(|item| !is_expired(item, now_ms())))
    }

    async fn release_idempotency_key(&self, tenant: &TenantId, key: &str) -> Result<()> {
        self.client
            .delete_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(idempotency_sk(key)))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}
