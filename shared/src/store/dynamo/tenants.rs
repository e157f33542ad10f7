//! Tenant settings items. Each one also sits in the `TENANTS` partition of
//! `gsi1`, so listing tenants is a query rather than a table scan.

use super::DynamoStore;
use super::attrs::{get_json, get_s, json, s, sdk_error};
use super::schema::{GSI1, SETTINGS, TENANTS, tenant_pk};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::settings::TenantSettings;

#[async_trait::async_trait]
impl crate::store::Tenants for DynamoStore {
    async fn put_tenant(&self, settings: &TenantSettings) -> Result<()> {
        self.client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(&settings.id)))
            .item("sk", s(SETTINGS))
            .item("gsi1pk", s(TENANTS))
            .item("gsi1sk", s(settings.id.as_str()))
            .item("data", json(settings)?)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn get_tenant(&self, tenant: &TenantId) -> Result<Option<TenantSettings>> {
        let got = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(SETTINGS))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        got.item().map(|item| get_json(item, "data")).transpose()
    }

    /// Tenant ids in ascending order.
    async fn list_tenants(&self) -> Result<Vec<TenantId>> {
        let items = self
            .client
            .query()
            .table_name(self.table())
            .index_name(GSI1)
            .key_condition_expression("gsi1pk = :t")
            .expression_attribute_values(":t", s(TENANTS))
            .projection_expression("gsi1sk")
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(sdk_error)?;
        items
            .iter()
            .map(|item| {
                let raw = get_s(item, "gsi1sk")?;
                TenantId::parse(raw)
                    .ok_or_else(|| Error::Storage(format!("stored tenant id {raw:?} is invalid")))
            })
            .collect()
    }
}
