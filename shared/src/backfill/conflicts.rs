//! The conflicts the passes leave for the merchant (a record with two or
//! more candidates, or whose one candidate is linked elsewhere: CRM
//! customers, CRM orders, MoySklad counterparties) and the merchant's
//! decision on each: resolve (pick a candidate: the pair is linked in the
//! store under the pass's keys, as its run would have, `conflict_keys`; no
//! peer written) or dismiss. Listed in pass order (customers, orders,
//! MoySklad), each pass's latest run.
//!
//! Storage, both backends through `Snapshots` (no new table): the
//! conflicts themselves are the runs' page reports (`checkpoint`); the
//! decisions are entries of their own snapshot (`DECISIONS`), keyed by the
//! conflict's id, so a new run (which rewrites the reports) keeps them: a
//! resolved pair reads as linked already, a dismissed record's conflict
//! stays dismissed while its candidates are the same.
//!
//! Order of writes on resolve: the links, then the decision. A crash
//! between the two leaves the conflict open with its pair linked; resolving
//! it again finds the pair linked already and records the decision.

use super::conflict_keys::{candidate_system, pair};
use super::link::{Paired, link_pair};
use super::pass::Pass;
use super::progress::{Issue, IssueKind};
use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::model::TenantId;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The snapshot holding the merchant's decisions.
pub const DECISIONS: &str = "backfill:decisions";

/// What the merchant decided about a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Not decided yet.
    Open,
    /// Linked to the candidate `chosen`.
    Resolved,
    /// Left unlinked on purpose.
    Dismissed,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Open => "open",
            Decision::Resolved => "resolved",
            Decision::Dismissed => "dismissed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Decision::Open, Decision::Resolved, Decision::Dismissed]
            .into_iter()
            .find(|d| d.as_str() == raw)
    }
}

/// A stored decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    chosen: Option<String>,
    at_ms: i64,
    /// The candidates when decided: a dismissal holds for these only.
    candidates: Vec<String>,
}

/// One conflict as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// `{system}-{record id}` (customers) or `{pass}-{system}-{record id}`:
    /// stable across runs.
    pub id: String,
    /// The pass that reported it.
    pub pass: Pass,
    /// The kind of record linked (`customer`, `order`).
    pub kind: String,
    /// The record's system and id (a CRM customer or order, a counterparty).
    pub system: String,
    pub record: String,
    /// The candidates' system and ids (shop customers as link keys, `c:<id>`;
    /// a corporate CRM customer `corporate:<id>`).
    pub candidate_system: String,
    pub candidates: Vec<String>,
    pub reason: String,
    pub decision: Decision,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chosen: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_ms: Option<i64>,
}

/// Why a decision was refused; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("no such conflict in the latest backfill runs")]
    NotFound,
    #[error("{0} is not one of the conflict's candidates")]
    NotACandidate(String),
    /// The pair cannot be linked (a side linked elsewhere, a sync under way),
    /// or the conflict was resolved already.
    #[error("{0}")]
    Conflicting(String),
    #[error(transparent)]
    Store(#[from] Error),
}

/// The conflict id of a pass's issue.
pub fn conflict_id(pass: Pass, issue: &Issue) -> String {
    match pass {
        // The customer pass's ids came first: kept, so stored decisions hold.
        Pass::Customers => format!("{}-{}", issue.system, issue.id),
        _ => format!("{}-{}-{}", pass.as_str(), issue.system, issue.id),
    }
}

/// Every conflict of each pass's latest run, in pass then report order,
/// with its decision; `None` when no pass has run yet.
pub async fn list(store: &Store, tenant: &TenantId) -> Result<Option<Vec<Conflict>>> {
    let mut issues = Vec::new();
    let mut any = false;
    for pass in Pass::ALL {
        let Some(progress) = pass.load(store, tenant).await? else {
            continue;
        };
        any = true;
        let reports = pass.reports(store, tenant, &progress).await?;
        let conflicts = reports.into_iter().flat_map(|r| r.issues);
        issues.extend(
            conflicts
                .filter(|i| i.kind == IssueKind::Conflict)
                .map(|i| (pass, i)),
        );
    }
    if !any {
        return Ok(None);
    }
    let ids: Vec<String> = issues.iter().map(|(p, i)| conflict_id(*p, i)).collect();
    let decisions = decisions(store, tenant, &ids).await?;
    let listed = issues
        .into_iter()
        .zip(ids)
        .map(|((pass, issue), id)| {
            let stored = decisions
                .get(&id)
                .filter(|s| s.decision == Decision::Resolved || s.candidates == issue.candidates);
            Conflict {
                pass,
                kind: pass.kind().as_str().to_owned(),
                candidate_system: candidate_system(pass, &issue.system).as_str().to_owned(),
                system: issue.system,
                record: issue.id,
                candidates: issue.candidates,
                reason: issue.reason,
                decision: stored.map_or(Decision::Open, |s| s.decision),
                chosen: stored.and_then(|s| s.chosen.clone()),
                decided_ms: stored.map(|s| s.at_ms),
                id,
            }
        })
        .collect();
    Ok(Some(listed))
}

/// The stored decisions of `ids`.
async fn decisions(
    store: &Store,
    tenant: &TenantId,
    ids: &[String],
) -> Result<HashMap<String, Stored>> {
    let mut found = HashMap::new();
    // Pages of keys, as `get_snapshots` asks of its callers.
    for chunk in ids.chunks(500) {
        let values = store
            .snapshots
            .get_snapshots(tenant, DECISIONS, chunk)
            .await?;
        for (key, value) in values {
            let stored = serde_json::from_str(&value)
                .map_err(|e| Error::Storage(format!("backfill decision {key}: {e}")))?;
            found.insert(key, stored);
        }
    }
    Ok(found)
}

async fn find(
    store: &Store,
    tenant: &TenantId,
    id: &str,
) -> std::result::Result<Conflict, Refused> {
    list(store, tenant)
        .await?
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(Refused::NotFound)
}

async fn record(store: &Store, tenant: &TenantId, id: &str, stored: &Stored) -> Result<()> {
    let value = serde_json::to_string(stored)
        .map_err(|e| Error::Storage(format!("backfill decision: {e}")))?;
    store
        .snapshots
        .put_snapshots(tenant, DECISIONS, &[(id.to_owned(), value)])
        .await
}

/// Links conflict `id`'s record to `chosen` (one of its candidates), as
/// its pass would have, and records the decision. Again with the same
/// candidate: the same answer.
pub async fn resolve(
    store: &Store,
    tenant: &TenantId,
    id: &str,
    chosen: &str,
) -> std::result::Result<Conflict, Refused> {
    let mut conflict = find(store, tenant, id).await?;
    if !conflict.candidates.iter().any(|c| c == chosen) {
        return Err(Refused::NotACandidate(chosen.to_owned()));
    }
    let (a, b) = pair(
        tenant,
        conflict.pass,
        &conflict.system,
        &conflict.record,
        chosen,
    )
    .ok_or_else(|| Error::Storage(format!("backfill conflict {id}: not a known pair")))?;
    match link_pair(store.links.as_ref(), &a, &b).await? {
        Paired::Linked | Paired::Already => {}
        Paired::Conflict(why) => return Err(Refused::Conflicting(why)),
    }
    let stored = Stored {
        decision: Decision::Resolved,
        chosen: Some(chosen.to_owned()),
        at_ms: now_ms(),
        candidates: conflict.candidates.clone(),
    };
    record_decision(store, tenant, &mut conflict, stored).await?;
    Ok(conflict)
}

/// Leaves conflict `id` unlinked and says so; refused once it is resolved.
pub async fn dismiss(
    store: &Store,
    tenant: &TenantId,
    id: &str,
) -> std::result::Result<Conflict, Refused> {
    let mut conflict = find(store, tenant, id).await?;
    if conflict.decision == Decision::Resolved {
        return Err(Refused::Conflicting(format!(
            "conflict {id} was resolved already (linked to {})",
            conflict.chosen.as_deref().unwrap_or("?")
        )));
    }
    let stored = Stored {
        decision: Decision::Dismissed,
        chosen: None,
        at_ms: now_ms(),
        candidates: conflict.candidates.clone(),
    };
    record_decision(store, tenant, &mut conflict, stored).await?;
    Ok(conflict)
}

async fn record_decision(
    store: &Store,
    tenant: &TenantId,
    conflict: &mut Conflict,
    stored: Stored,
) -> Result<()> {
    record(store, tenant, &conflict.id, &stored).await?;
    conflict.decision = stored.decision;
    conflict.chosen = stored.chosen;
    conflict.decided_ms = Some(stored.at_ms);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_read_back_from_their_names() {
        for d in [Decision::Open, Decision::Resolved, Decision::Dismissed] {
            assert_eq!(Decision::parse(d.as_str()), Some(d));
        }
        assert_eq!(Decision::parse("all"), None);
    }

    #[test]
    fn customer_conflict_ids_are_kept_the_others_carry_their_pass() {
        let issue = Issue {
            kind: IssueKind::Conflict,
            system: "retailcrm".into(),
            id: "5".into(),
            candidates: vec![],
            reason: String::new(),
        };
        assert_eq!(conflict_id(Pass::Customers, &issue), "retailcrm-5");
        assert_eq!(conflict_id(Pass::Orders, &issue), "orders-retailcrm-5");
    }
}
