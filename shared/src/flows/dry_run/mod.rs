//! Dry runs: what each flow would do with one record now, without doing
//! it. For a record of a peer, every flow on for the tenant that consumes
//! that peer's records of that kind is asked for its plan: the state is
//! loaded as the flow's `apply` loads it, but only with reads (links are
//! read, never claimed; peers are only read), and the flow's pure rules
//! turn it into the commands they would have carried out.
//!
//! - `opencart_order`: `opencart_crm` (OC-F1..OC-F4, OC-X1);
//! - `crm_order`: `crm_opencart` (OC-R1..OC-R5);
//! - `crm_moysklad`: `crm_moysklad` for a CRM order (MS-M1..MS-M6, MS-B2).
//!
//! A flow with no dry run yet says so (`Verdict::NotPreviewed`), so a
//! merchant never reads "nothing to do" for a flow that was not asked.

mod crm_moysklad;
mod crm_order;
mod opencart_order;

use crate::error::Result;
use crate::flows::Registry;
use crate::model::{EntityKind, System};
use crate::peers::Peers;
use crate::settings::TenantSettings;
use crate::store::Store;
use serde::Serialize;
use serde_json::Value;

/// What to dry-run: a record of a peer.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub system: System,
    pub entity: EntityKind,
    pub id: &'a str,
}

/// The answer: one plan per flow that consumes the record.
#[derive(Debug, Clone, Serialize)]
pub struct DryRun {
    /// As the hooks spell it (`opencart`, `retailcrm`, ...).
    pub system: &'static str,
    pub entity: EntityKind,
    pub id: String,
    pub flows: Vec<FlowPlan>,
}

/// One flow's plan.
#[derive(Debug, Clone, Serialize)]
pub struct FlowPlan {
    pub flow: &'static str,
    pub verdict: Verdict,
    /// Why it would skip, or what could not be previewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// In the order the flow would carry them out.
    pub commands: Vec<Command>,
}

/// What a flow would do with the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// It would carry out `commands` (empty: everything is in step already).
    Apply,
    /// Its rules skip the record (`reason`).
    Skip,
    /// This flow has no dry run.
    NotPreviewed,
}

/// One write the flow would make.
#[derive(Debug, Clone, Serialize)]
pub struct Command {
    /// Where: a peer (`retailcrm`, `opencart`, ...) or `synclane` (links, journal).
    pub target: &'static str,
    /// e.g. `create_customer`, `edit_order`, `record_link`.
    pub action: &'static str,
    /// The rule that asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// The record it touches, when it exists already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// What would be written.
    #[serde(skip_serializing_if = "Value::is_null")]
    pub data: Value,
}

impl Command {
    pub(crate) fn new(target: &'static str, action: &'static str) -> Self {
        Command {
            target,
            action,
            rule: None,
            record: None,
            data: Value::Null,
        }
    }

    pub(crate) fn rule(mut self, rule: &'static str) -> Self {
        self.rule = Some(rule);
        self
    }

    pub(crate) fn record(mut self, record: impl ToString) -> Self {
        self.record = Some(record.to_string());
        self
    }

    pub(crate) fn data(mut self, data: &impl Serialize) -> Self {
        self.data = serde_json::to_value(data).unwrap_or(Value::Null);
        self
    }
}

impl FlowPlan {
    pub(crate) fn apply(flow: &'static str, commands: Vec<Command>) -> Self {
        FlowPlan {
            flow,
            verdict: Verdict::Apply,
            reason: None,
            commands,
        }
    }

    pub(crate) fn skip(flow: &'static str, reason: impl Into<String>) -> Self {
        FlowPlan {
            flow,
            verdict: Verdict::Skip,
            reason: Some(reason.into()),
            commands: Vec::new(),
        }
    }
}

/// What the store and peers are read through.
pub struct Reads<'a> {
    pub store: &'a Store,
    pub peers: &'a Peers,
    pub tenant: &'a TenantSettings,
}

fn is_crm_order(target: Target<'_>) -> bool {
    target.system == System::RetailCrm && target.entity == EntityKind::Order
}

/// Every subscribed flow's plan for `target`. Reads only.
pub async fn dry_run(reads: &Reads<'_>, registry: &Registry, target: Target<'_>) -> Result<DryRun> {
    let mut flows = Vec::new();
    for flow in registry.subscribers(reads.tenant, target.system, target.entity, false) {
        let plan = match flow.id() {
            "opencart_crm" => opencart_order::plan(reads, target.id).await?,
            "crm_opencart" => crm_order::plan(reads, target.id).await?,
            "crm_moysklad" if is_crm_order(target) => crm_moysklad::plan(reads, target.id).await?,
            other => FlowPlan {
                flow: other,
                verdict: Verdict::NotPreviewed,
                reason: Some("this flow has no dry run yet".into()),
                commands: Vec::new(),
            },
        };
        flows.push(plan);
    }
    Ok(DryRun {
        system: target.system.as_str(),
        entity: target.entity,
        id: target.id.to_owned(),
        flows,
    })
}
