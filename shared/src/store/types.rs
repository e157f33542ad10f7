//! Records kept by the `Store`.

use crate::model::{EntityKind, System, TenantId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Result of a conditional write.
#[derive(Debug, Clone, PartialEq)]
pub enum PutOutcome<T> {
    /// The write happened.
    Created,
    /// The condition failed; this is what is stored now.
    Exists(T),
}

impl<T> PutOutcome<T> {
    pub fn is_created(&self) -> bool {
        matches!(self, PutOutcome::Created)
    }
}

/// Identifies one record of one system: `(tenant, kind, system, external id)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LinkKey {
    pub tenant: TenantId,
    pub kind: EntityKind,
    pub system: System,
    pub external_id: String,
}

impl LinkKey {
    pub fn new(
        tenant: &TenantId,
        kind: EntityKind,
        system: System,
        external_id: impl Into<String>,
    ) -> Self {
        LinkKey {
            tenant: tenant.clone(),
            kind,
            system,
            external_id: external_id.into(),
        }
    }

    /// `kind#system#external_id`: the sort key inside a tenant's partition.
    pub fn sort_key(&self) -> String {
        format!("{}#{}#{}", self.kind, self.system, self.external_id)
    }
}

/// Whether the counterpart records of a link are known yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LinkState {
    /// A worker claimed this record to create its counterparts: `owner` (the
    /// message being processed) since `since_ms` (unix ms), last renewed at
    /// `renewed_ms`. Others wait until it is linked or the claim expires
    /// (see `worker::links`).
    Pending {
        since_ms: i64,
        owner: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        renewed_ms: Option<i64>,
    },
    /// Counterparts are recorded in `peers`.
    Linked,
}

/// Where a record belongs: its link group and the ids of its counterparts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Records that are "the same thing" share one group id.
    pub group: String,
    pub state: LinkState,
    /// Counterpart id per system, so a lookup needs one read.
    pub peers: BTreeMap<System, String>,
    /// Fingerprint of what we last wrote to or read from this record (echo suppression).
    pub fingerprint: Option<String>,
    /// Modification stamp of the newest source snapshot applied (stale events are dropped).
    pub source_version: Option<String>,
    /// Optimistic-concurrency version, maintained by the store.
    pub version: u64,
}

impl Link {
    pub fn pending(group: impl Into<String>, owner: impl Into<String>, now_ms: i64) -> Self {
        Link {
            group: group.into(),
            state: LinkState::Pending {
                since_ms: now_ms,
                owner: owner.into(),
                renewed_ms: None,
            },
            peers: BTreeMap::new(),
            fingerprint: None,
            source_version: None,
            version: 1,
        }
    }

    pub fn linked(group: impl Into<String>, peers: BTreeMap<System, String>) -> Self {
        Link {
            group: group.into(),
            state: LinkState::Linked,
            peers,
            fingerprint: None,
            source_version: None,
            version: 1,
        }
    }

    pub fn peer(&self, system: System) -> Option<&str> {
        self.peers.get(&system).map(String::as_str)
    }
}

/// A named position in a peer's change feed (e.g. CRM history `sinceId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub value: String,
    pub version: u64,
}

/// One problem worth showing the merchant (the seeds' "Журнал").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Unix milliseconds.
    pub at_ms: i64,
    /// e.g. "order", "customer".
    pub entity: String,
    /// The record's id at its source.
    pub external_id: String,
    pub message: String,
    /// How bad it is (entries written before levels existed read as `Info`).
    #[serde(default)]
    pub level: JournalLevel,
    /// The flow (or scheduled job) the entry is about, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
}

/// A journal entry's severity: a note, a failure being retried, or a
/// failure that needs the merchant (a dead letter, a failed job).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum JournalLevel {
    #[default]
    Info,
    Warning,
    Error,
}

impl JournalLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            JournalLevel::Info => "info",
            JournalLevel::Warning => "warning",
            JournalLevel::Error => "error",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            JournalLevel::Info,
            JournalLevel::Warning,
            JournalLevel::Error,
        ]
        .into_iter()
        .find(|l| l.as_str() == raw)
    }
}

/// A link as the console shows it: its key, the link, and when the store
/// last wrote it (unix ms; `None` for links written before the stamp was
/// kept). Every sync that changes a record rewrites its link (the
/// fingerprint), so the stamp is the record's last sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StampedLink {
    pub key: LinkKey,
    pub link: Link,
    pub written_ms: Option<i64>,
}

impl std::fmt::Display for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.tenant, self.sort_key())
    }
}
