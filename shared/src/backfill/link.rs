//! Recording that two existing records are one, in the store only: the
//! link of each side names the other, in one link group, as a flow would
//! after creating the counterpart (`flows::links`), but nothing is written
//! to a peer.
//!
//! Every write is conditional (absent, or the version read), so a flow
//! linking the same record at the same moment wins or loses cleanly; a lost
//! condition is read again. A side linked to a different record already, or
//! claimed by a flow right now, is a conflict left for the merchant (or the
//! next run): the backfill never overrides a link.

use crate::error::Result;
use crate::store::{Link, LinkKey, LinkState, Links, PutOutcome};
use std::collections::BTreeMap;

/// What became of one pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paired {
    /// Linked by this call (also: completed after a run that stopped half way).
    Linked,
    /// Both sides named each other already.
    Already,
    /// Left alone, with the reason.
    Conflict(String),
}

/// Conditional writes lost in a row before giving up on a pair.
const ATTEMPTS: usize = 5;

/// Links `a` and `b` to each other (same tenant and kind).
pub async fn link_pair(links: &dyn Links, a: &LinkKey, b: &LinkKey) -> Result<Paired> {
    for _ in 0..ATTEMPTS {
        let la = links.get_link(a).await?;
        let lb = links.get_link(b).await?;
        if let Some(why) = refusal(a, la.as_ref(), b).or_else(|| refusal(b, lb.as_ref(), a)) {
            return Ok(Paired::Conflict(why));
        }
        let done = |l: &Option<Link>, other: &LinkKey| {
            l.as_ref()
                .is_some_and(|l| l.peer(other.system) == Some(other.external_id.as_str()))
        };
        if done(&la, b) && done(&lb, a) {
            return Ok(Paired::Already);
        }
        let group = match (&la, &lb) {
            (Some(x), Some(y)) if x.group != y.group => {
                return Ok(Paired::Conflict(format!(
                    "{} and {} belong to different link groups",
                    a.external_id, b.external_id
                )));
            }
            (Some(l), _) | (_, Some(l)) => l.group.clone(),
            (None, None) => uuid::Uuid::now_v7().to_string(),
        };
        // The shop side first, then the CRM side: a run stopped between the
        // two is completed by the next (the pair reads as half done).
        if write_side(links, b, lb, &group, a).await? && write_side(links, a, la, &group, b).await?
        {
            return Ok(Paired::Linked);
        }
    }
    Ok(Paired::Conflict(format!(
        "{} changed {ATTEMPTS} times while being linked",
        a.external_id
    )))
}

/// Why `key` (whose link is `link`) cannot be linked to `other`, if it cannot.
fn refusal(key: &LinkKey, link: Option<&Link>, other: &LinkKey) -> Option<String> {
    let link = link?;
    if let LinkState::Pending { .. } = link.state {
        return Some(format!(
            "{} {} is being synced right now",
            key.system, key.external_id
        ));
    }
    match link.peer(other.system) {
        Some(id) if id != other.external_id => Some(format!(
            "{} {} is linked to {} {id} already",
            key.system, key.external_id, other.system
        )),
        _ => None,
    }
}

/// Makes `key`'s link name `other`; `false` when the link changed meanwhile.
async fn write_side(
    links: &dyn Links,
    key: &LinkKey,
    current: Option<Link>,
    group: &str,
    other: &LinkKey,
) -> Result<bool> {
    match current {
        None => {
            let peers = BTreeMap::from([(other.system, other.external_id.clone())]);
            let outcome = links
                .put_link_if_absent(key, &Link::linked(group, peers))
                .await?;
            Ok(matches!(outcome, PutOutcome::Created))
        }
        Some(link) if link.peer(other.system) == Some(other.external_id.as_str()) => Ok(true),
        Some(mut link) => {
            let version = link.version;
            link.group = group.to_owned();
            link.peers.insert(other.system, other.external_id.clone());
            let outcome = links.replace_link(key, &link, version).await?;
            Ok(matches!(outcome, PutOutcome::Created))
        }
    }
}
