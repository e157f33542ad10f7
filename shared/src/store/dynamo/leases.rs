//! Leases: one holder at a time, taken with a conditional put that also wins
//! over an expired lease (the TTL reaper may leave it in the table for days).

use super::DynamoStore;
use super::attrs::{expiry, n, s, sdk_error};
use super::conditional::{Written, conditional_put};
use super::schema::{lease_sk, tenant_pk};
use crate::clock::now_ms;
use crate::error::Result;
use crate::model::TenantId;
use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use std::time::Duration;

#[async_trait::async_trait]
impl crate::store::Leases for DynamoStore {
    async fn try_acquire_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        let now = now_ms();
        let mut put = self
            .client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(tenant)))
            .item("sk", s(lease_sk(name)))
            .item("owner", s(owner))
            .condition_expression(
                "attribute_not_exists(pk) OR expires_ms <= :now OR #owner = :owner",
            )
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_values(":now", n(now))
            .expression_attribute_values(":owner", s(owner));
        for (attr, value) in expiry(now, ttl) {
            put = put.item(attr, value);
        }
        Ok(matches!(conditional_put(put).await?, Written::Done))
    }

    async fn renew_lease(
        &self,
        tenant: &TenantId,
        name: &str,
        owner: &str,
        ttl: Duration,
    ) -> Result<bool> {
        let [(_, at), (_, ms)] = expiry(now_ms(), ttl);
        let sent = self
            .client
            .update_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(lease_sk(name)))
            .update_expression("SET expires_at = :at, expires_ms = :ms")
            .condition_expression("#owner = :owner")
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_values(":owner", s(owner))
            .expression_attribute_values(":at", at)
            .expression_attribute_values(":ms", ms)
            .send()
            .await;
        match sent {
            Ok(_) => Ok(true),
            // Renewing is idempotent, so an SDK retry after a landed write succeeds again.
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(UpdateItemError::ConditionalCheckFailedException(_))
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(sdk_error(e)),
        }
    }

    async fn release_lease(&self, tenant: &TenantId, name: &str, owner: &str) -> Result<()> {
        let sent = self
            .client
            .delete_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(lease_sk(name)))
            .condition_expression("#owner = :owner")
            .expression_attribute_names("#owner", "owner")
            .expression_attribute_values(":owner", s(owner))
            .send()
            .await;
        match sent {
            Ok(_) => Ok(()),
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(DeleteItemError::ConditionalCheckFailedException(_))
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }
}
