//! The settings pages: one tab per group of what `TenantSettings` holds
//! (`tabs`), plain forms with pick lists read from the peers (`picks`).
//! Saving goes through `admin::tenants::save_checked`, the checks of
//! `PUT /admin/tenants/{t}`: a refused save shows each problem next to the
//! field it names (`fields`), keeps what was typed, and saves nothing.
//!
//! - `tabs`: the tabs, what each reads and shows;
//! - `tab_options`, `tab_maps`, `tab_peers`: each tab's form and how it is read;
//! - `rows`: tables of free rows (left-hand sides no peer lists);
//! - `fields`: widgets and where problems are shown;
//! - `picks`: the peers' reference data.

mod fields;
mod picks;
mod rows;
mod tab_maps;
mod tab_options;
mod tab_peers;
mod tabs;

use crate::admin::AdminState;
use crate::admin::console::layout::{page, problem};
use crate::admin::tenants::{Refusal, save_checked};
use crate::settings::{MoySkladSync, TenantSettings};
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use fields::{Fields, Posted};
use http::StatusCode;
use maud::{Markup, html};
use picks::Picks;
use serde::Deserialize;
use tabs::{ALL, Tab, View};

pub(super) fn routes() -> Router<AdminState> {
    Router::new()
        .route(
            "/console/tenants/{tenant}/settings",
            get(|Path(tenant): Path<String>| async move {
                Redirect::to(&format!("/console/tenants/{tenant}/settings/options"))
            }),
        )
        .route(
            "/console/tenants/{tenant}/settings/{tab}",
            get(show).post(save),
        )
}

#[derive(Debug, Default, Deserialize)]
pub(super) struct Saved {
    #[serde(default)]
    saved: Option<String>,
}

/// What one drawing of a tab needs.
struct Draw<'a> {
    tab: Tab,
    settings: &'a TenantSettings,
    posted: Option<&'a Posted>,
    problems: &'a [String],
    saved: bool,
}

async fn show(
    State(app): State<AdminState>,
    Path((tenant, tab)): Path<(String, String)>,
    Query(saved): Query<Saved>,
) -> Response {
    let Some(tab) = Tab::parse(&tab) else {
        return missing_tab(&tenant);
    };
    let settings = match crate::admin::existing_tenant(&app, &tenant).await {
        Ok(s) => s,
        Err(e) => {
            return (
                e.status(),
                problem("Settings", Some(&tenant), &e.to_string()),
            )
                .into_response();
        }
    };
    let draw = Draw {
        tab,
        settings: &settings,
        posted: None,
        problems: &[],
        saved: saved.saved.is_some(),
    };
    render(&app, draw).await.into_response()
}

async fn save(
    State(app): State<AdminState>,
    Path((tenant, tab)): Path<(String, String)>,
    Form(posted): Form<Posted>,
) -> Response {
    let Some(tab) = Tab::parse(&tab) else {
        return missing_tab(&tenant);
    };
    let stored = match crate::admin::existing_tenant(&app, &tenant).await {
        Ok(s) => s,
        Err(e) => {
            return (
                e.status(),
                problem("Settings", Some(&tenant), &e.to_string()),
            )
                .into_response();
        }
    };
    let mut edited = stored.clone();
    let mut problems = tab.read(&posted, &mut edited);
    if problems.is_empty() {
        match save_checked(&app, &edited).await {
            Ok(()) => {
                let to = format!("/console/tenants/{tenant}/settings/{}?saved=1", tab.slug());
                return Redirect::to(&to).into_response();
            }
            Err(Refusal::Problems(found)) => problems = found,
            Err(Refusal::Api(e)) => {
                return (
                    e.status(),
                    problem("Settings", Some(&tenant), &e.to_string()),
                )
                    .into_response();
            }
        }
    }
    let draw = Draw {
        tab,
        settings: &edited,
        posted: Some(&posted),
        problems: &problems,
        saved: false,
    };
    (StatusCode::UNPROCESSABLE_ENTITY, render(&app, draw).await).into_response()
}

fn missing_tab(tenant: &str) -> Response {
    let message = "There is no such settings tab.";
    (
        StatusCode::NOT_FOUND,
        problem("Settings", Some(tenant), message),
    )
        .into_response()
}

async fn render(app: &AdminState, d: Draw<'_>) -> Markup {
    let tenant = d.settings.id.as_str();
    let has_account = !d.tab.is_moysklad() || d.settings.moysklad.is_some();
    let picks = if has_account {
        Picks::load(&app.sync.peers, d.settings, d.tab.lists()).await
    } else {
        Picks::default()
    };
    let sync = d.settings.moysklad.as_ref().and_then(|m| m.sync.as_ref());
    let default = MoySkladSync::default();
    let fields = Fields::new(d.posted, d.problems);
    let view = View {
        settings: d.settings,
        sync: sync.unwrap_or(&default),
        picks: &picks,
        fields: &fields,
    };
    let action = format!("/console/tenants/{tenant}/settings/{}", d.tab.slug());
    let form_body = has_account.then(|| d.tab.render(&view));
    let unclaimed = fields.unclaimed();
    let body = html! {
        h1 { "Settings" }
        nav class="tabs" {
            @for t in ALL {
                a id=(format!("tab-{}", t.slug())) class=[(t == d.tab).then_some("on")]
                    href=(format!("/console/tenants/{tenant}/settings/{}", t.slug())) { (t.title()) }
            }
        }
        div class="card" {
            @if d.saved { p class="notice" id="saved" { "Saved." } }
            @if !unclaimed.is_empty() {
                div class="error" role="alert" id="problems" {
                    "Nothing was saved:"
                    ul { @for line in &unclaimed { li { (line) } } }
                }
            }
            @match form_body {
                None => p class="error" { "This tenant has no MoySklad account yet; set its credentials through the API (PUT /admin/tenants/" (tenant) ")." },
                Some(form_body) => form method="post" action=(action) {
                    @if d.tab.is_moysklad() && sync.is_none() {
                        p class="muted" { "The CRM ⇄ MoySklad sync is off; saving this tab turns it on." }
                    }
                    (form_body)
                    p { button type="submit" id="save" { "Save" } }
                },
            }
        }
    };
    page("Settings", Some(tenant), body)
}
