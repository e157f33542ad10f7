//! The Backfill page: start (or resume) the onboarding backfill, its
//! progress and counts (the page reloads itself every second while a run
//! is under way or about to start: no script), the order and MoySklad
//! passes' status (started through the API or the CLI), and the open
//! conflicts of every pass, each with a form to pick the candidate it is
//! (linked in the store under its pass's keys, no peer written) and one to
//! dismiss it. Everything goes through the admin API's functions
//! (`admin::backfill`, `admin::backfill_conflicts`); the offer backfill's
//! card comes from `backfill_offers_card`.

use super::backfill_offers_card as offers_card;
use super::layout::{page, problem};
use super::when::when;
use crate::admin::backfill::start_run;
use crate::admin::backfill_conflicts::{
    ConflictPage, ListQuery, dismiss_of, page_of, resolve_with,
};
use crate::admin::{AdminState, existing_tenant};
use crate::backfill::{self, Conflict, Pass, Progress, Status};
use crate::hooks::ApiError;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

/// Open conflicts a page shows.
const PAGE: usize = 50;

#[derive(Debug, Default, Deserialize)]
pub(super) struct Shown {
    #[serde(default)]
    offset: Option<usize>,
    /// What the last action did (`started`, `resolved`, `dismissed`).
    #[serde(default)]
    done: Option<String>,
    /// When a start was asked (Unix ms): until the run checkpoints after
    /// it, the page reloads itself (the run starts in the background).
    #[serde(default)]
    since: Option<i64>,
    /// The same for the offer backfill's start (`backfill_offers_card`).
    #[serde(default)]
    offers_since: Option<i64>,
}

fn base(tenant: &str) -> String {
    format!("/console/tenants/{tenant}/backfill")
}

fn answer(tenant: &str, result: Result<Response, ApiError>) -> Response {
    result.unwrap_or_else(|e| {
        (
            e.status(),
            problem("Backfill", Some(tenant), &e.to_string()),
        )
            .into_response()
    })
}

pub(super) async fn show(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(shown): Query<Shown>,
) -> Response {
    let result = async {
        let id = existing_tenant(&app, &tenant).await?.id;
        let (progress, _) = backfill::load(app.store.cursors.as_ref(), &id).await?;
        let mut others = Vec::new();
        for pass in [Pass::Orders, Pass::MoySklad] {
            if let Some(p) = pass.load(&app.store, &id).await? {
                others.push((pass, p));
            }
        }
        let conflicts = if progress.is_none() && others.is_empty() {
            None
        } else {
            let query = ListQuery {
                decision: None,
                pass: None,
                offset: shown.offset,
                limit: Some(PAGE),
            };
            Some(page_of(&app, &tenant, &query).await?)
        };
        let offers = backfill::load_offers(&app.store, &id).await?;
        let view = View {
            progress: progress.as_ref(),
            others: &others,
            conflicts: conflicts.as_ref(),
            offers: offers_view(&tenant, offers.as_ref(), &shown),
        };
        Ok(render(&tenant, &view, &shown).into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn start(State(app): State<AdminState>, Path(tenant): Path<String>) -> Response {
    let result = start_run(&app, &tenant).await.map(|_| {
        let since = crate::clock::now_ms();
        Redirect::to(&format!("{}?done=started&since={since}", base(&tenant))).into_response()
    });
    answer(&tenant, result)
}

#[derive(Debug, Deserialize)]
pub(super) struct Choice {
    candidate: String,
}

pub(super) async fn resolve(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Form(choice): Form<Choice>,
) -> Response {
    let result = resolve_with(&app, &tenant, &id, &choice.candidate)
        .await
        .map(|_| Redirect::to(&format!("{}?done=resolved", base(&tenant))).into_response());
    answer(&tenant, result)
}

pub(super) async fn dismiss(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Response {
    let result = dismiss_of(&app, &tenant, &id)
        .await
        .map(|_| Redirect::to(&format!("{}?done=dismissed", base(&tenant))).into_response());
    answer(&tenant, result)
}

fn running(progress: &Progress) -> bool {
    matches!(
        progress.status,
        Status::Indexing | Status::Matching | Status::Finishing
    )
}

/// Whether the page should reload itself: a run under way, or one asked
/// for that has not checkpointed yet.
fn reloads(progress: Option<&Progress>, since: Option<i64>) -> bool {
    match (progress, since) {
        (Some(p), _) if running(p) => true,
        (None, Some(_)) => true,
        (Some(p), Some(since)) => p.updated_ms < since,
        _ => false,
    }
}

fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Indexing => "reading the shop's customers",
        Status::Matching => "matching the CRM's customers",
        Status::Finishing => "listing the shop's unmatched customers",
        Status::Done => "done",
        Status::Failed => "failed",
    }
}

/// The offer backfill's card, and whether the page reloads for it: while
/// that run goes on, or has not checkpointed since its start was asked.
fn offers_view(tenant: &str, offers: Option<&Progress>, shown: &Shown) -> (Markup, bool) {
    let reload = offers_card::running(offers)
        || shown
            .offers_since
            .is_some_and(|since| offers.is_none_or(|p| p.updated_ms < since));
    (offers_card::card(tenant, offers), reload)
}

/// What the page shows.
struct View<'a> {
    /// The customer pass (started from this page).
    progress: Option<&'a Progress>,
    /// The order and MoySklad passes that have run.
    others: &'a [(Pass, Progress)],
    conflicts: Option<&'a ConflictPage>,
    /// The offer backfill's card, and whether it asks for a reload.
    offers: (Markup, bool),
}

fn render(tenant: &str, view: &View<'_>, shown: &Shown) -> Markup {
    let View {
        progress,
        others,
        conflicts,
        offers: (ref offers, offers_reload),
    } = *view;
    let base = base(tenant);
    let body = html! {
        @if reloads(progress, shown.since) || offers_reload { meta http-equiv="refresh" content="1"; }
        h1 { "Backfill" }
        p class="muted" { "Links the customers that already exist in both the CRM and the shop \
            (by e-mail and phone), so the first sync updates them instead of creating duplicates. \
            Nothing is written to either system." }
        @match shown.done.as_deref() {
            Some("started") => { p class="notice" role="status" id="notice" { "Backfill started." } }
            Some("resolved") => { p class="notice" role="status" id="notice" { "Conflict resolved: the two records are linked." } }
            Some("offers") => { p class="notice" role="status" id="notice" { "Offer check started." } }
            Some("dismissed") => { p class="notice" role="status" id="notice" { "Conflict dismissed." } }
            _ => {}
        }
        div class="card" {
            form method="post" action=(format!("{base}/start")) style="margin:0 0 .6em" {
                button type="submit" id="start-backfill" {
                    @if progress.is_some_and(|p| p.resumable()) { "Resume the backfill" } @else { "Start a backfill" }
                }
            }
            @match progress {
                None => { p class="muted" id="no-backfill" { "No backfill has run yet." } }
                Some(p) => { (progress_view(p)) }
            }
        }
        @if !others.is_empty() { (others_view(others)) }
        @if let Some(page) = conflicts { (conflicts_view(&base, page)) }
        (offers)
    };
    page("Backfill", Some(tenant), body)
}

fn progress_view(p: &Progress) -> Markup {
    let percent =
        (p.crm_pages > 0).then(|| u64::from(p.crm_pages_done) * 100 / u64::from(p.crm_pages));
    html! {
        p id="backfill-status" data-status=(status_code(&p.status)) {
            "Run started " (when(p.started_ms)) " UTC: " strong { (status_name(&p.status)) }
            @if let Some(percent) = percent {
                " · " progress max="100" value=(percent) { (percent) "%" } " CRM page " (p.crm_pages_done) " of " (p.crm_pages)
            }
        }
        @if let Some(error) = &p.error { p class="error" { (error) " (Resume goes on from the last page done.)" } }
        table id="backfill-counts" style="width:auto" {
            tbody {
                tr { th { "Linked by this run" } td id="count-linked" { (p.linked) } }
                tr { th { "Linked before" } td id="count-already" { (p.already_linked) } }
                tr { th { "Conflicts" } td id="count-conflicts" { (p.conflicts) } }
                tr { th { "CRM customers unmatched" } td id="count-unmatched-crm" { (p.unmatched_crm) } }
                tr { th { "Shop customers unmatched" } td id="count-unmatched-shop" { (p.unmatched_shop) } }
                tr { th { "Read" } td { (p.crm_records) " CRM, " (p.shop_records) " shop" } }
            }
        }
    }
}

fn pass_name(pass: Pass) -> &'static str {
    match pass {
        Pass::Customers => "Customers",
        Pass::Orders => "Orders",
        Pass::MoySklad => "MoySklad counterparties",
    }
}

/// The order and MoySklad passes: status (with the error that stopped one) and counts.
fn others_view(others: &[(Pass, Progress)]) -> Markup {
    html! {
        div class="card" {
            h2 { "Other passes" }
            table id="backfill-passes" {
                thead { tr { th { "Pass" } th { "Status" } th { "Linked" } th { "Linked before" } th { "Conflicts" } th { "Unmatched" } } }
                tbody {
                    @for (pass, p) in others {
                        tr id=(format!("pass-{}", pass.as_str())) data-status=(status_code(&p.status)) {
                            td { (pass_name(*pass)) }
                            td class="status" {
                                (status_code(&p.status)) " (" (when(p.updated_ms)) " UTC)"
                                @if let Some(error) = &p.error { br; span class="error" { (error) } }
                            }
                            td { (p.linked) } td { (p.already_linked) } td { (p.conflicts) } td { (p.unmatched_crm) }
                        }
                    }
                }
            }
        }
    }
}

fn status_code(status: &Status) -> &'static str {
    match status {
        Status::Indexing => "indexing",
        Status::Matching => "matching",
        Status::Finishing => "finishing",
        Status::Done => "done",
        Status::Failed => "failed",
    }
}

fn conflicts_view(base: &str, page: &ConflictPage) -> Markup {
    let next = page.offset + page.conflicts.len();
    html! {
        div class="card" {
            h2 { "Open conflicts" }
            p class="muted" id="conflicts-total" { (page.total) " to resolve: pick the record it is on the other side, or dismiss it to leave it unlinked." }
            @if !page.conflicts.is_empty() {
                table id="conflicts" {
                    thead { tr { th { "Pass" } th { "Record" } th { "Why" } th { "Candidates" } th {} } }
                    tbody { @for c in &page.conflicts { (row(base, c)) } }
                }
            }
            p {
                @if page.offset > 0 {
                    a href=(format!("{base}?offset={}", page.offset.saturating_sub(PAGE))) { "Previous" } " "
                }
                @if next < page.total { a id="next-conflicts" href=(format!("{base}?offset={next}")) { "Next" } }
            }
        }
    }
}

fn row(base: &str, c: &Conflict) -> Markup {
    let action = format!("{base}/conflicts/{}", c.id);
    html! {
        tr id=(format!("conflict-{}", c.id)) data-pass=(c.pass.as_str()) {
            td { (pass_name(c.pass)) }
            td { (c.system) " " (c.kind) " " (c.record) }
            td { (c.reason) }
            td {
                form method="post" action=(format!("{action}/resolve")) class="resolve" style="margin:0" {
                    @for (i, candidate) in c.candidates.iter().enumerate() {
                        label style="font-weight:normal" {
                            input type="radio" name="candidate" value=(candidate) required checked[i == 0];
                            " " (c.candidate_system) " " (candidate)
                        }
                    }
                    button type="submit" { "Link" }
                }
            }
            td {
                form method="post" action=(format!("{action}/dismiss")) class="dismiss" style="margin:0" {
                    button type="submit" class="danger" { "Dismiss" }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_reloads_until_the_run_asked_for_is_done() {
        let mut p = Progress::new("r".into(), 1_000);
        p.status = Status::Done;
        p.updated_ms = 1_000;
        assert!(reloads(None, Some(2_000)), "started, no checkpoint yet");
        assert!(
            reloads(Some(&p), Some(2_000)),
            "the previous run's checkpoint"
        );
        assert!(!reloads(Some(&p), Some(500)), "done after the start");
        assert!(!reloads(Some(&p), None) && !reloads(None, None));
        p.status = Status::Matching;
        assert!(reloads(Some(&p), None));
    }

    #[test]
    fn a_failed_pass_shows_its_status_and_error() {
        let mut p = Progress::new("r".into(), 1_000);
        p.status = Status::Failed;
        p.error = Some("RetailCRM refused the key (403)".into());
        let html = others_view(&[(Pass::Orders, p)]).into_string();
        assert!(
            html.contains(r#"id="pass-orders" data-status="failed""#),
            "{html}"
        );
        assert!(html.contains("RetailCRM refused the key (403)"), "{html}");
    }
}
