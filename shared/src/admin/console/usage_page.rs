//! The Usage page: the last 30 days of metered operations (`store::usage`)
//! as a bar chart drawn on the server (`usage_chart`) and a table per day
//! and flow, with the CSV of the same range (`GET …/usage?format=csv`).

use super::layout::{page, problem};
use super::usage_chart::chart;
use crate::admin::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use crate::store::{Day, UsageRow};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use std::collections::BTreeMap;

/// Days shown, today included.
const DAYS: i64 = 30;

pub(super) async fn show(State(app): State<AdminState>, Path(tenant): Path<String>) -> Response {
    let result = async {
        let id = existing_tenant(&app, &tenant).await?.id;
        let to = Day::today();
        let from = to.minus_days(DAYS - 1);
        let rows = app.store.usage.usage(&id, from, to).await?;
        Ok::<_, ApiError>(render(&tenant, from, to, &rows))
    }
    .await;
    match result {
        Ok(markup) => markup.into_response(),
        Err(e) => (e.status(), problem("Usage", Some(&tenant), &e.to_string())).into_response(),
    }
}

fn render(tenant: &str, from: Day, to: Day, rows: &[UsageRow]) -> Markup {
    let mut per_day: BTreeMap<Day, u64> = BTreeMap::new();
    let mut flows: BTreeMap<Day, Vec<(&str, u64)>> = BTreeMap::new();
    for row in rows {
        *per_day.entry(row.day).or_default() += row.operations;
        flows
            .entry(row.day)
            .or_default()
            .push((&row.flow, row.operations));
    }
    let mut days = Vec::new();
    let mut day = Some(from);
    while let Some(d) = day.filter(|d| *d <= to) {
        days.push((d, per_day.get(&d).copied().unwrap_or(0)));
        day = d.next();
    }
    let total: u64 = per_day.values().sum();
    let csv = format!("/admin/tenants/{tenant}/usage?format=csv&from={from}&to={to}");
    let body = html! {
        h1 { "Usage" }
        div class="toolbar" {
            span { "From " (from) " to " (to) " (UTC): " strong id="usage-total" { (total) } " operation(s)" }
            a class="button" id="usage-csv" href=(csv) { "Download CSV" }
        }
        div class="card" { (chart(&days)) }
        table id="usage" {
            thead { tr { th { "Day" } th { "Operations" } th { "Per flow" } } }
            tbody {
                @for (d, n) in days.iter().rev().filter(|(_, n)| *n > 0) {
                    tr {
                        td { (d) } td class="operations" { (n) }
                        td { @for (flow, count) in flows.get(d).into_iter().flatten() { (flow) ": " (count) " " } }
                    }
                }
            }
        }
        @if total == 0 { p class="muted" id="no-usage" { "No operations in these 30 days." } }
    };
    page("Usage", Some(tenant), body)
}
