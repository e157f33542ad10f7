//! The Journal page: the tenant's journal (`admin::tenants::journal_page`,
//! the API's own query) with a filter form (level, flow, record id, days,
//! text) and paging; newest entries first.

use super::layout::{page, problem};
use super::when::{query, when};
use crate::admin::AdminState;
use crate::admin::journal_filter::{JournalQuery, Page};
use crate::admin::tenants::journal_page;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

/// Entries per page on the console.
const PER_PAGE: usize = 50;

pub(super) async fn show(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(mut params): Query<JournalQuery>,
) -> Response {
    params.per_page = Some(params.per_page.unwrap_or(PER_PAGE));
    match journal_page(&app, &tenant, &params).await {
        Ok(found) => render(&tenant, &params, &found).into_response(),
        Err(e) => (
            e.status(),
            problem("Journal", Some(&tenant), &e.to_string()),
        )
            .into_response(),
    }
}

fn render(tenant: &str, params: &JournalQuery, found: &Page) -> Markup {
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let level = params.level.as_deref().unwrap_or_default();
    let keep = query(&[
        ("level", params.level.as_deref()),
        ("flow", params.flow.as_deref()),
        ("record", params.record.as_deref()),
        ("from", params.from.as_deref()),
        ("to", params.to.as_deref()),
        ("q", params.q.as_deref()),
    ]);
    let body = html! {
        h1 { "Journal" }
        form class="card toolbar" method="get" action=(format!("/console/tenants/{tenant}/journal")) id="journal-filter" {
            select name="level" id="level" aria-label="Level" {
                option value="" selected[level.is_empty()] { "Any level" }
                @for l in ["info", "warning", "error"] {
                    option value=(l) selected[level == l] { (l) }
                }
            }
            input type="text" name="flow" id="flow" placeholder="Flow" value=(value(&params.flow)) style="width:10em";
            input type="text" name="record" id="record" placeholder="Record id" value=(value(&params.record)) style="width:8em";
            label for="from" style="display:inline;margin:0" { "From" }
            input type="date" name="from" id="from" value=(value(&params.from));
            label for="to" style="display:inline;margin:0" { "to" }
            input type="date" name="to" id="to" value=(value(&params.to));
            input type="text" name="q" id="q" placeholder="Search the messages" value=(value(&params.q)) style="width:14em";
            button type="submit" id="filter" { "Filter" }
            a href=(format!("/console/tenants/{tenant}/journal")) { "Clear" }
        }
        p class="muted" id="journal-total" { (found.total) " entr" @if found.total == 1 { "y" } @else { "ies" } }
        table id="journal" {
            thead { tr { th { "Time (UTC)" } th { "Level" } th { "Flow" } th { "Record" } th { "Message" } } }
            tbody {
                @for e in &found.entries {
                    tr class=(format!("level-{}", e.level.as_str())) {
                        td style="white-space:nowrap" { (when(e.at_ms)) }
                        td { @if e.level.as_str() == "error" { strong class="error" { "error" } } @else { (e.level.as_str()) } }
                        td { (e.flow.clone().unwrap_or_default()) }
                        td { (e.entity) " " (e.external_id) }
                        td { (e.message) }
                    }
                }
            }
        }
        @if found.pages > 1 {
            p { "Page " (found.page) " of " (found.pages) " "
                @if found.page > 1 { a href=(format!("?page={}{keep}", found.page - 1)) id="previous-page" { "‹ Previous" } " " }
                @if found.page < found.pages { a href=(format!("?page={}{keep}", found.page + 1)) id="next-page" { "Next ›" } }
            }
        }
    };
    page("Journal", Some(tenant), body)
}
