//! Versioned registers (cursors): compare-and-swap on `version`.

use super::SqliteStore;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Cursor, Cursors, PutOutcome};
use async_trait::async_trait;
use rusqlite::{OptionalExtension, params};

#[async_trait]
impl Cursors for SqliteStore {
    async fn get_cursor(&self, tenant: &TenantId, name: &str) -> Result<Option<Cursor>> {
        let (t, n) = (tenant.to_string(), name.to_owned());
        self.db
            .read(move |c| {
                c.query_row(
                    "SELECT value, version FROM cursors WHERE tenant = ?1 AND name = ?2",
                    params![t, n],
                    |r| {
                        Ok(Cursor {
                            value: r.get(0)?,
                            version: r.get(1)?,
                        })
                    },
                )
                .optional()
            })
            .await
    }

    async fn put_cursor(
        &self,
        tenant: &TenantId,
        name: &str,
        value: &str,
        expected_version: u64,
    ) -> Result<PutOutcome<Cursor>> {
        let (t, n, v) = (tenant.to_string(), name.to_owned(), value.to_owned());
        self.db
            .call(move |c| {
                let written = if expected_version == 0 {
                    c.execute(
                        "INSERT INTO cursors (tenant, name, value, version) VALUES (?1, ?2, ?3, 1)
                         ON CONFLICT (tenant, name) DO NOTHING",
                        params![t, n, v],
                    )?
                } else {
                    c.execute(
                        "UPDATE cursors SET value = ?3, version = version + 1
                         WHERE tenant = ?1 AND name = ?2 AND version = ?4",
                        params![t, n, v, expected_version],
                    )?
                };
                if written == 1 {
                    return Ok(Some(PutOutcome::Created));
                }
                let current = c
                    .query_row(
                        "SELECT value, version FROM cursors WHERE tenant = ?1 AND name = ?2",
                        params![t, n],
                        |r| {
                            Ok(Cursor {
                                value: r.get(0)?,
                                version: r.get(1)?,
                            })
                        },
                    )
                    .optional()?;
                Ok(current.map(PutOutcome::Exists))
            })
            .await?
            .ok_or_else(|| {
                Error::Invalid(format!("no cursor {name} at version {expected_version}"))
            })
    }
}
