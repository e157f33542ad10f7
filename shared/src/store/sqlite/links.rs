//! Links: conditional creation and versioned replacement in one transaction each.

use super::{SqliteStore, parse_sort_key, read_link, to_json};
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Link, LinkKey, Links, PutOutcome};
use async_trait::async_trait;
use rusqlite::params;

#[async_trait]
impl Links for SqliteStore {
    async fn get_link(&self, key: &LinkKey) -> Result<Option<Link>> {
        let (tenant, sk) = (key.tenant.to_string(), key.sort_key());
        self.db.read(move |c| read_link(c, &tenant, &sk)).await
    }

    async fn put_link_if_absent(&self, key: &LinkKey, link: &Link) -> Result<PutOutcome<Link>> {
        let (tenant, sk, group, body) = (
            key.tenant.to_string(),
            key.sort_key(),
            link.group.clone(),
            to_json(link)?,
        );
        let version = link.version;
        self.db
            .call(move |c| {
                if let Some(existing) = read_link(c, &tenant, &sk)? {
                    return Ok(PutOutcome::Exists(existing));
                }
                c.execute(
                    "INSERT INTO links (tenant, sort_key, link_group, body, version) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![tenant, sk, group, body, version],
                )?;
                Ok(PutOutcome::Created)
            })
            .await
    }

    async fn replace_link(
        &self,
        key: &LinkKey,
        link: &Link,
        expected_version: u64,
    ) -> Result<PutOutcome<Link>> {
        let (tenant, sk, group, body) = (
            key.tenant.to_string(),
            key.sort_key(),
            link.group.clone(),
            to_json(link)?,
        );
        self.db
            .call(move |c| {
                let changed = c.execute(
                    "UPDATE links SET link_group = ?3, body = ?4, version = version + 1
                     WHERE tenant = ?1 AND sort_key = ?2 AND version = ?5",
                    params![tenant, sk, group, body, expected_version],
                )?;
                if changed == 1 {
                    return Ok(Some(PutOutcome::Created));
                }
                Ok(read_link(c, &tenant, &sk)?.map(PutOutcome::Exists))
            })
            .await?
            .ok_or_else(|| Error::Invalid(format!("no link {key} to replace")))
    }

    async fn links_of_group(&self, tenant: &TenantId, group: &str) -> Result<Vec<(LinkKey, Link)>> {
        let (t, g) = (tenant.to_string(), group.to_owned());
        let rows: Vec<(String, String, u64)> = self
            .db
            .read(move |c| {
                let mut stmt = c.prepare(
                    "SELECT sort_key, body, version FROM links WHERE tenant = ?1 AND link_group = ?2 ORDER BY sort_key",
                )?;
                stmt.query_map(params![t, g], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
            })
            .await?;
        rows.into_iter()
            .map(|(sk, body, version)| {
                let key = parse_sort_key(tenant, &sk)
                    .ok_or_else(|| Error::Storage(format!("bad link key {sk}")))?;
                let link: Link = serde_json::from_str(&body).map_err(Error::storage)?;
                Ok((key, Link { version, ..link }))
            })
            .collect()
    }
}
