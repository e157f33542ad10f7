//! CM-1 and CM-4 on a page: a tab per connected system whose customers are
//! listed (OpenCart, RetailCRM, WooCommerce), the groups with their counts
//! on the left ("all", each group, "no group" where the system has it), the
//! filtered list on the right with a search box, paging, and the export
//! menu (the streamed export of the same filter, or a background job).

use crate::admin::AdminState;
use crate::admin::console::layout::{page, problem};
use crate::admin::customers::list::load;
use crate::admin::customers::params::ListParams;
use crate::admin::customers::{peer_error, source};
use crate::customers::opencart::Groups;
use crate::customers::source::{CustomerSource, LISTED_SYSTEMS};
use crate::hooks::ApiError;
use crate::model::System;
use crate::settings::TenantSettings;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

pub(super) async fn show(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(params): Query<ListParams>,
) -> Response {
    match render(&app, &tenant, &params).await {
        Ok(markup) => markup.into_response(),
        Err(e) => (
            e.status(),
            problem("Customers", Some(&tenant), &e.to_string()),
        )
            .into_response(),
    }
}

async fn render(app: &AdminState, tenant: &str, params: &ListParams) -> Result<Markup, ApiError> {
    let system = params.system()?;
    let (settings, client) = source(app, tenant, system).await?;
    let groups = client.groups().await.map_err(peer_error)?;
    let (_, found) = load(app, tenant, params).await?;
    let query = filter_query(params);
    let pages = found.total.div_ceil(u64::from(found.per_page)).max(1);
    // Every listed system's customers are edited here (CM-2); the CRM and
    // WooCommerce pages are told apart by `?system=`.
    let suffix = match system {
        System::OpenCart => String::new(),
        other => format!("?system={}", other.as_str()),
    };
    let body = html! {
        (system_tabs(tenant, &settings, system))
        div class="panes" {
            nav class="left" aria-label="Customer groups" { (group_links(tenant, system, &groups, params)) }
            section class="right" {
                div class="toolbar" {
                    form method="get" action=(format!("/console/tenants/{tenant}/customers")) {
                        input type="hidden" name="system" value=(system.as_str());
                        @if let Some(group) = &params.group { input type="hidden" name="group" value=(group); }
                        @if params.no_group.is_some() { input type="hidden" name="no_group" value="1"; }
                        input type="text" name="q" id="search" value=(params.q.clone().unwrap_or_default())
                            placeholder="Name, e-mail or phone";
                        " " button type="submit" id="search-button" { "Search" }
                    }
                    a class="button" id="new-customer" href=(format!("/console/tenants/{tenant}/customers/new{suffix}")) { "Add customer" }
                    span { "Export: "
                        @for (format, label) in FORMATS {
                            a id=(format!("export-{format}"))
                              href=(format!("/admin/tenants/{tenant}/customers/export?format={format}{query}")) { (label) } " "
                        }
                    }
                    // A long list: a job writes the file while the merchant does something else.
                    form method="post" id="export-background" action=(format!("/console/tenants/{tenant}/customers/exports")) {
                        input type="hidden" name="system" value=(system.as_str());
                        @if let Some(group) = params.group.as_deref().filter(|g| !g.is_empty()) { input type="hidden" name="group" value=(group); }
                        @if params.no_group.is_some() { input type="hidden" name="no_group" value="1"; }
                        @if let Some(q) = params.q.as_deref().filter(|q| !q.is_empty()) { input type="hidden" name="q" value=(q); }
                        select name="format" id="background-format" aria-label="Format" {
                            @for (format, label) in FORMATS { option value=(format) { (label) } }
                        }
                        " " button type="submit" id="export-background-button" { "Export in the background" }
                        " " a href=(format!("/console/tenants/{tenant}/customers/exports")) id="exports-link" { "Exports" }
                    }
                }
                p class="muted" id="total" { (found.total) " customer(s)" }
                table id="customers" {
                    thead { tr { th { "ID" } th { "Name" } th { "E-mail" } th { "Phone" } th { "Group" }
                        th { "Newsletter" } th { "Linked records" } } }
                    tbody {
                        @for row in &found.rows {
                            tr {
                                td { (row.id) }
                                td { a href=(format!("/console/tenants/{tenant}/customers/{}{suffix}", row.id)) { (row.full_name()) } }
                                td { (row.email) } td { (row.phone) } td { (row.group) }
                                td { @if row.newsletter { "yes" } @else { "no" } }
                                td { @for link in &row.linked { span class="linked" { (link.system.as_str()) " " (link.id) } " " } }
                            }
                        }
                    }
                }
                @if pages > 1 {
                    p { "Page " (found.page) " of " (pages) " "
                        @if found.page > 1 { a href=(format!("?page={}{query}", found.page - 1)) { "‹ Previous" } " " }
                        @if u64::from(found.page) < pages { a href=(format!("?page={}{query}", found.page + 1)) id="next-page" { "Next ›" } }
                    }
                }
            }
        }
    };
    Ok(page("Customers", Some(tenant), body))
}

/// The export formats, as the menu offers them.
const FORMATS: [(&str, &str); 4] = [
    ("csv", "CSV"),
    ("xlsx", "XLSX"),
    ("html", "HTML"),
    ("xml", "XML"),
];

/// A tab per connected system whose customers are listed.
fn system_tabs(tenant: &str, settings: &TenantSettings, current: System) -> Markup {
    let connected = LISTED_SYSTEMS
        .into_iter()
        .filter(|s| CustomerSource::missing(settings, *s).is_none());
    html! {
        nav class="tabs" aria-label="Systems" {
            @for system in connected {
                a id=(format!("system-{}", system.as_str()))
                  href=(format!("/console/tenants/{tenant}/customers?system={}", system.as_str()))
                  class=[(system == current).then_some("on")] { (system_label(system)) }
            }
        }
    }
}

fn system_label(system: System) -> &'static str {
    match system {
        System::OpenCart => "OpenCart",
        System::RetailCrm => "RetailCRM",
        System::WooCommerce => "WooCommerce",
        other => other.as_str(),
    }
}

fn group_links(tenant: &str, system: System, groups: &Groups, params: &ListParams) -> Markup {
    let base = format!(
        "/console/tenants/{tenant}/customers?system={}",
        system.as_str()
    );
    let all_on = params.group.is_none() && params.no_group.is_none();
    html! {
        a href=(base) class=[all_on.then_some("on")] { "All customers" }
        @for group in &groups.groups {
            a href=(format!("{base}&group={}", group.id))
              class=[(params.group.as_deref() == Some(&group.id)).then_some("on")] {
                (group.name) " (" (group.count) ")"
            }
        }
        // Only OpenCart has customers outside every group (the CRM has no
        // groups at all, and every WooCommerce account has a role).
        @if system == System::OpenCart {
            a href=(format!("{base}&no_group=1")) id="no-group" class=[params.no_group.is_some().then_some("on")] {
                "No group (" (groups.no_group_count) ")"
            }
        }
    }
}

/// `&system=…&group=…&q=…` for the links that keep the current filter.
fn filter_query(params: &ListParams) -> String {
    let mut pairs = Vec::new();
    if let Some(system) = params.system.as_deref().filter(|s| !s.is_empty()) {
        pairs.push(("system", system.to_owned()));
    }
    if let Some(group) = params.group.as_deref().filter(|g| !g.is_empty()) {
        pairs.push(("group", group.to_owned()));
    }
    if params.no_group.is_some() {
        pairs.push(("no_group", "1".to_owned()));
    }
    if let Some(q) = params.q.as_deref().filter(|q| !q.is_empty()) {
        pairs.push(("q", q.to_owned()));
    }
    pairs
        .iter()
        .map(|(k, v)| format!("&{k}={}", urlencode(v)))
        .collect()
}

fn urlencode(raw: &str) -> String {
    serde_urlencoded::to_string([("v", raw)])
        .map(|s| s.trim_start_matches("v=").to_owned())
        .unwrap_or_default()
}
