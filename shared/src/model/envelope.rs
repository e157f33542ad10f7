//! The envelope that carries one peer event through the queue.

use super::{EntityKind, System, TenantId};
use serde::{Deserialize, Serialize};

/// What happened at the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Created,
    Updated,
    Deleted,
}

/// One event, normalised by a hook or a poll, on its way to the worker.
///
/// `payload` is the source's own representation (e.g. OpenCart's order array):
/// the worker maps it with the source's connector, so hooks stay thin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    pub tenant: TenantId,
    pub source: System,
    pub kind: EventKind,
    pub entity: EntityKind,
    pub external_id: String,
    /// Identical deliveries of one event share this key.
    pub dedupe_key: String,
    /// Unix milliseconds when the hook or poll accepted the event.
    pub received_at: i64,
    pub payload: serde_json::Value,
    /// The flow this copy of the event is for (`flows::Registry::fan_out`
    /// makes one copy per subscribed flow). `None` only on a source event
    /// not yet fanned out (and on messages queued before flows existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
}

impl Envelope {
    /// Events of one record are processed in order, one at a time, per
    /// flow; records and flows run in parallel.
    pub fn group_key(&self) -> String {
        match &self.flow {
            Some(flow) => format!(
                "{}#{flow}#{}#{}#{}",
                self.tenant, self.source, self.entity, self.external_id
            ),
            None => format!(
                "{}#{}#{}#{}",
                self.tenant, self.source, self.entity, self.external_id
            ),
        }
    }

    /// This event's copy for `flow`: its own queue group and dedupe id.
    pub fn for_flow(&self, flow: &str) -> Envelope {
        Envelope {
            flow: Some(flow.to_owned()),
            dedupe_key: format!("{}#{flow}", self.dedupe_key),
            ..self.clone()
        }
    }
}
