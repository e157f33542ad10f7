//! Tenant accounts and API keys. Both live in the tenant's partition (see
//! the schema table in `store::dynamo`), so a key is read, listed and
//! revoked with strongly consistent operations; accounts also sit in the
//! `ACCOUNTS` partition of `gsi1` for listing.

use super::DynamoStore;
use super::attrs::{Item, get_n, get_s, n, s, sdk_error};
use super::conditional::{Written, conditional_put};
use super::schema::{ACCOUNT, ACCOUNTS, GSI1, KEY_PREFIX, key_sk, tenant_pk};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Account, Accounts, PutOutcome, StoredKey};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem};

fn stored_tenant(raw: &str) -> Result<TenantId> {
    TenantId::parse(raw)
        .ok_or_else(|| Error::Storage(format!("stored tenant id {raw:?} is invalid")))
}

fn account(item: &Item) -> Result<Account> {
    Ok(Account {
        tenant: stored_tenant(get_s(item, "gsi1sk")?)?,
        created_ms: get_n(item, "created_ms")?,
        disabled: matches!(item.get("disabled"), Some(AttributeValue::Bool(true))),
    })
}

fn key(tenant: &TenantId, item: &Item) -> Result<StoredKey> {
    let sk = get_s(item, "sk")?;
    Ok(StoredKey {
        tenant: tenant.clone(),
        id: sk.strip_prefix(KEY_PREFIX).unwrap_or(sk).to_owned(),
        label: get_s(item, "label")?.to_owned(),
        created_ms: get_n(item, "created_ms")?,
        last_used_ms: get_n(item, "last_used_ms").ok(),
        sha256: get_s(item, "sha256")?.to_owned(),
    })
}

fn build<T, E: std::fmt::Display>(built: std::result::Result<T, E>) -> Result<T> {
    built.map_err(|e| Error::Storage(format!("dynamodb request: {e}")))
}

#[async_trait::async_trait]
impl Accounts for DynamoStore {
    async fn create_account(&self, new: &Account) -> Result<PutOutcome<Account>> {
        let put = self
            .client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(&new.tenant)))
            .item("sk", s(ACCOUNT))
            .item("gsi1pk", s(ACCOUNTS))
            .item("gsi1sk", s(new.tenant.as_str()))
            .item("created_ms", n(new.created_ms))
            .item("disabled", AttributeValue::Bool(new.disabled))
            .condition_expression("attribute_not_exists(pk)");
        match conditional_put(put).await? {
            Written::Done => Ok(PutOutcome::Created),
            Written::Lost(Some(item)) => Ok(PutOutcome::Exists(account(&item)?)),
            Written::Lost(None) => {
                Err(Error::Storage("account condition failed on no item".into()))
            }
        }
    }

    async fn get_account(&self, tenant: &TenantId) -> Result<Option<Account>> {
        let got = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(ACCOUNT))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        got.item().map(account).transpose()
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        let items: Vec<Item> = self
            .client
            .query()
            .table_name(self.table())
            .index_name(GSI1)
            .key_condition_expression("gsi1pk = :a")
            .expression_attribute_values(":a", s(ACCOUNTS))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(sdk_error)?;
        items.iter().map(account).collect()
    }

    async fn disable_account(&self, tenant: &TenantId) -> Result<bool> {
        let sent = self
            .client
            .update_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(ACCOUNT))
            .update_expression("SET disabled = :t")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":t", AttributeValue::Bool(true))
            .send()
            .await;
        match sent {
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(UpdateItemError::ConditionalCheckFailedException(_))
                ) =>
            {
                return Ok(false);
            }
            Err(e) => return Err(sdk_error(e)),
        }
        // No key can be added from now on (`put_key` checks the flag in its
        // transaction), so one consistent pass deletes them all.
        for key in self.list_keys(tenant).await? {
            self.revoke_key(tenant, &key.id).await?;
        }
        Ok(true)
    }

    async fn put_key(&self, key: &StoredKey) -> Result<bool> {
        let pk = s(tenant_pk(&key.tenant));
        let enabled = build(
            ConditionCheck::builder()
                .table_name(self.table())
                .key("pk", pk.clone())
                .key("sk", s(ACCOUNT))
                .condition_expression("attribute_exists(pk) AND disabled = :f")
                .expression_attribute_values(":f", AttributeValue::Bool(false))
                .build(),
        )?;
        let mut put = Put::builder()
            .table_name(self.table())
            .item("pk", pk)
            .item("sk", s(key_sk(&key.id)))
            .item("label", s(&key.label))
            .item("created_ms", n(key.created_ms))
            .item("sha256", s(&key.sha256))
            .condition_expression("attribute_not_exists(pk)");
        if let Some(at) = key.last_used_ms {
            put = put.item("last_used_ms", n(at));
        }
        let sent = self
            .client
            .transact_write_items()
            .transact_items(
                TransactWriteItem::builder()
                    .condition_check(enabled)
                    .build(),
            )
            .transact_items(
                TransactWriteItem::builder()
                    .put(build(put.build())?)
                    .build(),
            )
            // Makes an SDK retry of a transaction that landed succeed again.
            .client_request_token(uuid::Uuid::new_v4().to_string())
            .send()
            .await;
        let error = match sent {
            Ok(_) => return Ok(true),
            Err(error) => error,
        };
        let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) =
            error.as_service_error()
        else {
            return Err(sdk_error(error));
        };
        let failed = |i: usize| {
            cancelled
                .cancellation_reasons()
                .get(i)
                .and_then(|r| r.code())
                .is_some_and(|code| code == "ConditionalCheckFailed")
        };
        if failed(0) {
            Ok(false)
        } else if failed(1) {
            Err(Error::Invalid(
                "the tenant has a key with this id already".into(),
            ))
        } else {
            Err(sdk_error(error))
        }
    }

    async fn get_key(&self, tenant: &TenantId, id: &str) -> Result<Option<StoredKey>> {
        let got = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(key_sk(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        got.item().map(|item| key(tenant, item)).transpose()
    }

    async fn list_keys(&self, tenant: &TenantId) -> Result<Vec<StoredKey>> {
        let items: Vec<Item> = self
            .client
            .query()
            .table_name(self.table())
            .key_condition_expression("pk = :pk AND begins_with(sk, :k)")
            .expression_attribute_values(":pk", s(tenant_pk(tenant)))
            .expression_attribute_values(":k", s(KEY_PREFIX))
            .consistent_read(true)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(sdk_error)?;
        items.iter().map(|item| key(tenant, item)).collect()
    }

    async fn revoke_key(&self, tenant: &TenantId, id: &str) -> Result<bool> {
        let deleted = self
            .client
            .delete_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(key_sk(id)))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(deleted.attributes().is_some_and(|a| !a.is_empty()))
    }

    async fn touch_key(&self, tenant: &TenantId, id: &str, at_ms: i64) -> Result<()> {
        let sent = self
            .client
            .update_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(key_sk(id)))
            .update_expression("SET last_used_ms = :at")
            // Never brings a revoked key back as a bare item.
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":at", n(at_ms))
            .send()
            .await;
        match sent {
            Ok(_) => Ok(()),
            Err(e)
                if matches!(
                    e.as_service_error(),
                    Some(UpdateItemError::ConditionalCheckFailedException(_))
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(sdk_error(e)),
        }
    }
}
