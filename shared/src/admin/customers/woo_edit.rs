//! CM-2 on WooCommerce: read, create, edit and delete an account through
//! REST v3 (`/customers`, `DELETE ?force=true`: accounts cannot be
//! trashed). The role is shown, not written: WooCommerce's customer `role`
//! is read-only. Accounts have no newsletter flag.
//!
//! Flowing on without an echo: WooCommerce itself posts its
//! `customer.created|updated|deleted` webhooks for writes made through its
//! REST API, so the change reaches the flows that take WooCommerce
//! customers (ERP → WooCommerce: an account the ERP manages is journalled
//! and put back at the ERP's next feed, EW-5) through the normal hook; we
//! publish nothing ourselves, which would deliver it twice. No flow writes
//! a WooCommerce customer change back to WooCommerce, so nothing echoes.

use super::peer_error;
use crate::admin::AdminState;
use crate::connectors::woocommerce::{
    CreateOutcome, CustomerWrite, WooAddress, WooCommerce, WooCustomer,
};
use crate::customers::{links, woocommerce};
use crate::hooks::ApiError;
use crate::model::System;
use crate::settings::TenantSettings;
use serde_json::{Value, json};

/// Creates the account; the new account, or 409 if the e-mail is taken.
pub(crate) async fn create(
    shop: &WooCommerce,
    write: &CustomerWrite,
) -> Result<WooCustomer, ApiError> {
    if write.email.is_none() {
        return Err(ApiError::BadRequest(
            "email: a WooCommerce account needs one".into(),
        ));
    }
    match shop.customer_create(write).await.map_err(peer_error)? {
        CreateOutcome::Created(c) => Ok(*c),
        CreateOutcome::EmailExists { message } => Err(ApiError::Conflict(format!(
            "an account has this e-mail address already ({message})"
        ))),
    }
}

/// Edits the account; `NotFound` if it is gone.
pub(crate) async fn update(
    shop: &WooCommerce,
    id: i64,
    write: &CustomerWrite,
) -> Result<WooCustomer, ApiError> {
    shop.customer_update(id, write)
        .await
        .map_err(peer_error)?
        .ok_or(ApiError::NotFound)
}

/// Deletes the account for good; `NotFound` if it is gone.
pub(crate) async fn delete(shop: &WooCommerce, id: i64) -> Result<(), ApiError> {
    shop.customer_delete(id)
        .await
        .map_err(peer_error)?
        .map(|_| ())
        .ok_or(ApiError::NotFound)
}

/// The account as the API answers it: the list row with its links, the
/// billing and shipping addresses.
pub(crate) async fn answer(
    app: &AdminState,
    settings: &TenantSettings,
    c: &WooCustomer,
) -> Result<Value, ApiError> {
    let mut rows = vec![woocommerce::to_row(c)];
    links::attach(
        app.store.links.as_ref(),
        &settings.id,
        System::WooCommerce,
        &mut rows,
    )
    .await?;
    Ok(json!({
        "system": "woocommerce",
        "customer": rows.remove(0),
        "role": c.role,
        "billing": address_json(&c.billing),
        "shipping": address_json(&c.shipping),
    }))
}

fn address_json(a: &WooAddress) -> Value {
    json!({
        "first_name": a.first_name, "last_name": a.last_name, "company": a.company,
        "address_1": a.address_1, "address_2": a.address_2, "city": a.city,
        "state": a.state, "postcode": a.postcode, "country": a.country, "phone": a.phone,
    })
}
