//! The offer backfill on the Backfill page: a card with its progress and
//! counts and a button that starts (or resumes) it through the admin API's
//! function (`admin::backfill_offers`). The page reloads itself while the
//! run is under way (`running`).

use super::layout::problem;
use super::when::when;
use crate::admin::AdminState;
use crate::admin::backfill_offers::start_offers;
use crate::backfill::{Progress, Status};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

/// Whether the page should reload for this run.
pub(super) fn running(progress: Option<&Progress>) -> bool {
    progress.is_some_and(|p| {
        matches!(
            p.status,
            Status::Indexing | Status::Matching | Status::Finishing
        )
    })
}

fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Indexing => "reading MoySklad's goods",
        Status::Matching => "matching the CRM's offers",
        Status::Finishing => "listing MoySklad's goods no offer names",
        Status::Done => "done",
        Status::Failed => "failed",
    }
}

/// `POST /console/tenants/{tenant}/backfill/offers/start`.
pub(super) async fn start(State(app): State<AdminState>, Path(tenant): Path<String>) -> Response {
    match start_offers(&app, &tenant).await {
        Ok(_) => {
            let since = crate::clock::now_ms();
            let to = format!("/console/tenants/{tenant}/backfill?done=offers&offers_since={since}");
            Redirect::to(&to).into_response()
        }
        Err(e) => (
            e.status(),
            problem("Backfill", Some(&tenant), &e.to_string()),
        )
            .into_response(),
    }
}

pub(super) fn card(tenant: &str, progress: Option<&Progress>) -> Markup {
    html! {
        div class="card" id="offers-backfill" {
            h2 { "Offers (CRM ⇄ MoySklad)" }
            p class="muted" { "Checks that every CRM offer's xmlId is the external code of one MoySklad \
                good (the stock pull and the order export pair them by it on every run). A report: \
                nothing is linked or written." }
            form method="post" action=(format!("/console/tenants/{tenant}/backfill/offers/start")) style="margin:0 0 .6em" {
                button type="submit" id="start-offers-backfill" {
                    @if progress.is_some_and(Progress::resumable) { "Resume the offer check" } @else { "Check the offers" }
                }
            }
            @match progress {
                None => { p class="muted" id="no-offers-backfill" { "No offer check has run yet." } }
                Some(p) => {
                    p id="offers-status" {
                        "Run started " (when(p.started_ms)) " UTC: " strong { (status_name(&p.status)) }
                        @if p.crm_pages > 0 { " · CRM page " (p.crm_pages_done) " of " (p.crm_pages) }
                    }
                    @if let Some(error) = &p.error { p class="error" { (error) } }
                    table id="offers-counts" style="width:auto" {
                        tbody {
                            tr { th { "Offers matched by code" } td id="offers-matched" { (p.already_linked) } }
                            tr { th { "Conflicts" } td id="offers-conflicts" { (p.conflicts) } }
                            tr { th { "CRM offers with no good" } td id="offers-unmatched-crm" { (p.unmatched_crm) } }
                            tr { th { "MoySklad goods with no offer" } td id="offers-unmatched-ms" { (p.unmatched_shop) } }
                            tr { th { "Read" } td { (p.crm_records) " CRM offers, " (p.shop_records) " MoySklad goods" } }
                        }
                    }
                    p class="muted" { "Each offer and good left: GET /admin/tenants/" (tenant) "/backfill/offers" }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_shows_the_counts_and_reloads_only_while_running() {
        let mut p = Progress::new("r".into(), 1_000);
        p.status = Status::Matching;
        (p.crm_pages, p.crm_pages_done, p.already_linked) = (4, 1, 37);
        (p.conflicts, p.unmatched_crm, p.unmatched_shop) = (2, 3, 5);
        assert!(running(Some(&p)) && !running(None));
        let html = card("t1", Some(&p)).into_string();
        assert!(html.contains("CRM page 1 of 4"), "{html}");
        assert!(html.contains(r#"id="offers-matched">37<"#), "{html}");
        assert!(html.contains(r#"id="offers-unmatched-ms">5<"#), "{html}");
        assert!(html.contains("Resume the offer check"));
        p.status = Status::Done;
        assert!(!running(Some(&p)));
        assert!(
            card("t1", None)
                .into_string()
                .contains("No offer check has run yet.")
        );
    }
}
