//! The records linked to each listed customer in the other systems, read
//! from the links the flows recorded (one read per row, run concurrently).

use super::row::{CustomerRow, LinkedRecord};
use crate::error::Result;
use crate::model::{EntityKind, System, TenantId};
use crate::store::{LinkKey, Links};
use futures_util::stream::{self, StreamExt, TryStreamExt};

/// How many link reads run at once for one page.
const CONCURRENT_READS: usize = 16;

/// The id a system's customer has in the links: OpenCart's registered
/// customers are `c:<id>` (`connectors::opencart::customer_key`).
pub fn link_id(system: System, id: &str) -> String {
    match system {
        System::OpenCart => format!("c:{id}"),
        _ => id.to_owned(),
    }
}

/// How a linked id is shown: OpenCart's `c:7` as `7`; a guest keeps its key.
fn shown_id(system: System, id: &str) -> String {
    match (system, id.strip_prefix("c:")) {
        (System::OpenCart, Some(number)) => number.to_owned(),
        _ => id.to_owned(),
    }
}

/// Fills `linked` of every row of `system`.
pub async fn attach(
    links: &dyn Links,
    tenant: &TenantId,
    system: System,
    rows: &mut [CustomerRow],
) -> Result<()> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let found: Vec<Vec<LinkedRecord>> = stream::iter(ids)
        .map(|id| linked_to(links, tenant, system, id))
        .buffered(CONCURRENT_READS)
        .try_collect()
        .await?;
    for (row, linked) in rows.iter_mut().zip(found) {
        row.linked = linked;
    }
    Ok(())
}

async fn linked_to(
    links: &dyn Links,
    tenant: &TenantId,
    system: System,
    id: String,
) -> Result<Vec<LinkedRecord>> {
    let key = LinkKey::new(tenant, EntityKind::Customer, system, link_id(system, &id));
    let Some(link) = links.get_link(&key).await? else {
        return Ok(Vec::new());
    };
    Ok(link
        .peers
        .iter()
        .filter(|(other, _)| **other != system)
        .map(|(other, id)| LinkedRecord {
            system: *other,
            id: shown_id(*other, id),
        })
        .collect())
}
