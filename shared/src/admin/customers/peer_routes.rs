//! The customer routes of one customer (`POST /customers`, `GET|PUT|DELETE
//! /customers/{id}`) for `system=retailcrm` and `system=woocommerce`
//! (`edit` keeps OpenCart's). The body is checked before the system is
//! called, so a refused body writes nothing.

use super::peer_body::PeerWrite;
use super::{crm_edit, source, woo_edit};
use crate::admin::AdminState;
use crate::customers::source::CustomerSource;
use crate::hooks::ApiError;
use crate::model::System;
use axum::Json;
use http::StatusCode;
use serde_json::{Value, json};

pub(super) async fn create(
    app: &AdminState,
    tenant: &str,
    system: System,
    raw: &[u8],
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = PeerWrite::parse(system, raw)?;
    let (settings, client) = source(app, tenant, system).await?;
    let answer = match (client, body) {
        (CustomerSource::RetailCrm(crm), PeerWrite::Crm(edit)) => {
            let id = crm_edit::create(app, &settings, &crm, &edit).await?;
            crm_edit::show(app, &settings, &crm, id)
                .await?
                .ok_or(ApiError::NotFound)?
        }
        (CustomerSource::WooCommerce(shop), PeerWrite::Woo(write)) => {
            let created = woo_edit::create(&shop, &write).await?;
            woo_edit::answer(app, &settings, &created).await?
        }
        _ => return Err(ApiError::NotFound),
    };
    Ok((StatusCode::CREATED, Json(answer)))
}

pub(super) async fn show(
    app: &AdminState,
    tenant: &str,
    system: System,
    id: i64,
) -> Result<Json<Value>, ApiError> {
    let (settings, client) = source(app, tenant, system).await?;
    let answer = match client {
        CustomerSource::RetailCrm(crm) => crm_edit::show(app, &settings, &crm, id).await?,
        CustomerSource::WooCommerce(shop) => {
            match shop.customer(id).await.map_err(super::peer_error)? {
                Some(c) => Some(woo_edit::answer(app, &settings, &c).await?),
                None => None,
            }
        }
        CustomerSource::OpenCart(_) => None,
    };
    answer.map(Json).ok_or(ApiError::NotFound)
}

pub(super) async fn update(
    app: &AdminState,
    tenant: &str,
    system: System,
    id: i64,
    raw: &[u8],
) -> Result<Json<Value>, ApiError> {
    let body = PeerWrite::parse(system, raw)?;
    let (settings, client) = source(app, tenant, system).await?;
    let answer = match (client, body) {
        (CustomerSource::RetailCrm(crm), PeerWrite::Crm(edit)) => {
            crm_edit::update(app, &settings, &crm, id, &edit).await?;
            crm_edit::show(app, &settings, &crm, id)
                .await?
                .ok_or(ApiError::NotFound)?
        }
        (CustomerSource::WooCommerce(shop), PeerWrite::Woo(write)) => {
            let updated = woo_edit::update(&shop, id, &write).await?;
            woo_edit::answer(app, &settings, &updated).await?
        }
        _ => return Err(ApiError::NotFound),
    };
    Ok(Json(answer))
}

pub(super) async fn delete(
    app: &AdminState,
    tenant: &str,
    system: System,
    id: i64,
) -> Result<Json<Value>, ApiError> {
    if system == System::RetailCrm {
        return Err(ApiError::NotSupported(crm_edit::NO_DELETE.into()));
    }
    let (_, client) = source(app, tenant, system).await?;
    let CustomerSource::WooCommerce(shop) = client else {
        return Err(ApiError::NotFound);
    };
    woo_edit::delete(&shop, id).await?;
    Ok(Json(
        json!({"deleted": true, "customer_id": id.to_string(), "system": system.as_str()}),
    ))
}
