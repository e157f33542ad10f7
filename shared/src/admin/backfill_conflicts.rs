//! The backfill's conflicts for the merchant, of every pass (customers,
//! orders, MoySklad: `backfill::conflicts`):
//! - `GET /admin/tenants/{t}/backfill/conflicts?decision=open|resolved|dismissed|all&pass=customers|orders|moysklad&offset=&limit=`
//!   lists them (open ones of every pass by default), with paging; 404
//!   before any pass has run;
//! - `POST …/backfill/conflicts/{id}/resolve` with `{"candidate": "c:12"}`
//!   links the record to that candidate under the keys its pass writes (in
//!   the store only: no peer write);
//! - `POST …/backfill/conflicts/{id}/dismiss` leaves it unlinked.
//!
//! Refusals change nothing: an unknown conflict 404, a candidate not among
//! the conflict's 400, a pair that cannot be linked (a side linked
//! elsewhere) or a dismissal of a resolved conflict 409.

use super::{AdminState, existing_tenant};
use crate::backfill::{self, Conflict, Decision, Pass, Refused};
use crate::hooks::ApiError;
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

/// The most conflicts one `GET` lists.
pub(crate) const MAX_LIMIT: usize = 500;

pub(super) fn routes() -> Router<AdminState> {
    Router::new()
        .route("/admin/tenants/{tenant}/backfill/conflicts", get(list))
        .route(
            "/admin/tenants/{tenant}/backfill/conflicts/{id}/resolve",
            post(resolve),
        )
        .route(
            "/admin/tenants/{tenant}/backfill/conflicts/{id}/dismiss",
            post(dismiss),
        )
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListQuery {
    pub decision: Option<String>,
    pub pass: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

/// One page of conflicts.
#[derive(Debug, Serialize)]
pub(crate) struct ConflictPage {
    /// Conflicts with the asked decision, over all pages.
    pub total: usize,
    pub offset: usize,
    pub conflicts: Vec<Conflict>,
}

/// Every conflict of the tenant's latest runs; 404 before any run.
pub(crate) async fn all_conflicts(
    app: &AdminState,
    tenant: &str,
) -> Result<Vec<Conflict>, ApiError> {
    let tenant = existing_tenant(app, tenant).await?.id;
    backfill::list_conflicts(&app.store, &tenant)
        .await?
        .ok_or(ApiError::NotFound)
}

/// The page `query` asks for; refused for a bad decision or limit.
pub(crate) async fn page_of(
    app: &AdminState,
    tenant: &str,
    query: &ListQuery,
) -> Result<ConflictPage, ApiError> {
    let wanted = match query.decision.as_deref() {
        None => Some(Decision::Open),
        Some("all") => None,
        Some(raw) => Some(Decision::parse(raw).ok_or_else(|| {
            ApiError::BadRequest("decision must be open, resolved, dismissed or all".into())
        })?),
    };
    let pass = match query.pass.as_deref() {
        None => None,
        Some(raw) => Some(Pass::parse(raw).ok_or_else(|| {
            ApiError::BadRequest("pass must be customers, orders or moysklad".into())
        })?),
    };
    let limit = query.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::BadRequest(format!(
            "limit must be 1 to {MAX_LIMIT}"
        )));
    }
    let offset = query.offset.unwrap_or(0);
    let all: Vec<Conflict> = all_conflicts(app, tenant)
        .await?
        .into_iter()
        .filter(|c| wanted.is_none_or(|d| c.decision == d))
        .filter(|c| pass.is_none_or(|p| c.pass == p))
        .collect();
    Ok(ConflictPage {
        total: all.len(),
        offset,
        conflicts: all.into_iter().skip(offset).take(limit).collect(),
    })
}

async fn list(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Json<ConflictPage>, ApiError> {
    Ok(Json(page_of(&app, &tenant, &query).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveBody {
    candidate: String,
}

/// Resolves conflict `id` with `candidate` (shared with the console).
pub(crate) async fn resolve_with(
    app: &AdminState,
    tenant: &str,
    id: &str,
    candidate: &str,
) -> Result<Conflict, ApiError> {
    let tenant = existing_tenant(app, tenant).await?.id;
    backfill::resolve(&app.store, &tenant, id, candidate)
        .await
        .map_err(refused)
}

/// Dismisses conflict `id` (shared with the console).
pub(crate) async fn dismiss_of(
    app: &AdminState,
    tenant: &str,
    id: &str,
) -> Result<Conflict, ApiError> {
    let tenant = existing_tenant(app, tenant).await?.id;
    backfill::dismiss(&app.store, &tenant, id)
        .await
        .map_err(refused)
}

async fn resolve(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<Conflict>, ApiError> {
    let body: ResolveBody = serde_json::from_slice(&body)
        .map_err(|e| ApiError::BadRequest(format!("expected {{\"candidate\": \"<id>\"}}: {e}")))?;
    Ok(Json(
        resolve_with(&app, &tenant, &id, &body.candidate).await?,
    ))
}

async fn dismiss(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
) -> Result<Json<Conflict>, ApiError> {
    Ok(Json(dismiss_of(&app, &tenant, &id).await?))
}

fn refused(refused: Refused) -> ApiError {
    match refused {
        Refused::NotFound => ApiError::NotFound,
        Refused::NotACandidate(_) => ApiError::BadRequest(refused.to_string()),
        Refused::Conflicting(why) => ApiError::Conflict(why),
        Refused::Store(e) => e.into(),
    }
}
