//! CM-2: create, edit and delete an OpenCart customer through the
//! extension's `customer.create|update|delete` (API.md §4); the CRM's and
//! WooCommerce's go to `peer_routes`. The body takes
//! the extension's member names; `ip` is read-only and refused. After a
//! write the shop's new state is published to the flows as the shop's own
//! customer event would be: the extension does not post events for writes
//! made through its API, so without this the change would stop here (and
//! for the same reason it does not come back to us as an echo).

use super::params::SystemParam;
use super::{customer_id, peer_error, shop};
use crate::admin::AdminState;
use crate::clock::now_ms;
use crate::connectors::opencart::api::{
    AddressFields, Created, CustomerAddress, CustomerFields, OcCustomerRecord,
};
use crate::customers::{CustomerRow, opencart};
use crate::hooks::ApiError;
use crate::model::{EntityKind, Envelope, EventKind, System};
use crate::settings::TenantSettings;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use http::StatusCode;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A customer as the admin API takes it: every member optional on an
/// edit; group, names and e-mail required on a create (the shop checks).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomerBody {
    customer_group_id: Option<i64>,
    firstname: Option<String>,
    lastname: Option<String>,
    email: Option<String>,
    telephone: Option<String>,
    newsletter: Option<bool>,
    status: Option<bool>,
    addresses: Option<Vec<AddressBody>>,
    /// Read-only: named so that it can be refused with a clear message.
    ip: Option<IgnoredAny>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AddressBody {
    address_id: Option<i64>,
    firstname: Option<String>,
    lastname: Option<String>,
    company: Option<String>,
    address_1: Option<String>,
    address_2: Option<String>,
    city: Option<String>,
    postcode: Option<String>,
    iso_code_2: Option<String>,
    country_id: Option<i64>,
    zone: Option<String>,
    zone_id: Option<i64>,
    default: Option<bool>,
}

impl CustomerBody {
    fn parse(raw: &[u8]) -> Result<CustomerFields, ApiError> {
        let body: CustomerBody =
            serde_json::from_slice(raw).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?;
        if body.ip.is_some() {
            return Err(ApiError::BadRequest(
                "ip is read-only: the shop records it when the customer signs in".into(),
            ));
        }
        Ok(CustomerFields {
            customer_group_id: body.customer_group_id,
            firstname: body.firstname,
            lastname: body.lastname,
            email: body.email,
            telephone: body.telephone,
            newsletter: body.newsletter,
            status: body.status,
            addresses: body
                .addresses
                .map(|list| list.into_iter().map(AddressBody::into_fields).collect()),
        })
    }
}

impl AddressBody {
    fn into_fields(self) -> CustomerAddress {
        CustomerAddress {
            address_id: self.address_id,
            fields: AddressFields {
                firstname: self.firstname,
                lastname: self.lastname,
                company: self.company,
                address_1: self.address_1,
                address_2: self.address_2,
                city: self.city,
                postcode: self.postcode,
                iso_code_2: self.iso_code_2,
                country_id: self.country_id,
                zone: self.zone,
                zone_id: self.zone_id,
            },
            default: self.default,
        }
    }
}

pub(super) async fn create(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(params): Query<SystemParam>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let system = params.listed()?;
    if system != System::OpenCart {
        return super::peer_routes::create(&app, &tenant, system, &body).await;
    }
    let fields = CustomerBody::parse(&body)?;
    let (settings, client) = shop(&app, &tenant).await?;
    match client.customer_create(&fields).await.map_err(peer_error)? {
        Created::EmailTaken { customer_id } => Err(ApiError::Conflict(format!(
            "customer {customer_id} has this e-mail address already"
        ))),
        Created::Customer(record) => {
            publish(&app, &settings, &record, "customer/customer/addCustomer").await?;
            let row = opencart::to_row(&record.customer);
            Ok((StatusCode::CREATED, Json(record_json(system, &record, row))))
        }
    }
}

pub(super) async fn update(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(params): Query<SystemParam>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let system = params.listed()?;
    let id = customer_id(&id)?;
    if system != System::OpenCart {
        return super::peer_routes::update(&app, &tenant, system, id, &body).await;
    }
    let fields = CustomerBody::parse(&body)?;
    let (settings, client) = shop(&app, &tenant).await?;
    let record = client
        .customer_update(id, &fields)
        .await
        .map_err(peer_error)?
        .ok_or(ApiError::NotFound)?;
    publish(&app, &settings, &record, "customer/customer/editCustomer").await?;
    let row = opencart::to_row(&record.customer);
    Ok(Json(record_json(system, &record, row)))
}

pub(super) async fn delete(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(params): Query<SystemParam>,
) -> Result<Json<Value>, ApiError> {
    let system = params.listed()?;
    let id = customer_id(&id)?;
    if system != System::OpenCart {
        return super::peer_routes::delete(&app, &tenant, system, id).await;
    }
    let (settings, client) = shop(&app, &tenant).await?;
    if !client.customer_delete(id).await.map_err(peer_error)? {
        return Err(ApiError::NotFound);
    }
    let payload =
        json!({"route": "customer/customer/deleteCustomer", "customer_id": id.to_string()});
    send(&app, &settings, id, EventKind::Deleted, payload).await?;
    Ok(Json(
        json!({"deleted": true, "customer_id": id.to_string()}),
    ))
}

/// A customer as the admin API answers it: the list row (with its links),
/// the address book, and the login addresses (read-only).
pub(super) fn record_json(system: System, record: &OcCustomerRecord, row: CustomerRow) -> Value {
    let addresses: Vec<Value> = record.addresses.iter().map(address_json).collect();
    let ips: Vec<Value> = record
        .ips
        .iter()
        .map(|ip| json!({"ip": ip.ip, "country": ip.country, "date_added": ip.date_added}))
        .collect();
    json!({"system": system.as_str(), "customer": row, "addresses": addresses, "ips": ips})
}

fn address_json(a: &crate::connectors::opencart::api::OcAddress) -> Value {
    json!({
        "address_id": a.address_id, "firstname": a.firstname, "lastname": a.lastname,
        "company": a.company, "address_1": a.address_1, "address_2": a.address_2,
        "city": a.city, "postcode": a.postcode, "country_id": a.country_id,
        "iso_code_2": a.iso_code_2, "zone_id": a.zone_id, "zone": a.zone,
        "default": a.default == 1,
    })
}

/// The shop's customer event for `record`, in the extension's shape (§6).
pub(crate) async fn publish(
    app: &AdminState,
    settings: &TenantSettings,
    record: &OcCustomerRecord,
    route: &str,
) -> Result<(), ApiError> {
    let c = &record.customer;
    let payload = json!({
        "route": route,
        "customer_id": c.customer_id.to_string(),
        "customer": {
            "customer_id": c.customer_id.to_string(),
            "customer_group_id": c.customer_group_id.to_string(),
            "firstname": c.firstname, "lastname": c.lastname, "email": c.email,
            "telephone": c.telephone, "newsletter": c.newsletter.to_string(),
            "status": c.status.to_string(), "date_added": c.date_added,
        },
        "addresses": record.addresses.iter().map(address_json).collect::<Vec<_>>(),
    });
    send(app, settings, c.customer_id, EventKind::Updated, payload).await
}

pub(crate) async fn send(
    app: &AdminState,
    settings: &TenantSettings,
    customer_id: i64,
    kind: EventKind,
    payload: Value,
) -> Result<(), ApiError> {
    let raw = serde_json::to_vec(&payload).unwrap_or_default();
    let dedupe_key = hex::encode(
        Sha256::new()
            .chain_update(settings.id.as_str())
            .chain_update(&raw)
            .finalize(),
    );
    let event = Envelope {
        tenant: settings.id.clone(),
        source: System::OpenCart,
        kind,
        entity: EntityKind::Customer,
        external_id: customer_id.to_string(),
        dedupe_key,
        received_at: now_ms(),
        payload,
        flow: None,
    };
    app.sync
        .registry
        .publish(app.sync.queue.as_ref(), settings, &event, false)
        .await?;
    Ok(())
}
