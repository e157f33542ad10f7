//! The Connections page: one card per peer the tenant's settings
//! configure, each with a "Test connection" button that makes one cheap
//! read-only call through our connector (`admin::connections`) and shows
//! what the peer answered: ok with a short summary, or the error's kind
//! and message (secrets replaced by `***`).

use super::layout::{page, problem};
use crate::admin::connections::{self, Connection, Probe};
use crate::admin::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

pub(super) async fn show(State(app): State<AdminState>, Path(tenant): Path<String>) -> Response {
    answer(&tenant, render(&app, &tenant, None).await)
}

pub(super) async fn test(
    State(app): State<AdminState>,
    Path((tenant, system)): Path<(String, String)>,
) -> Response {
    let result = async {
        let settings = existing_tenant(&app, &tenant).await?;
        let probe = connections::run(&app, &settings, &system).await?;
        render(&app, &tenant, Some(probe)).await
    }
    .await;
    answer(&tenant, result)
}

fn answer(tenant: &str, result: Result<Markup, ApiError>) -> Response {
    match result {
        Ok(markup) => markup.into_response(),
        Err(e) => (
            e.status(),
            problem("Connections", Some(tenant), &e.to_string()),
        )
            .into_response(),
    }
}

async fn render(app: &AdminState, tenant: &str, probe: Option<Probe>) -> Result<Markup, ApiError> {
    let settings = existing_tenant(app, tenant).await?;
    let all = connections::configured(&settings);
    let body = html! {
        h1 { "Connections" }
        @if all.is_empty() {
            p class="muted" id="no-connections" { "No peer is configured yet." }
        }
        div style="display:grid;grid-template-columns:repeat(auto-fill,minmax(22em,1fr));gap:1em" {
            @for connection in &all {
                (card(tenant, connection, probe.as_ref().filter(|p| p.system == connection.system)))
            }
        }
    };
    Ok(page("Connections", Some(tenant), body))
}

fn card(tenant: &str, connection: &Connection, probe: Option<&Probe>) -> Markup {
    let system = connection.system.as_str();
    let action = format!("/console/tenants/{tenant}/connections/{system}/test");
    html! {
        div class="card" id=(format!("connection-{system}")) {
            h2 style="margin-top:0" { (connection.name) }
            p class="muted" { (connection.target) }
            form method="post" action=(action) style="margin:0" {
                button type="submit" id=(format!("test-{system}")) { "Test connection" }
            }
            @if let Some(probe) = probe {
                (result(probe))
            }
        }
    }
}

fn result(probe: &Probe) -> Markup {
    let id = format!("result-{}", probe.system.as_str());
    html! {
        @if probe.ok {
            p class="notice" role="status" id=(id) style="margin-top:.8em" {
                strong { "OK" } " · " (probe.summary.as_deref().unwrap_or_default())
                @if probe.called { " " span class="muted" { "(" (probe.elapsed_ms) " ms)" } }
            }
        } @else if let Some(error) = &probe.error {
            p class="error" role="alert" id=(id) style="margin-top:.8em" {
                "Failed (" span class="kind" { (error.kind) } "): " (error.message)
                " " span class="muted" { "(" (probe.elapsed_ms) " ms)" }
            }
        }
    }
}
