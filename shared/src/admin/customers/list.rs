//! CM-1: the list, the groups, and one customer with its addresses, login
//! addresses (read-only) and linked records.

use super::params::{ListParams, SystemParam};
use super::{customer_id, peer_error, shop, source};
use crate::admin::AdminState;
use crate::customers::opencart::ListPage;
use crate::customers::{links, opencart};
use crate::hooks::ApiError;
use crate::model::System;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde_json::{Value, json};

/// One page of the list with its links: what the API answers and the
/// console shows.
pub(crate) async fn load(
    app: &AdminState,
    tenant: &str,
    params: &ListParams,
) -> Result<(System, ListPage), ApiError> {
    let system = params.system()?;
    let filter = params.filter()?;
    let (page, per_page) = params.page()?;
    let (settings, client) = source(app, tenant, system).await?;
    client.check(&filter).map_err(peer_error)?;
    let mut found = client
        .list(&filter, page, per_page)
        .await
        .map_err(peer_error)?;
    links::attach(
        app.store.links.as_ref(),
        &settings.id,
        system,
        &mut found.rows,
    )
    .await?;
    Ok((system, found))
}

pub(super) async fn list(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(params): Query<ListParams>,
) -> Result<Json<Value>, ApiError> {
    if params.format.is_some() {
        return Err(ApiError::BadRequest(
            "format: only for /customers/export".into(),
        ));
    }
    let (system, found) = load(&app, &tenant, &params).await?;
    Ok(Json(json!({
        "system": system.as_str(),
        "page": found.page,
        "per_page": found.per_page,
        "total": found.total,
        "customers": found.rows,
    })))
}

pub(super) async fn groups(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(params): Query<SystemParam>,
) -> Result<Json<Value>, ApiError> {
    let system = params.listed()?;
    let (_, client) = source(&app, &tenant, system).await?;
    let groups = client.groups().await.map_err(peer_error)?;
    Ok(Json(json!({
        "system": system.as_str(),
        "groups": groups.groups,
        "no_group_count": groups.no_group_count,
        "default_group_id": groups.default_group_id,
    })))
}

pub(super) async fn show(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(params): Query<SystemParam>,
) -> Result<Json<Value>, ApiError> {
    let system = params.listed()?;
    let id = customer_id(&id)?;
    if system != System::OpenCart {
        return super::peer_routes::show(&app, &tenant, system, id).await;
    }
    let (settings, client) = shop(&app, &tenant).await?;
    let record = client
        .customer_get(id)
        .await
        .map_err(peer_error)?
        .ok_or(ApiError::NotFound)?;
    let mut row = vec![opencart::to_row(&record.customer)];
    links::attach(app.store.links.as_ref(), &settings.id, system, &mut row).await?;
    Ok(Json(super::edit::record_json(
        system,
        &record,
        row.remove(0),
    )))
}
