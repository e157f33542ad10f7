//! The "Dry run" page: pick a record (system, kind, id) and see what each
//! flow would do with it now (`flows::dry_run`, the admin API's
//! `POST /admin/tenants/{t}/dry-run`). The form is a GET: a dry run
//! writes nothing, so its page can be reloaded and bookmarked.

use super::layout::{page, problem};
use crate::admin::AdminState;
use crate::admin::dry_run::{DryRunRequest, run};
use crate::flows::dry_run::{DryRun, Verdict};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::StatusCode;
use maud::{Markup, html};
use serde::Deserialize;

pub(super) fn routes() -> Router<AdminState> {
    Router::new().route("/console/tenants/{tenant}/dry-run", get(show))
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Asked {
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    entity: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

const SYSTEMS: [(&str, &str); 7] = [
    ("opencart", "OpenCart"),
    ("retailcrm", "RetailCRM"),
    ("moysklad", "MoySklad"),
    ("woocommerce", "WooCommerce"),
    ("shopscript", "Shop-Script"),
    ("webasyst_crm", "Webasyst CRM"),
    ("erp", "ERP"),
];
/// A MoySklad "customer" is a counterparty.
const ENTITIES: [(&str, &str); 6] = [
    ("order", "Order"),
    ("customer", "Customer (MoySklad: counterparty)"),
    ("corporate_customer", "Corporate customer"),
    ("retail_sale", "Retail sale (MoySklad)"),
    ("deal", "Deal (Webasyst CRM)"),
    ("third_party", "Third party (ERP)"),
];

async fn show(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(asked): Query<Asked>,
) -> Response {
    let settings = match crate::admin::existing_tenant(&app, &tenant).await {
        Ok(s) => s,
        Err(e) => {
            return (
                e.status(),
                problem("Dry run", Some(&tenant), &e.to_string()),
            )
                .into_response();
        }
    };
    let (result, status) = match (&asked.system, &asked.entity, &asked.id) {
        (Some(system), Some(entity), Some(id)) => {
            let request = DryRunRequest {
                system: system.clone(),
                entity: entity.clone(),
                id: id.clone(),
            };
            let answer = match request.target() {
                Ok(target) => run(&app, &settings, target).await,
                Err(e) => Err(e),
            };
            match answer {
                Ok(plan) => (Some(Ok(plan)), StatusCode::OK),
                Err(e) => (Some(Err(e.to_string())), e.status()),
            }
        }
        _ => (None, StatusCode::OK),
    };
    let body = html! {
        h1 { "Dry run" }
        (form(&tenant, &asked))
        @match &result {
            None => {},
            Some(Err(message)) => p class="error" role="alert" id="dry-run-error" { (message) },
            Some(Ok(plan)) => (plans(plan)),
        }
    };
    (status, page("Dry run", Some(&tenant), body)).into_response()
}

fn form(tenant: &str, asked: &Asked) -> Markup {
    let chosen = |v: &Option<String>, default: &str| v.clone().unwrap_or_else(|| default.into());
    let system = chosen(&asked.system, "opencart");
    let entity = chosen(&asked.entity, "order");
    html! {
        form class="card" method="get" action=(format!("/console/tenants/{tenant}/dry-run")) {
            p class="muted" { "What each flow would do with this record now. Nothing is written: peers are only read, links are not claimed." }
            label for="system" { "System" }
            select name="system" id="system" {
                @for (v, l) in SYSTEMS { option value=(v) selected[v == system] { (l) } }
            }
            label for="entity" { "Record" }
            select name="entity" id="entity" {
                @for (v, l) in ENTITIES { option value=(v) selected[v == entity] { (l) } }
            }
            label for="id" { "Id in that system" }
            input type="text" name="id" id="id" value=(asked.id.clone().unwrap_or_default()) required;
            p { button type="submit" id="run" { "Dry run" } }
        }
    }
}

fn plans(plan: &DryRun) -> Markup {
    html! {
        div id="plan" {
            @if plan.flows.is_empty() {
                p class="card" id="no-flows" { "No flow on for this tenant takes " (plan.system) " records of this kind." }
            }
            @for flow in &plan.flows {
                div class="card flow" id=(format!("flow-{}", flow.flow)) {
                    h2 { (flow.flow) " — " (verdict(flow.verdict)) }
                    @if let Some(reason) = &flow.reason { p class="muted reason" { (reason) } }
                    @if flow.verdict == Verdict::Apply && flow.commands.is_empty() {
                        p { "Nothing to write: the peers are in step." }
                    }
                    @if !flow.commands.is_empty() {
                        table class="commands" {
                            tr { th { "#" } th { "Where" } th { "Action" } th { "Rule" } th { "Record" } th { "Data" } }
                            @for (n, c) in flow.commands.iter().enumerate() {
                                tr {
                                    td { (n + 1) } td { (c.target) } td class="action" { (c.action) }
                                    td { (c.rule.unwrap_or("")) } td { (c.record.clone().unwrap_or_default()) }
                                    td { @if !c.data.is_null() {
                                        details { summary { "data" } pre { (serde_json::to_string_pretty(&c.data).unwrap_or_default()) } }
                                    } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn verdict(v: Verdict) -> &'static str {
    match v {
        Verdict::Apply => "would apply",
        Verdict::Skip => "would skip",
        Verdict::NotPreviewed => "no dry run for this flow",
    }
}
