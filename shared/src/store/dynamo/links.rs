//! Link items: conditional creation, versioned replacement and the group
//! index (`gsi1pk = T#{tenant}#G#{group}`).

use super::DynamoStore;
use super::attrs::{Item, get_json, get_n, get_s, json, n, s, sdk_error};
use super::conditional::{Written, conditional_put};
use super::schema::{GSI1, group_pk, link_sk, tenant_pk};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::{EntityKind, System, TenantId};
use crate::store::{Link, LinkKey, Links, PutOutcome, StampedLink};

#[async_trait::async_trait]
impl crate::store::Links for DynamoStore {
    async fn get_link(&self, key: &LinkKey) -> Result<Option<Link>> {
        let got = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(&key.tenant)))
            .key("sk", s(link_sk(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        got.item().map(decode_link).transpose()
    }

    async fn put_link_if_absent(&self, key: &LinkKey, link: &Link) -> Result<PutOutcome<Link>> {
        self.link_write(key, link, 1, "attribute_not_exists(pk)", None)
            .await
    }

    async fn replace_link(
        &self,
        key: &LinkKey,
        link: &Link,
        expected: u64,
    ) -> Result<PutOutcome<Link>> {
        self.link_write(
            key,
            link,
            expected + 1,
            "version = :expected",
            Some(expected),
        )
        .await
    }

    async fn links_of_group(&self, tenant: &TenantId, group: &str) -> Result<Vec<(LinkKey, Link)>> {
        let stamped = self.stamped_links_of_group(tenant, group).await?;
        Ok(stamped.into_iter().map(|s| (s.key, s.link)).collect())
    }

    async fn stamped_link(&self, key: &LinkKey) -> Result<Option<StampedLink>> {
        let got = self
            .client
            .get_item()
            .table_name(self.table())
            .key("pk", s(tenant_pk(&key.tenant)))
            .key("sk", s(link_sk(key)))
            .consistent_read(true)
            .send()
            .await
            .map_err(sdk_error)?;
        got.item()
            .map(|item| stamped(key.clone(), item))
            .transpose()
    }

    async fn stamped_links_of_group(
        &self,
        tenant: &TenantId,
        group: &str,
    ) -> Result<Vec<StampedLink>> {
        let items = self
            .client
            .query()
            .table_name(self.table())
            .index_name(GSI1)
            .key_condition_expression("gsi1pk = :g")
            .expression_attribute_values(":g", s(group_pk(tenant, group)))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(sdk_error)?;
        items
            .iter()
            .map(|item| stamped(decode_key(tenant, item)?, item))
            .collect()
    }
}

impl DynamoStore {
    /// Writes `link` as `version` under `condition`. When the condition fails
    /// the stored link is the answer; a missing one means the caller replaced
    /// a link that was never created.
    async fn link_write(
        &self,
        key: &LinkKey,
        link: &Link,
        version: u64,
        condition: &str,
        expected: Option<u64>,
    ) -> Result<PutOutcome<Link>> {
        let stored = Link {
            version,
            ..link.clone()
        };
        let sk = link_sk(key);
        let put = self
            .client
            .put_item()
            .table_name(self.table())
            .item("pk", s(tenant_pk(&key.tenant)))
            .item("sk", s(&sk))
            .item("gsi1pk", s(group_pk(&key.tenant, &link.group)))
            .item("gsi1sk", s(&sk))
            .item("data", json(&stored)?)
            .item("version", n(version))
            .item("written_ms", n(now_ms()))
            .condition_expression(condition)
            .set_expression_attribute_values(
                expected.map(|v| [(":expected".to_owned(), n(v))].into()),
            );
        let current = match conditional_put(put).await? {
            Written::Done => return Ok(PutOutcome::Created),
            Written::Lost(Some(item)) => Some(decode_link(&item)?),
            Written::Lost(None) => self.get_link(key).await?,
        };
        match current {
            Some(current) => Ok(PutOutcome::Exists(current)),
            None => Err(Error::Invalid(format!(
                "link {key} does not exist, it cannot be replaced"
            ))),
        }
    }
}

fn decode_link(item: &Item) -> Result<Link> {
    let link: Link = get_json(item, "data")?;
    // The `version` attribute is what conditions check: it is the truth.
    Ok(Link {
        version: get_n(item, "version")?,
        ..link
    })
}

fn stamped(key: LinkKey, item: &Item) -> Result<StampedLink> {
    Ok(StampedLink {
        key,
        link: decode_link(item)?,
        // Links written before the stamp was kept have none.
        written_ms: item
            .contains_key("written_ms")
            .then(|| get_n(item, "written_ms"))
            .transpose()?,
    })
}

/// `L#{kind}#{system}#{external_id}`; the external id may itself contain `#`.
fn decode_key(tenant: &TenantId, item: &Item) -> Result<LinkKey> {
    let sk = get_s(item, "sk")?;
    let mut parts = sk.splitn(4, '#');
    let (Some("L"), Some(kind), Some(system), Some(external_id)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::Storage(format!("malformed link sort key {sk:?}")));
    };
    let kind = EntityKind::parse(kind)
        .ok_or_else(|| Error::Storage(format!("unknown entity kind in {sk:?}")))?;
    let system =
        System::parse(system).ok_or_else(|| Error::Storage(format!("unknown system in {sk:?}")))?;
    Ok(LinkKey::new(tenant, kind, system, external_id))
}
