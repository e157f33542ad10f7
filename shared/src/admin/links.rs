//! `GET /admin/tenants/{tenant}/links?system=S&id=X`: the record `X` of
//! system `S` (any kind: an order and a customer may share a shop id) and
//! every record linked to it, across all systems, each with when it was
//! last synced (`store::linked_records`). Only the tenant's own links.
//!
//! `state` is `linked`, or `pending` while a worker is creating the
//! counterparts (with the message that holds the claim).

use super::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use crate::model::System;
use crate::store::{LinkState, StampedLink, linked_records};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest id searched for (ids of every peer are far shorter).
const MAX_ID: usize = 200;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkQuery {
    /// The system the id belongs to (`opencart`, `retailcrm`, `moysklad`, ...).
    pub system: String,
    /// The record's id in that system.
    pub id: String,
}

/// One linked record.
#[derive(Debug, Serialize)]
pub struct Linked {
    /// The system's name as the query takes it (`opencart`, `retailcrm`, ...).
    pub system: &'static str,
    pub kind: String,
    pub id: String,
    pub group: String,
    /// `linked` or `pending`.
    pub state: &'static str,
    /// Whether this is the record searched for.
    pub searched: bool,
    /// Unix ms of the last write of its link; `None` for links older than the stamp.
    pub synced_ms: Option<i64>,
    /// Its counterparts' ids as the link records them, by system name.
    pub peers: BTreeMap<&'static str, String>,
}

/// The answer.
#[derive(Debug, Serialize)]
pub struct Found {
    pub system: &'static str,
    pub id: String,
    pub records: Vec<Linked>,
}

/// The checked query: a known system and a non-empty id.
pub fn checked(query: &LinkQuery) -> Result<(System, String), ApiError> {
    let system = System::parse(query.system.trim()).ok_or_else(|| {
        ApiError::BadRequest(format!("system {:?} is not a known system", query.system))
    })?;
    let id = query.id.trim();
    if id.is_empty() || id.len() > MAX_ID {
        return Err(ApiError::BadRequest(format!(
            "id must have 1 to {MAX_ID} characters"
        )));
    }
    Ok((system, id.to_owned()))
}

/// The records linked to `system`/`id` in the tenant named by the path.
pub async fn search(
    app: &AdminState,
    tenant: &str,
    system: System,
    id: &str,
) -> Result<Found, ApiError> {
    let tenant = existing_tenant(app, tenant).await?.id;
    let found = linked_records(app.store.links.as_ref(), &tenant, system, id).await?;
    let records = found.into_iter().map(|s| linked(s, system, id)).collect();
    Ok(Found {
        system: system.as_str(),
        id: id.to_owned(),
        records,
    })
}

fn linked(found: StampedLink, system: System, id: &str) -> Linked {
    Linked {
        searched: found.key.system == system && found.key.external_id == id,
        system: found.key.system.as_str(),
        kind: found.key.kind.as_str().to_owned(),
        id: found.key.external_id,
        group: found.link.group,
        state: match found.link.state {
            LinkState::Linked => "linked",
            LinkState::Pending { .. } => "pending",
        },
        synced_ms: found.written_ms,
        peers: found
            .link
            .peers
            .into_iter()
            .map(|(system, id)| (system.as_str(), id))
            .collect(),
    }
}

/// The record and every record linked to it, across systems.
#[utoipa::path(get, path = "/admin/tenants/{tenant}/links", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath, LinkQuery),
    responses((status = 200, description = "`{system, id, records: [{system, kind, id, group, state, searched, synced_ms, peers}]}` (empty when nothing is linked)"),
        (status = 400, description = "Unknown system or empty id"), (status = 404, description = "Unknown tenant")))]
pub(super) async fn links(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(query): Query<LinkQuery>,
) -> Result<Json<Found>, ApiError> {
    let (system, id) = checked(&query)?;
    Ok(Json(search(&app, &tenant, system, &id).await?))
}
