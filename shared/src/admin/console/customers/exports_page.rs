//! CM-4 in the background on a page: the export menu's "in the background"
//! form queues a job (`POST`), and the exports page lists the recent jobs
//! with their progress, reloading itself every two seconds while one is
//! queued or running, with a download link for each finished file.

use crate::admin::AdminState;
use crate::admin::console::layout::{page, problem};
use crate::admin::customers::jobs::{queue, state_name};
use crate::admin::customers::params::ListParams;
use crate::admin::existing_tenant;
use crate::customers::export_job::{ExportJob, JobState, jobs};
use crate::customers::filter::{GroupChoice, Search};
use crate::hooks::ApiError;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

/// Queues the posted export and goes to the exports page.
pub(super) async fn create(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Form(params): Form<ListParams>,
) -> Response {
    match queue(&app, &tenant, &params).await {
        Ok(_) => {
            Redirect::to(&format!("/console/tenants/{tenant}/customers/exports")).into_response()
        }
        Err(e) => (e.status(), problem("Export", Some(&tenant), &e.to_string())).into_response(),
    }
}

pub(super) async fn show(State(app): State<AdminState>, Path(tenant): Path<String>) -> Response {
    match render(&app, &tenant).await {
        Ok(markup) => markup.into_response(),
        Err(e) => (
            e.status(),
            problem("Exports", Some(&tenant), &e.to_string()),
        )
            .into_response(),
    }
}

async fn render(app: &AdminState, tenant: &str) -> Result<Markup, ApiError> {
    let id = existing_tenant(app, tenant).await?.id;
    let jobs = jobs::list(app.store.as_ref(), &id).await?;
    let active = jobs
        .iter()
        .any(|j| matches!(j.state, JobState::Queued | JobState::Running));
    let body = html! {
        // No script: the page reloads itself while a job is under way.
        @if active { meta http-equiv="refresh" content="2"; }
        div class="card" {
            h1 { "Customer exports" }
            p { a href=(format!("/console/tenants/{tenant}/customers")) { "Back to the customers" }
                " · " a href="" id="refresh" { "Refresh" } }
            @if jobs.is_empty() {
                p class="muted" id="no-exports" { "No export yet: choose \"in the background\" in the customer list's export menu." }
            } @else {
                table id="exports" {
                    thead { tr { th { "Requested" } th { "System" } th { "Filter" } th { "Format" }
                        th { "State" } th { "Progress" } th { "File" } } }
                    tbody { @for job in &jobs { (row(tenant, job)) } }
                }
            }
        }
    };
    Ok(page("Customer exports", Some(tenant), body))
}

fn row(tenant: &str, job: &ExportJob) -> Markup {
    html! {
        tr id=(format!("export-{}", job.id)) data-state=(state_name(job.state)) {
            td { (when(job.requested_at)) }
            td { (job.system) }
            td { (filter_text(job)) }
            td { (job.format.to_uppercase()) }
            td class="state" { (state_name(job.state))
                @if let Some(error) = &job.error {
                    br; span class="error" { (error) @if job.retrying { " (will be retried)" } }
                }
            }
            td class="progress" {
                @match job.percent() {
                    Some(percent) => { progress max="100" value=(percent) { (percent) "%" } " " (percent) "% · " }
                    None => {}
                }
                (job.rows) " written"
                @if let Some(of) = job.of { " · " (job.read) " of " (of) " read" }
            }
            td {
                @if job.state == JobState::Ready {
                    a class="download" href=(format!("/admin/tenants/{tenant}/customers/exports/{}/file", job.id)) { "Download" }
                    @if let Some(bytes) = job.bytes { " (" (bytes / 1024) " KiB)" }
                }
            }
        }
    }
}

/// The filter in words.
fn filter_text(job: &ExportJob) -> String {
    let group = match &job.filter.group {
        GroupChoice::All => "all customers".to_owned(),
        GroupChoice::NoGroup => "no group".to_owned(),
        GroupChoice::Group(id) => format!("group {id}"),
    };
    match &job.filter.search {
        None => group,
        Some(Search::Text(text)) => format!("{group}, \"{text}\""),
        Some(Search::Phone(digits)) => format!("{group}, phone {digits}"),
    }
}

/// Unix ms as `2026-12-02 01:02:03 UTC`.
fn when(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms / 1000)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| ms.to_string())
}
