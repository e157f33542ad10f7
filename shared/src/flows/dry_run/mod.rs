//! Dry runs: what each flow would do with one record now, without doing
//! it. For a record of a peer, every flow on for the tenant that consumes
//! that peer's records of that kind is asked for its plan: the state is
//! loaded as the flow's `apply` loads it, but only with reads (links are
//! read, never claimed; peers are only read), and the flow's pure rules
//! turn it into the commands they would have carried out.
//!
//! - `opencart_order`: `opencart_crm` (OC-F1..OC-F4, OC-X1);
//! - `crm_order`: `crm_opencart` (OC-R1..OC-R5);
//! - `crm_moysklad`: `crm_moysklad` for a CRM order (MS-M1..MS-M6, MS-B2);
//! - `crm_customer_ms`: `crm_moysklad` for a CRM customer or corporate
//!   customer (MS-S16);
//! - `ms_inbound`: `crm_moysklad` for a MoySklad order (MS-S5, MS-M12) or
//!   counterparty (MS-B4);
//! - `erp_woo`: `erp_woocommerce` for a WooCommerce customer (its repair
//!   mark); an ERP third party is a skip that says why (no read-back);
//! - `ms_retail`: `moysklad_retail` for a MoySklad retail sale
//!   (MS-R1..MS-R4, MS-C3, MS-C5);
//! - `shopscript`: `shopscript_deals` for a Shop-Script order (SS-2..SS-4)
//!   or a Webasyst CRM deal (SS-4..SS-6).
//!
//! Every flow that takes orders or customers has one. A flow with no dry
//! run for a record (`crm_moysklad` for a MoySklad shipment) says so
//! (`Verdict::NotPreviewed`), so a merchant never reads "nothing to do"
//! for a flow that was not asked.

mod crm_customer_ms;
mod crm_moysklad;
mod crm_order;
mod erp_woo;
mod ms_inbound;
mod ms_retail;
mod opencart_order;
mod shopscript;

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

/// The dry run of `flow` for `target`, when it has one.
async fn plan_of(reads: &Reads<'_>, flow: &str, target: Target<'_>) -> Result<Option<FlowPlan>> {
    use EntityKind::{CorporateCustomer, Customer, Deal, Order, RetailSale};
    use System::{Erp, MoySklad, RetailCrm, ShopScript, WebasystCrm, WooCommerce};
    let id = target.id;
    let plan = match (flow, target.system, target.entity) {
        ("opencart_crm", _, _) => opencart_order::plan(reads, id).await?,
        ("crm_opencart", _, _) => crm_order::plan(reads, id).await?,
        ("crm_moysklad", RetailCrm, Order) => crm_moysklad::plan(reads, id).await?,
        ("crm_moysklad", RetailCrm, entity @ (Customer | CorporateCustomer)) => {
            crm_customer_ms::plan(reads, entity, id).await?
        }
        ("crm_moysklad", MoySklad, entity @ (Order | Customer)) => {
            ms_inbound::plan(reads, entity, id).await?
        }
        ("erp_woocommerce", WooCommerce, Customer) => erp_woo::customer(reads, id).await?,
        ("erp_woocommerce", Erp, _) => erp_woo::third_party(),
        ("moysklad_retail", MoySklad, RetailSale) => ms_retail::plan(reads, id).await?,
        ("shopscript_deals", ShopScript, Order) => shopscript::order(reads, id).await?,
        ("shopscript_deals", WebasystCrm, Deal) => shopscript::deal(reads, id).await?,
        _ => return Ok(None),
    };
    Ok(Some(plan))
}

/// Every subscribed flow's plan for `target`. Reads only.
pub async fn dry_run(reads: &Reads<'_>, registry: &Registry, target: Target<'_>) -> Result<DryRun> {
    let mut flows = Vec::new();
    for flow in registry.subscribers(reads.tenant, target.system, target.entity, false) {
        let plan = match plan_of(reads, flow.id(), target).await? {
            Some(plan) => plan,
            None => FlowPlan {
                flow: flow.id(),
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
