//! Links: conditional creation and versioned replacement in one transaction each.

use super::{SqliteStore, parse_sort_key, read_link, to_json};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::{Link, LinkKey, Links, PutOutcome, StampedLink};
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
                    "INSERT INTO links (tenant, sort_key, link_group, body, version, written_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![tenant, sk, group, body, version, now_ms()],
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
                    "UPDATE links SET link_group = ?3, body = ?4, version = version + 1, written_ms = ?6
                     WHERE tenant = ?1 AND sort_key = ?2 AND version = ?5",
                    params![tenant, sk, group, body, expected_version, now_ms()],
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
        let stamped = self.stamped_links_of_group(tenant, group).await?;
        Ok(stamped.into_iter().map(|s| (s.key, s.link)).collect())
    }

    async fn stamped_link(&self, key: &LinkKey) -> Result<Option<StampedLink>> {
        let (t, sk) = (key.tenant.to_string(), key.sort_key());
        let rows = self
            .stamped_rows(
                "SELECT sort_key, body, version, written_ms FROM links WHERE tenant = ?1 AND sort_key = ?2",
                t,
                sk,
            )
            .await?;
        Ok(decode(&key.tenant, rows)?.pop())
    }

    async fn stamped_links_of_group(
        &self,
        tenant: &TenantId,
        group: &str,
    ) -> Result<Vec<StampedLink>> {
        let rows = self
            .stamped_rows(
                "SELECT sort_key, body, version, written_ms FROM links
                 WHERE tenant = ?1 AND link_group = ?2 ORDER BY sort_key",
                tenant.to_string(),
                group.to_owned(),
            )
            .await?;
        decode(tenant, rows)
    }
}

/// `(sort_key, body, version, written_ms)`.
type Row = (String, String, u64, Option<i64>);

impl SqliteStore {
    async fn stamped_rows(&self, sql: &'static str, a: String, b: String) -> Result<Vec<Row>> {
        self.db
            .read(move |c| {
                let mut stmt = c.prepare(sql)?;
                stmt.query_map(params![a, b], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect()
            })
            .await
    }
}

fn decode(tenant: &TenantId, rows: Vec<Row>) -> Result<Vec<StampedLink>> {
    rows.into_iter()
        .map(|(sk, body, version, written_ms)| {
            let key = parse_sort_key(tenant, &sk)
                .ok_or_else(|| Error::Storage(format!("bad link key {sk}")))?;
            let link: Link = serde_json::from_str(&body).map_err(Error::storage)?;
            Ok(StampedLink {
                key,
                link: Link { version, ..link },
                written_ms,
            })
        })
        .collect()
}
