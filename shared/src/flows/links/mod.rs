//! Claiming and completing links, so two workers racing on the same new
//! record create its counterpart once.
//!
//! Protocol: before looking a record up in a target peer (and maybe
//! creating it there), a message claims the source record's link *for that
//! target* with a conditional write: a pending state over whatever the link
//! already holds (another flow may have linked the record to other systems:
//! those counterparts are kept). The winner searches and creates, then
//! completes the link with the target's id. Everyone else **waits** inside its handler until
//! the link is complete or the claim has expired, and then takes the claim
//! over: waiting on another worker is not a failure, so it never returns an
//! error and never uses up one of the message's receives.
//!
//! Why a dead letter caused by a claim is impossible by construction:
//! - a claim is renewed by its owner's handler while it runs (`keep_alive`)
//!   and given back when the handler ends without completing it
//!   (`release_all`), so a failed owner frees it at once and a killed owner
//!   frees it `lease` after its last renewal;
//! - renewals never extend a claim past `max_hold` after it was taken, so a
//!   waiter's wait is bounded, and far shorter than a message's life before
//!   the dead letters (`max_receives` × the visibility timeout);
//! - the owner's own redelivered message takes its claim back at once.
//!
//! - in the local runtime one process runs every worker (as its in-process
//!   rate budgets assume): an owner is named with the process's life
//!   (`Claims::in_life`), and a claim of an earlier life was left by a dead
//!   process and is taken over at once, not after its lease (a process
//!   killed every 1–3 s otherwise left waiters idle for the 15 s lease of
//!   every claim it held, and little else ran: the chaos soak, issue 18).
//!
//! The only error left is `ClaimLost`, for an owner whose claim was taken
//! over because it held it past `max_hold`: retryable, and the retry finds
//! the link completed by the worker that took over.

use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::System;
use crate::store::{Link, LinkKey, LinkState, Links, PutOutcome};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

/// How long claims last and how waiters look again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimPolicy {
    /// A claim not renewed for this long belongs to a dead worker.
    pub lease: Duration,
    /// No claim is held longer than this, renewed or not.
    pub max_hold: Duration,
    /// The longest pause between two looks of a waiter.
    pub poll: Duration,
}

impl Default for ClaimPolicy {
    fn default() -> Self {
        ClaimPolicy {
            lease: Duration::from_secs(15),
            max_hold: Duration::from_secs(90),
            poll: Duration::from_secs(1),
        }
    }
}

/// The record is linked already, or we hold the claim to link it.
#[derive(Debug)]
pub enum Resolution {
    Linked(Link),
    Claimed(Claim),
}

/// A pending link we own (its version is tracked by `Claims`).
#[derive(Debug, Clone)]
pub struct Claim {
    pub key: LinkKey,
    pub group: String,
}

/// One claim held: its version now, and the link as it was before it (to
/// give it back as it was).
#[derive(Debug, Clone)]
struct Held {
    version: u64,
    before: Option<Link>,
}

/// The claims of one message: who owns them and their current versions.
/// Cheap to clone; one per handled message. The versions are behind an
/// async lock held across each conditional write, so a renewal never races
/// the completion of the same claim.
#[derive(Clone)]
pub struct Claims {
    owner: String,
    policy: ClaimPolicy,
    held: Arc<Mutex<HashMap<LinkKey, Held>>>,
    /// The process's life, when it is the only process (see the module docs).
    life: Option<Arc<str>>,
}

impl Claims {
    /// `owner` must be stable across redeliveries of the message (its id).
    pub fn new(owner: impl Into<String>, policy: ClaimPolicy) -> Self {
        Claims {
            owner: owner.into(),
            policy,
            held: Arc::default(),
            life: None,
        }
    }

    /// Claims of a process that is the only one working on its store, in
    /// its life `life` (new at each start): claims of other lives are dead.
    pub fn in_life(message_id: &str, life: Arc<str>, policy: ClaimPolicy) -> Self {
        Claims {
            life: Some(life.clone()),
            ..Claims::new(format!("{message_id}@{life}"), policy)
        }
    }

    /// Whether `owner` is a message of an earlier life of this process.
    fn of_a_dead_life(&self, owner: &str) -> bool {
        self.life.as_deref().is_some_and(|life| {
            owner
                .rsplit_once('@')
                .is_none_or(|(_, theirs)| theirs != life)
        })
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Returns the link of `key` if it already names a counterpart in
    /// `target`, or claims it for `target`; waits while another live worker
    /// holds a claim on it (see the module docs).
    pub async fn resolve_or_claim(
        &self,
        store: &dyn Links,
        key: &LinkKey,
        target: System,
    ) -> Result<Resolution> {
        let mut pause = Duration::from_millis(50);
        loop {
            let current = match store.get_link(key).await? {
                Some(link) => link,
                None => {
                    let group = uuid::Uuid::now_v7().to_string();
                    let pending = Link::pending(&group, &self.owner, now_ms());
                    match store.put_link_if_absent(key, &pending).await? {
                        PutOutcome::Created => return Ok(self.hold(key, group, 1, None).await),
                        PutOutcome::Exists(link) => link,
                    }
                }
            };
            let claimable = match &current.state {
                LinkState::Linked if current.peer(target).is_some() => {
                    return Ok(Resolution::Linked(current));
                }
                // Linked to other systems by another flow, not to ours yet.
                LinkState::Linked => true,
                LinkState::Pending { owner, .. } => {
                    owner == &self.owner
                        || self.time_left(&current).is_zero()
                        || self.of_a_dead_life(owner)
                }
            };
            if claimable {
                let taken = Link {
                    state: LinkState::Pending {
                        since_ms: now_ms(),
                        owner: self.owner.clone(),
                        renewed_ms: None,
                    },
                    ..current.clone()
                };
                if let PutOutcome::Created =
                    store.replace_link(key, &taken, current.version).await?
                {
                    let before = (current.state == LinkState::Linked).then(|| current.clone());
                    let held = self.hold(key, current.group.clone(), current.version + 1, before);
                    return Ok(held.await);
                }
                // Someone else moved first: look again at once.
                continue;
            }
            let wait = self.time_left(&current);
            tokio::time::sleep(pause.min(wait).max(Duration::from_millis(1))).await;
            pause = (pause * 2).min(self.policy.poll);
        }
    }

    /// Records that the claimed record's counterpart in `system` is
    /// `peer_id`, in both directions. If the counterpart is already linked
    /// to another record (two OpenCart guests with one e-mail, one CRM
    /// customer), ours joins its group.
    pub async fn complete(
        &self,
        store: &dyn Links,
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
        let mut held = self.held.lock().await;
        let Held { version, before } = held
            .remove(&claim.key)
            .ok_or_else(|| Error::ClaimLost(claim.key.to_string()))?;
        // The counterparts other flows recorded stay; ours joins them.
        let mut link = before.unwrap_or_else(|| Link::linked(&group, BTreeMap::new()));
        link.group = group;
        link.state = LinkState::Linked;
        link.peers.insert(system, peer_id.to_owned());
        let outcome = store.replace_link(&claim.key, &link, version).await?;
        drop(held);
        match outcome {
            PutOutcome::Created => Ok(Link {
                version: version + 1,
                ..link
            }),
            // We held it past max_hold and another worker completed it: theirs stands.
            PutOutcome::Exists(current) if current.state == LinkState::Linked => Ok(current),
            PutOutcome::Exists(_) => Err(Error::ClaimLost(claim.key.to_string())),
        }
    }

    /// Renews every claim held, every third of a lease, forever: run it
    /// beside the handler (it stops when dropped).
    pub async fn keep_alive(&self, store: &dyn Links) -> std::convert::Infallible {
        loop {
            tokio::time::sleep(self.policy.lease / 3).await;
            let mut held = self.held.lock().await;
            for (key, claim) in held.iter_mut() {
                claim.version = self.renew(store, key, claim.version).await;
            }
        }
    }

    /// Gives back the claims this message did not complete (its handler
    /// ended early), so waiters take them over at once instead of after a lease.
    pub async fn release_all(&self, store: &dyn Links) {
        let held: Vec<(LinkKey, Held)> = self.held.lock().await.drain().collect();
        for (key, Held { version, before }) in held {
            let Ok(Some(current)) = store.get_link(&key).await else {
                continue;
            };
            if current.version != version {
                continue;
            }
            // Back as it was; a claim that made the link is left expired
            // (taken at time 0: past any max_hold), free for anyone.
            let released = before.unwrap_or_else(|| Link::pending(&current.group, &self.owner, 0));
            if let Err(error) = store.replace_link(&key, &released, version).await {
                tracing::warn!(message = "Could not give a claim back; it expires by itself.", %error);
            }
        }
    }

    async fn hold(
        &self,
        key: &LinkKey,
        group: String,
        version: u64,
        before: Option<Link>,
    ) -> Resolution {
        self.held
            .lock()
            .await
            .insert(key.clone(), Held { version, before });
        Resolution::Claimed(Claim {
            key: key.clone(),
            group,
        })
    }

    /// How long the pending `link` stays valid; zero once it has expired.
    fn time_left(&self, link: &Link) -> Duration {
        let LinkState::Pending {
            since_ms,
            renewed_ms,
            ..
        } = &link.state
        else {
            return Duration::ZERO;
        };
        let lease = self.policy.lease.as_millis() as i64;
        let cap = self.policy.max_hold.as_millis() as i64;
        let last = renewed_ms.unwrap_or(*since_ms).max(*since_ms);
        let until = (last + lease).min(since_ms + cap);
        Duration::from_millis((until - now_ms()).max(0) as u64)
    }

    /// Renews one claim; returns its version afterwards. A claim lost to a
    /// takeover keeps its old version, so `complete` reports `ClaimLost`.
    async fn renew(&self, store: &dyn Links, key: &LinkKey, version: u64) -> u64 {
        let Ok(Some(mut current)) = store.get_link(key).await else {
            return version;
        };
        let LinkState::Pending {
            owner, renewed_ms, ..
        } = &mut current.state
        else {
            return version;
        };
        if current.version != version || owner != &self.owner {
            return version;
        }
        *renewed_ms = Some(now_ms());
        match store.replace_link(key, &current, version).await {
            Ok(PutOutcome::Created) => version + 1,
            _ => version,
        }
    }
}

/// Writes a complete link for a record this worker owns outright (an order,
/// whose events are serialised by their queue group), in both directions.
pub async fn upsert(
    store: &dyn Links,
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

#[cfg(test)]
mod tests;
