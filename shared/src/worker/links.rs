//! Claiming and completing links, so two workers racing on the same new
//! record create its counterpart once.
//!
//! Protocol: before looking a record up in the target peer (and maybe
//! creating it there), a worker writes a *pending* link for the source record
//! with a conditional put. The winner searches and creates; everyone else
//! gets `Error::LinkBusy` (retryable) until the link is complete. A claim
//! whose owner died is taken over after `LEASE`; the owner's own redelivered
//! message takes it back at once.

use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::System;
use crate::store::{Link, LinkKey, LinkState, PutOutcome, Store};
use std::collections::BTreeMap;

/// How long a claim blocks others when its owner stops answering. Longer than
/// a worker needs for one record's peer calls (timeouts included).
pub const LEASE_MS: i64 = 30_000;

/// The record is linked already, or we hold the claim to link it.
#[derive(Debug)]
pub enum Resolution {
    Linked(Link),
    Claimed(Claim),
}

/// A pending link we own.
#[derive(Debug, Clone)]
pub struct Claim {
    pub key: LinkKey,
    pub group: String,
    version: u64,
}

/// Returns the complete link of `key`, or claims it for `owner`.
pub async fn resolve_or_claim(store: &dyn Store, key: &LinkKey, owner: &str) -> Result<Resolution> {
    let now = now_ms();
    let current = match store.get_link(key).await? {
        Some(link) => link,
        None => {
            let group = uuid::Uuid::now_v7().to_string();
            match store
                .put_link_if_absent(key, &Link::pending(&group, owner, now))
                .await?
            {
                PutOutcome::Created => {
                    return Ok(Resolution::Claimed(Claim {
                        key: key.clone(),
                        group,
                        version: 1,
                    }));
                }
                PutOutcome::Exists(link) => link,
            }
        }
    };
    match &current.state {
        LinkState::Linked => Ok(Resolution::Linked(current)),
        LinkState::Pending {
            since_ms,
            owner: holder,
        } if holder == owner || now - since_ms > LEASE_MS => {
            let taken = Link::pending(&current.group, owner, now);
            match store.replace_link(key, &taken, current.version).await? {
                PutOutcome::Created => Ok(Resolution::Claimed(Claim {
                    key: key.clone(),
                    group: current.group,
                    version: current.version + 1,
                })),
                PutOutcome::Exists(_) => Err(Error::LinkBusy(key.to_string())),
            }
        }
        LinkState::Pending { .. } => Err(Error::LinkBusy(key.to_string())),
    }
}

/// Records that the claimed record's counterpart in `system` is `peer_id`,
/// in both directions. If the counterpart is already linked to another
/// record (two OpenCart guests with one e-mail, one CRM customer), ours
/// joins its group.
pub async fn complete(
    store: &dyn Store,
    claim: &Claim,
    system: System,
    peer_id: &str,
) -> Result<Link> {
    let peer_key = LinkKey::new(&claim.key.tenant, claim.key.kind, system, peer_id);
    let back = Link::linked(
        &claim.group,
        BTreeMap::from([(claim.key.system, claim.key.external_id.clone())]),
    );
    let group = match store.put_link_if_absent(&peer_key, &back).await? {
        PutOutcome::Created => claim.group.clone(),
        PutOutcome::Exists(existing) => existing.group,
    };
    let link = Link::linked(group, BTreeMap::from([(system, peer_id.to_owned())]));
    match store.replace_link(&claim.key, &link, claim.version).await? {
        PutOutcome::Created => Ok(Link {
            version: claim.version + 1,
            ..link
        }),
        // Our lease ran out and another worker completed it: theirs stands.
        PutOutcome::Exists(current) if current.state == LinkState::Linked => Ok(current),
        PutOutcome::Exists(_) => Err(Error::LinkBusy(claim.key.to_string())),
    }
}

/// Writes a complete link for a record this worker owns outright (an order,
/// whose events are serialised by their queue group), in both directions.
pub async fn upsert(
    store: &dyn Store,
    key: &LinkKey,
    system: System,
    peer_id: &str,
    update: impl Fn(&mut Link),
) -> Result<()> {
    let mut current = store.get_link(key).await?;
    loop {
        let mut link = match &current {
            Some(existing) => existing.clone(),
            None => Link::linked(uuid::Uuid::now_v7().to_string(), BTreeMap::new()),
        };
        link.state = LinkState::Linked;
        link.peers.insert(system, peer_id.to_owned());
        update(&mut link);
        let outcome = match &current {
            Some(existing) => store.replace_link(key, &link, existing.version).await?,
            None => store.put_link_if_absent(key, &link).await?,
        };
        match outcome {
            PutOutcome::Created => {
                let peer_key = LinkKey::new(&key.tenant, key.kind, system, peer_id);
                let back = Link::linked(
                    &link.group,
                    BTreeMap::from([(key.system, key.external_id.clone())]),
                );
                store.put_link_if_absent(&peer_key, &back).await?;
                return Ok(());
            }
            PutOutcome::Exists(now) => current = Some(now),
        }
    }
}
