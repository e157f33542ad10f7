//! Finding a record's links across systems (the console's Links page): an
//! id of one system, whatever kind of record it is, and every record
//! linked to it (its link group), each with when it was last synced.
//!
//! Links are keyed by `(kind, system, id)`, so the search asks each kind:
//! a dozen point reads, then one group query per group found (usually one).

use super::{Links, StampedLink};
use crate::error::Result;
use crate::model::{EntityKind, System, TenantId};
use crate::store::LinkKey;
use std::collections::BTreeSet;

/// Every link of the record `system`/`external_id` (any kind) and of the
/// records linked to it, by group, then kind, system and id; the record's
/// own links first within each group.
pub async fn linked_records(
    links: &dyn Links,
    tenant: &TenantId,
    system: System,
    external_id: &str,
) -> Result<Vec<StampedLink>> {
    let mut groups = BTreeSet::new();
    let mut own = Vec::new();
    for kind in EntityKind::ALL {
        let key = LinkKey::new(tenant, kind, system, external_id);
        if let Some(found) = links.stamped_link(&key).await? {
            groups.insert(found.link.group.clone());
            own.push(found);
        }
    }
    let mut all = Vec::new();
    for group in &groups {
        let mut members = links.stamped_links_of_group(tenant, group).await?;
        // The searched record first, then the others by key.
        members.sort_by_key(|m| (!own.iter().any(|o| o.key == m.key), m.key.clone()));
        all.extend(members);
    }
    // A record whose own link is missing from its group's index (an index
    // not yet caught up) is still shown.
    for found in own {
        if !all.iter().any(|m| m.key == found.key) {
            all.push(found);
        }
    }
    Ok(all)
}
