//! The Links page: search an id of any system and see the records linked
//! to it across systems, each with its last sync (`admin::links`).

use super::layout::{page, problem};
use super::when::when;
use crate::admin::AdminState;
use crate::admin::links::{Found, LinkQuery, checked, search};
use crate::model::System;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

/// The form's query: both empty before the first search.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Search {
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

const SYSTEMS: [System; 7] = [
    System::OpenCart,
    System::RetailCrm,
    System::MoySklad,
    System::WooCommerce,
    System::ShopScript,
    System::WebasystCrm,
    System::Erp,
];

pub(super) async fn show(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(params): Query<Search>,
) -> Response {
    let id = params.id.clone().unwrap_or_default();
    if id.trim().is_empty() {
        return render(&tenant, &params, None).into_response();
    }
    let query = LinkQuery {
        system: params.system.clone().unwrap_or_default(),
        id,
    };
    let result = match checked(&query) {
        Ok((system, id)) => search(&app, &tenant, system, &id).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(found) => render(&tenant, &params, Some(&found)).into_response(),
        Err(e) => (e.status(), problem("Links", Some(&tenant), &e.to_string())).into_response(),
    }
}

fn render(tenant: &str, params: &Search, found: Option<&Found>) -> Markup {
    let chosen = params.system.as_deref().unwrap_or("opencart");
    let body = html! {
        h1 { "Links" }
        form class="card toolbar" method="get" action=(format!("/console/tenants/{tenant}/links")) {
            select name="system" id="system" aria-label="System" {
                @for s in SYSTEMS { option value=(s.as_str()) selected[s.as_str() == chosen] { (s.as_str()) } }
            }
            input type="text" name="id" id="link-id" placeholder="Record id" value=(params.id.clone().unwrap_or_default());
            button type="submit" id="find" { "Find" }
        }
        @if let Some(found) = found {
            @if found.records.is_empty() {
                p class="muted" id="no-links" { "Nothing is linked to " (found.system) " " (found.id) "." }
            } @else {
                table id="links" {
                    thead { tr { th { "System" } th { "Kind" } th { "Id" } th { "State" } th { "Last sync (UTC)" } th { "Group" } } }
                    tbody {
                        @for r in &found.records {
                            tr style=[r.searched.then_some("background:#e3ecf7;font-weight:600")] {
                                td { (r.system) } td { (r.kind) } td class="record-id" { (r.id) } td { (r.state) }
                                td { @match r.synced_ms { Some(ms) => (when(ms)), None => span class="muted" { "before stamps" } } }
                                td class="muted" { (r.group) }
                            }
                        }
                    }
                }
            }
        }
    };
    page("Links", Some(tenant), body)
}
