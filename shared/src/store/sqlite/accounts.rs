//! Tenant accounts and API keys on SQLite. Each call is one transaction
//! on the writer thread, so "only for an enabled account" and "disable and
//! delete the keys" hold as DynamoDB's transactions make them hold.

use super::SqliteStore;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Account, Accounts, PutOutcome, StoredKey};
use async_trait::async_trait;
use rusqlite::{OptionalExtension, Row, params};

const KEY_COLUMNS: &str = "tenant, id, label, created_ms, last_used_ms, sha256";

fn account_of(row: &Row) -> rusqlite::Result<(String, i64, bool)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn account((tenant, created_ms, disabled): (String, i64, bool)) -> Result<Account> {
    Ok(Account {
        tenant: stored_tenant(&tenant)?,
        created_ms,
        disabled,
    })
}

fn stored_tenant(raw: &str) -> Result<TenantId> {
    TenantId::parse(raw)
        .ok_or_else(|| Error::Storage(format!("stored tenant id {raw:?} is invalid")))
}

type KeyRow = (String, String, String, i64, Option<i64>, String);

fn key_of(row: &Row) -> rusqlite::Result<KeyRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
    ))
}

fn key((tenant, id, label, created_ms, last_used_ms, sha256): KeyRow) -> Result<StoredKey> {
    Ok(StoredKey {
        tenant: stored_tenant(&tenant)?,
        id,
        label,
        created_ms,
        last_used_ms,
        sha256,
    })
}

#[async_trait]
impl Accounts for SqliteStore {
    async fn create_account(&self, new: &Account) -> Result<PutOutcome<Account>> {
        let (tenant, created, disabled) = (new.tenant.to_string(), new.created_ms, new.disabled);
        let existing = self
            .db
            .call(move |c| {
                let existing = c
                    .query_row(
                        "SELECT tenant, created_ms, disabled FROM accounts WHERE tenant = ?1",
                        [&tenant],
                        account_of,
                    )
                    .optional()?;
                if existing.is_none() {
                    c.execute(
                        "INSERT INTO accounts (tenant, created_ms, disabled) VALUES (?1, ?2, ?3)",
                        params![tenant, created, disabled],
                    )?;
                }
                Ok(existing)
            })
            .await?;
        match existing {
            None => Ok(PutOutcome::Created),
            Some(row) => Ok(PutOutcome::Exists(account(row)?)),
        }
    }

    async fn get_account(&self, tenant: &TenantId) -> Result<Option<Account>> {
        let tenant = tenant.to_string();
        let row = self
            .db
            .read(move |c| {
                c.query_row(
                    "SELECT tenant, created_ms, disabled FROM accounts WHERE tenant = ?1",
                    [tenant],
                    account_of,
                )
                .optional()
            })
            .await?;
        row.map(account).transpose()
    }

    async fn list_accounts(&self) -> Result<Vec<Account>> {
        let rows = self
            .db
            .read(|c| {
                let mut stmt =
                    c.prepare("SELECT tenant, created_ms, disabled FROM accounts ORDER BY tenant")?;
                stmt.query_map([], account_of)?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .await?;
        rows.into_iter().map(account).collect()
    }

    async fn disable_account(&self, tenant: &TenantId) -> Result<bool> {
        let tenant = tenant.to_string();
        self.db
            .call(move |c| {
                let n = c.execute(
                    "UPDATE accounts SET disabled = 1 WHERE tenant = ?1",
                    [&tenant],
                )?;
                c.execute("DELETE FROM api_keys WHERE tenant = ?1", [&tenant])?;
                Ok(n == 1)
            })
            .await
    }

    async fn put_key(&self, key: &StoredKey) -> Result<bool> {
        let key = key.clone();
        let (tenant, id) = (key.tenant.to_string(), key.id.clone());
        let written = self
            .db
            .call(move |c| {
                let enabled: Option<bool> = c
                    .query_row(
                        "SELECT NOT disabled FROM accounts WHERE tenant = ?1",
                        [&tenant],
                        |r| r.get(0),
                    )
                    .optional()?;
                if enabled != Some(true) {
                    return Ok(Some(false));
                }
                let n = c.execute(
                    "INSERT INTO api_keys (tenant, id, label, created_ms, last_used_ms, sha256)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    params![
                        tenant,
                        id,
                        key.label,
                        key.created_ms,
                        key.last_used_ms,
                        key.sha256
                    ],
                )?;
                Ok((n == 1).then_some(true))
            })
            .await?;
        written.ok_or_else(|| Error::Invalid("the tenant has a key with this id already".into()))
    }

    async fn get_key(&self, tenant: &TenantId, id: &str) -> Result<Option<StoredKey>> {
        let (tenant, id) = (tenant.to_string(), id.to_owned());
        let row = self
            .db
            .read(move |c| {
                c.query_row(
                    &format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE tenant = ?1 AND id = ?2"),
                    [tenant, id],
                    key_of,
                )
                .optional()
            })
            .await?;
        row.map(key).transpose()
    }

    async fn list_keys(&self, tenant: &TenantId) -> Result<Vec<StoredKey>> {
        let tenant = tenant.to_string();
        let rows = self
            .db
            .read(move |c| {
                let mut stmt = c.prepare(&format!(
                    "SELECT {KEY_COLUMNS} FROM api_keys WHERE tenant = ?1 ORDER BY id"
                ))?;
                stmt.query_map([tenant], key_of)?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .await?;
        rows.into_iter().map(key).collect()
    }

    async fn revoke_key(&self, tenant: &TenantId, id: &str) -> Result<bool> {
        let (tenant, id) = (tenant.to_string(), id.to_owned());
        self.db
            .call(move |c| {
                c.execute(
                    "DELETE FROM api_keys WHERE tenant = ?1 AND id = ?2",
                    [tenant, id],
                )
                .map(|n| n == 1)
            })
            .await
    }

    async fn touch_key(&self, tenant: &TenantId, id: &str, at_ms: i64) -> Result<()> {
        let (tenant, id) = (tenant.to_string(), id.to_owned());
        self.db
            .call(move |c| {
                c.execute(
                    "UPDATE api_keys SET last_used_ms = ?3 WHERE tenant = ?1 AND id = ?2",
                    params![tenant, id, at_ms],
                )
            })
            .await?;
        Ok(())
    }
}
