//! Cursors: named feed positions written with an optimistic version check,
//! so two pollers never both advance the same feed.

use super::DynamoStore;
use super::attrs::{Item, get_n, get_s, n, s, sdk_error};
use super::conditional::{Written, conditional_put};
use super::schema::{cursor_sk, tenant_pk};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Cursor, PutOutcome};

#[async_trait::async_trait]
impl crate::store::Cursors for DynamoStore {
    async fn get_cursor(&self, tenant: &TenantId, name: &str) -> Result<Option<Cursor>> {
        let got = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(tenant)))
            .key("sk", s(cursor_sk(name)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        got.item().map(decode_cursor).transpose()
    }

    /// Version 0 means "absent"; the written cursor gets `expected + 1`.
    async fn put_cursor(
        &self,
        tenant: &TenantId,
        name: &str,
        value: &str,
        expected: u64,
    ) -> Result<PutOutcome<Cursor>> {
        let put = self
            .client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(tenant)))
            .item("sk", s(cursor_sk(name)))
            .item("value", s(value))
            .item("version", n(expected + 1));
        let put = if expected == 0 {
            put.condition_expression("attribute_not_exists(pk)")
        } else {
            put.condition_expression("version = :expected")
                .expression_attribute_values(":expected", n(expected))
        };
        let current = match conditional_put(put).await? {
            Written::Done => return Ok(PutOutcome::Created),
            Written::Lost(Some(item)) => Some(decode_cursor(&item)?),
            Written::Lost(None) => self.get_cursor(tenant, name).await?,
        };
        current.map(PutOutcome::Exists).ok_or_else(|| {
            Error::Invalid(format!(
                "cursor {name} of {tenant} does not exist at version {expected}"
            ))
        })
    }
}

fn decode_cursor(item: &Item) -> Result<Cursor> {
    Ok(Cursor {
        value: get_s(item, "value")?.to_owned(),
        version: get_n(item, "version")?,
    })
}
