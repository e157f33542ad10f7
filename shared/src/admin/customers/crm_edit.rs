//! CM-2 on the CRM: read, create and edit a customer of our site through
//! API v5 (`customer_admin` in the connector). API v5 has no customer
//! delete, so `DELETE` answers 405 `not_supported` and the console shows
//! no Delete button for the CRM.
//!
//! Flowing on without an echo: the CRM records our write in its history
//! with our API key (`apiKey.current`), which the history poll hands only
//! to flows that take their own changes, so the flows that consume CRM
//! customers (CRM → MoySklad, MS-S16) would never see it. The handler
//! therefore publishes the change itself, as the poll would have for a
//! manager's edit; the poll's later sight of the same write is dropped as
//! ours, so it reaches each flow once.

use super::peer_error;
use crate::admin::AdminState;
use crate::clock::now_ms;
use crate::connectors::retailcrm::{CrmCustomerEdit, CrmCustomerRecord, ListedCustomer, RetailCrm};
use crate::customers::{CustomerRow, links, retailcrm};
use crate::hooks::ApiError;
use crate::model::{EntityKind, Envelope, EventKind, System};
use crate::settings::TenantSettings;
use serde_json::{Value, json};

/// The message of a CRM customer delete.
pub(crate) const NO_DELETE: &str =
    "the CRM's API v5 has no customer delete: merge or keep the customer in the CRM";

/// The customer as the API answers it (the list row with its links, the
/// address, the newsletter flag); `None` if the CRM has no such customer.
pub(crate) async fn show(
    app: &AdminState,
    settings: &TenantSettings,
    crm: &RetailCrm,
    id: i64,
) -> Result<Option<Value>, ApiError> {
    let Some(record) = crm.customer_record(id).await.map_err(peer_error)? else {
        return Ok(None);
    };
    Ok(Some(answer(app, settings, &record).await?))
}

/// Creates the customer and publishes the change; the new id.
pub(crate) async fn create(
    app: &AdminState,
    settings: &TenantSettings,
    crm: &RetailCrm,
    edit: &CrmCustomerEdit,
) -> Result<i64, ApiError> {
    if edit.first_name.as_deref().is_none_or(str::is_empty)
        && edit.email.as_deref().is_none_or(str::is_empty)
    {
        return Err(ApiError::BadRequest(
            "first_name or email: a new CRM customer needs one of them".into(),
        ));
    }
    let id = crm.customer_create_edit(edit).await.map_err(peer_error)?;
    publish(app, settings, id, EventKind::Created, edit).await?;
    Ok(id)
}

/// Edits the customer and publishes the change; `NotFound` if it is gone.
pub(crate) async fn update(
    app: &AdminState,
    settings: &TenantSettings,
    crm: &RetailCrm,
    id: i64,
    edit: &CrmCustomerEdit,
) -> Result<(), ApiError> {
    // Only our site's customers: another site's would be edited blind.
    if crm.customer_record(id).await.map_err(peer_error)?.is_none() {
        return Err(ApiError::NotFound);
    }
    if !crm
        .customer_apply_edit(id, edit)
        .await
        .map_err(peer_error)?
    {
        return Err(ApiError::NotFound);
    }
    publish(app, settings, id, EventKind::Updated, edit).await
}

pub(crate) async fn answer(
    app: &AdminState,
    settings: &TenantSettings,
    record: &CrmCustomerRecord,
) -> Result<Value, ApiError> {
    let mut rows = vec![row(record)];
    links::attach(
        app.store.links.as_ref(),
        &settings.id,
        System::RetailCrm,
        &mut rows,
    )
    .await?;
    let a = record.address.clone().unwrap_or_default();
    Ok(json!({
        "system": "retailcrm",
        "customer": rows.remove(0),
        "patronymic": record.patronymic,
        "address": {
            "postcode": a.postcode, "country_iso": a.country_iso, "region": a.region,
            "city": a.city, "text": a.line1,
        },
    }))
}

pub(crate) fn row(r: &CrmCustomerRecord) -> CustomerRow {
    retailcrm::to_row(&ListedCustomer {
        id: r.id,
        external_id: r.external_id.clone(),
        first_name: r.first_name.clone(),
        last_name: r.last_name.clone(),
        patronymic: r.patronymic.clone(),
        email: r.email.clone(),
        phone: r.phone.clone(),
        created_at: r.created_at.clone(),
        email_unsubscribed: !r.newsletter,
    })
}

/// The CRM fields an edit wrote, named as the CRM's history names them.
fn fields(edit: &CrmCustomerEdit) -> Vec<&'static str> {
    [
        ("first_name", edit.first_name.is_some()),
        ("last_name", edit.last_name.is_some()),
        ("patronymic", edit.patronymic.is_some()),
        ("email", edit.email.is_some()),
        ("phones", edit.phone.is_some()),
        ("email_marketing_unsubscribed_at", edit.newsletter.is_some()),
        ("address", edit.address.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect()
}

/// The change as the history poll would publish a manager's (`payload` of
/// `jobs::crm_history`), to every flow that takes CRM customers.
async fn publish(
    app: &AdminState,
    settings: &TenantSettings,
    id: i64,
    kind: EventKind,
    edit: &CrmCustomerEdit,
) -> Result<(), ApiError> {
    let at = now_ms();
    let event = Envelope {
        tenant: settings.id.clone(),
        source: System::RetailCrm,
        kind,
        entity: EntityKind::Customer,
        external_id: id.to_string(),
        dedupe_key: format!("admin-edit:{}:customers:{id}:{at}", settings.id),
        received_at: at,
        payload: json!({
            "created": kind == EventKind::Created,
            "deleted": false,
            "fields": fields(edit),
            "statuses": [],
            "payments": [],
            "history": [],
            "by": "admin",
        }),
        flow: None,
    };
    app.sync
        .registry
        .publish(app.sync.queue.as_ref(), settings, &event, false)
        .await?;
    Ok(())
}
