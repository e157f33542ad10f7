//! A tenant's dead letters (`store::dead_letters`): list, inspect, replay
//! one or all, discard one. Every route reads and removes only records
//! under the path's tenant: another tenant's message id is "not found".
//!
//! - `GET /admin/tenants/{tenant}/dead-letters?limit=N`: oldest first,
//!   without bodies;
//! - `GET …/dead-letters/{id}`: one, with its body (secrets redacted);
//! - `POST …/dead-letters/{id}/replay`: back to the work queue (202);
//! - `POST …/dead-letters/replay-all`: every one (202, how many);
//! - `DELETE …/dead-letters/{id}`: discards it (204).
//!
//! Replay order: the body is sent to the work queue first, then the record
//! is removed, so a failure in between leaves it listed (and replayable)
//! rather than lost. A second replay of the same letter finds no record
//! (404); had it raced the first, its copy is dropped by the queue's dedupe
//! id (`replay:{id}`) or, later, by the event's done-key: applied once.

use super::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use crate::model::TenantId;
use crate::queue::Outgoing;
use crate::store::DeadLetter;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use http::StatusCode;
use serde::{Deserialize, Serialize};

/// Most dead letters one request lists or replays.
const MAX_LIST: usize = 1000;

pub(super) fn routes() -> Router<AdminState> {
    Router::new()
        .route("/admin/tenants/{tenant}/dead-letters", get(list))
        .route(
            "/admin/tenants/{tenant}/dead-letters/replay-all",
            post(replay_all),
        )
        .route(
            "/admin/tenants/{tenant}/dead-letters/{id}",
            get(inspect).delete(discard),
        )
        .route(
            "/admin/tenants/{tenant}/dead-letters/{id}/replay",
            post(replay),
        )
}

/// One dead letter in a list: what, why, when.
#[derive(Debug, Serialize)]
struct Summary {
    id: String,
    flow: Option<String>,
    source: String,
    kind: String,
    record: String,
    error: String,
    at_ms: i64,
    receive_count: u32,
}

impl From<&DeadLetter> for Summary {
    fn from(l: &DeadLetter) -> Self {
        Summary {
            id: l.id.clone(),
            flow: l.flow.clone(),
            source: l.source.clone(),
            kind: l.kind.clone(),
            record: l.record.clone(),
            error: l.error.clone(),
            at_ms: l.at_ms,
            receive_count: l.receive_count,
        }
    }
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    limit: Option<usize>,
}

#[derive(Debug, Serialize)]
struct List {
    dead_letters: Vec<Summary>,
}

async fn list(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<List>, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let limit = query.limit.unwrap_or(100).clamp(1, MAX_LIST);
    let letters = app
        .store
        .dead_letters
        .list_dead_letters(&tenant, limit)
        .await?;
    Ok(Json(List {
        dead_letters: letters.iter().map(Summary::from).collect(),
    }))
}

/// One dead letter with its body.
#[derive(Debug, Serialize)]
struct Inspected {
    #[serde(flatten)]
    summary: Summary,
    /// The queued envelope, secrets replaced by `"***"`.
    body: serde_json::Value,
}

async fn inspect(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Json<Inspected>, ApiError> {
    let (_, letter) = found(&app, &tenant, &id).await?;
    let body = serde_json::from_str(&letter.body)
        .map(super::redact_body::redact_body)
        .unwrap_or_else(|_| serde_json::Value::String(super::redact::REDACTED.into()));
    Ok(Json(Inspected {
        summary: Summary::from(&letter),
        body,
    }))
}

#[derive(Debug, Serialize)]
struct Replayed {
    replayed: Vec<String>,
}

async fn replay(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<(StatusCode, Json<Replayed>), ApiError> {
    let (tenant, letter) = found(&app, &tenant, &id).await?;
    let replayed = replay_one(&app, &tenant, &letter).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Replayed {
            replayed: replayed.into_iter().collect(),
        }),
    ))
}

async fn replay_all(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<(StatusCode, Json<Replayed>), ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let letters = app
        .store
        .dead_letters
        .list_dead_letters(&tenant, MAX_LIST)
        .await?;
    let mut replayed = Vec::new();
    for letter in &letters {
        replayed.extend(replay_one(&app, &tenant, letter).await?);
    }
    Ok((StatusCode::ACCEPTED, Json(Replayed { replayed })))
}

/// Sends the body back, then removes the record; the id if this call
/// removed it (a racing replay or discard may have been first).
async fn replay_one(
    app: &AdminState,
    tenant: &TenantId,
    letter: &DeadLetter,
) -> Result<Option<String>, ApiError> {
    app.sync
        .queue
        .send(Outgoing {
            group: letter.group.clone(),
            dedupe_id: format!("replay:{}", letter.id),
            body: letter.body.clone(),
        })
        .await?;
    let removed = app
        .store
        .dead_letters
        .remove_dead_letter(tenant, &letter.id)
        .await?;
    if removed {
        tracing::info!(message = "Dead letter replayed.", %tenant, id = %letter.id);
    }
    Ok(removed.then(|| letter.id.clone()))
}

async fn discard(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let tenant = existing_tenant(&app, &tenant).await?.id;
    match app
        .store
        .dead_letters
        .remove_dead_letter(&tenant, &id)
        .await?
    {
        true => {
            tracing::info!(message = "Dead letter discarded.", %tenant, %id);
            Ok(StatusCode::NO_CONTENT)
        }
        false => Err(ApiError::NotFound),
    }
}

/// The path's tenant and its dead letter `id`; 404 for either missing.
async fn found(
    app: &AdminState,
    tenant: &str,
    id: &str,
) -> Result<(TenantId, DeadLetter), ApiError> {
    let tenant = existing_tenant(app, tenant).await?.id;
    let letter = app
        .store
        .dead_letters
        .get_dead_letter(&tenant, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((tenant, letter))
}
