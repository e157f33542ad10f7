//! The Dead letters page over `admin::dead_letters`: the list (oldest
//! first), one letter inspected (its body with secrets redacted), replay
//! one or all (back to the work queue), and discard after a confirmation
//! page. After an action the list says what was done.

use super::layout::{page, problem};
use super::when::when;
use crate::admin::dead_letters::{MAX_LIST, found, redacted_body, replay_every, replay_one};
use crate::admin::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use crate::store::DeadLetter;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub(super) struct Done {
    #[serde(default)]
    replayed: Option<usize>,
    #[serde(default)]
    discarded: Option<String>,
}

fn answer(tenant: &str, result: Result<Response, ApiError>) -> Response {
    result.unwrap_or_else(|e| {
        (
            e.status(),
            problem("Dead letters", Some(tenant), &e.to_string()),
        )
            .into_response()
    })
}

fn base(tenant: &str) -> String {
    format!("/console/tenants/{tenant}/dead-letters")
}

pub(super) async fn list(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let result = async {
        let id = existing_tenant(&app, &tenant).await?.id;
        let letters = app
            .store
            .dead_letters
            .list_dead_letters(&id, MAX_LIST)
            .await?;
        Ok(render_list(&tenant, &letters, &done).into_response())
    }
    .await;
    answer(&tenant, result)
}

fn render_list(tenant: &str, letters: &[DeadLetter], done: &Done) -> Markup {
    let base = base(tenant);
    let body = html! {
        h1 { "Dead letters" }
        @if let Some(n) = done.replayed {
            p class="notice" role="status" id="notice" { (n) " dead letter(s) sent back to the queue." }
        }
        @if done.discarded.is_some() {
            p class="notice" role="status" id="notice" { "Dead letter discarded." }
        }
        div class="toolbar" {
            span class="muted" id="dead-letter-total" { (letters.len()) " dead letter(s)" }
            @if !letters.is_empty() {
                form method="post" action=(format!("{base}/replay-all")) style="margin:0" {
                    button type="submit" id="replay-all" { "Replay all" }
                }
            }
        }
        table id="dead-letters" {
            thead { tr { th { "Time (UTC)" } th { "Flow" } th { "Record" } th { "Error" } th { "Receives" } th {} } }
            tbody {
                @for l in letters {
                    tr data-id=(l.id) {
                        td style="white-space:nowrap" { (when(l.at_ms)) }
                        td { (l.flow.clone().unwrap_or_default()) }
                        td { (l.source) " " (l.kind) " " strong { (l.record) } }
                        td { (l.error) }
                        td { (l.receive_count) }
                        td style="white-space:nowrap" {
                            a href=(format!("{base}/{}", l.id)) class="inspect" { "Inspect" } " "
                            form method="post" action=(format!("{base}/{}/replay", l.id)) style="display:inline" {
                                button type="submit" class="replay" { "Replay" }
                            } " "
                            a href=(format!("{base}/{}/discard", l.id)) class="discard" { "Discard" }
                        }
                    }
                }
            }
        }
    };
    page("Dead letters", Some(tenant), body)
}

pub(super) async fn inspect(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Response {
    let result = async {
        let (_, letter) = found(&app, &tenant, &id).await?;
        let body = serde_json::to_string_pretty(&redacted_body(&letter)).unwrap_or_default();
        let base = base(&tenant);
        Ok(page("Dead letter", Some(&tenant), html! {
            p { a href=(base) { "‹ All dead letters" } }
            h1 { "Dead letter " small class="muted" { (letter.id) } }
            table id="letter" style="width:auto" {
                tr { th { "Time (UTC)" } td { (when(letter.at_ms)) } }
                tr { th { "Flow" } td { (letter.flow.clone().unwrap_or_default()) } }
                tr { th { "Record" } td { (letter.source) " " (letter.kind) " " (letter.record) } }
                tr { th { "Error" } td { (letter.error) } }
                tr { th { "Receives" } td { (letter.receive_count) } }
            }
            h2 { "Message (secrets shown as ***)" }
            pre id="body" style="background:#f0f2f5;padding:.8em;overflow-x:auto" { (body) }
            div class="toolbar" {
                form method="post" action=(format!("{base}/{}/replay", letter.id)) style="margin:0" {
                    button type="submit" id="replay" { "Replay" }
                }
                a href=(format!("{base}/{}/discard", letter.id)) id="discard" { "Discard" }
            }
        }).into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn replay(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Response {
    let result = async {
        let (tenant_id, letter) = found(&app, &tenant, &id).await?;
        let replayed = replay_one(&app, &tenant_id, &letter).await?;
        let n = usize::from(replayed.is_some());
        Ok(Redirect::to(&format!("{}?replayed={n}", base(&tenant))).into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn replay_all(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Response {
    let result = async {
        let id = existing_tenant(&app, &tenant).await?.id;
        let replayed = replay_every(&app, &id).await?;
        Ok(Redirect::to(&format!("{}?replayed={}", base(&tenant), replayed.len())).into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn confirm_discard(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Response {
    let result = async {
        let (_, letter) = found(&app, &tenant, &id).await?;
        let base = base(&tenant);
        Ok(page("Discard dead letter", Some(&tenant), html! {
            form class="card" method="post" action=(format!("{base}/{}/discard", letter.id)) {
                h1 { "Discard this dead letter?" }
                p { (letter.source) " " (letter.kind) " " strong { (letter.record) } ": " (letter.error) }
                p { "The message is deleted and will not be applied. This cannot be undone." }
                button type="submit" class="danger" id="confirm-discard" { "Discard" }
                " " a href=(format!("{base}/{}", letter.id)) { "Cancel" }
            }
        }).into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn discard(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Response {
    let result = async {
        let tenant_id = existing_tenant(&app, &tenant).await?.id;
        if !app
            .store
            .dead_letters
            .remove_dead_letter(&tenant_id, &id)
            .await?
        {
            return Err(ApiError::NotFound);
        }
        tracing::info!(message = "Dead letter discarded.", tenant = %tenant_id, %id);
        Ok(Redirect::to(&format!("{}?discarded=1", base(&tenant))).into_response())
    }
    .await;
    answer(&tenant, result)
}
