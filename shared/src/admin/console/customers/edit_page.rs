//! CM-2 and CM-3 on pages: a new customer's form; a customer's tabs
//! General, Addresses (the address book) and Transactions (list and add);
//! delete after a confirmation page. A refusal is shown next to the field
//! it names and nothing is saved; after a save the page says so. With
//! `?system=retailcrm|woocommerce` the same URLs serve those systems'
//! customers (`peer_page`).

use super::form::{self, FieldErrors, Posted};
use super::peer_page::{self, Shown};
use super::view::{View, groups, record};
use crate::admin::AdminState;
use crate::admin::console::layout::{page, problem};
use crate::admin::customers::edit::{publish, send};
use crate::admin::customers::params::SystemParam;
use crate::admin::customers::transactions::{checked_amount, checked_description};
use crate::admin::customers::{customer_id, shop};
use crate::connectors::opencart::api::{
    Created, CustomerFields, NewTransaction, OcCustomer, refused_field,
};
use crate::customers::opencart::{self, Groups};
use crate::hooks::ApiError;
use crate::model::{EventKind, System};
use crate::settings::TenantSettings;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Tab {
    #[serde(default)]
    tab: Option<String>,
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    system: Option<String>,
}

/// The CRM or WooCommerce, when the URL names one (`peer_page` serves it).
fn peer(system: Option<String>) -> Result<Option<System>, ApiError> {
    let system = SystemParam { system }.listed()?;
    Ok((system != System::OpenCart).then_some(system))
}

/// A page, or the problem page for an error.
fn answer(tenant: &str, result: Result<Response, ApiError>) -> Response {
    result.unwrap_or_else(|e| {
        (
            e.status(),
            problem("Customers", Some(tenant), &e.to_string()),
        )
            .into_response()
    })
}

/// What a refused write becomes: field errors to show (the caller's to fix)
/// or an error page (the shop is down: try again later).
fn refusal(e: crate::Error) -> Result<FieldErrors, ApiError> {
    match &e {
        crate::Error::PeerRejected { message, .. } => {
            let field = refused_field(&e).unwrap_or_default();
            let text = message
                .split_once("]: ")
                .map_or(message.as_str(), |(_, m)| m);
            Ok(FieldErrors::from([(field, text.to_owned())]))
        }
        _ => Err(crate::admin::customers::peer_error(e)),
    }
}

pub(super) async fn new_form(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(q): Query<SystemParam>,
) -> Response {
    let result = async {
        if let Some(system) = peer(q.system)? {
            crate::admin::customers::source(&app, &tenant, system).await?;
            return Ok(peer_page::new_form(&tenant, system));
        }
        let (_, client) = shop(&app, &tenant).await?;
        let groups = groups(&client).await?;
        let values = form::new_customer(&groups);
        Ok(new_page(&tenant, &values, &groups, &FieldErrors::new()).into_response())
    }
    .await;
    answer(&tenant, result)
}

fn new_page(tenant: &str, values: &OcCustomer, groups: &Groups, errors: &FieldErrors) -> Markup {
    let action = format!("/console/tenants/{tenant}/customers/new");
    page(
        "New customer",
        Some(tenant),
        html! { h1 { "New customer" } (form::general(&action, values, false, groups, errors)) },
    )
}

pub(super) async fn create(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(q): Query<SystemParam>,
    Form(posted): Form<Posted>,
) -> Response {
    let result = async {
        if let Some(system) = peer(q.system)? {
            return peer_page::create(&app, &tenant, system, &posted).await;
        }
        let (settings, client) = shop(&app, &tenant).await?;
        let fields = form::general_fields(&posted);
        let errors = match client.customer_create(&fields).await {
            Ok(Created::Customer(record)) => {
                publish(&app, &settings, &record, "customer/customer/addCustomer").await?;
                let to = format!(
                    "/console/tenants/{tenant}/customers/{}?saved=1",
                    record.customer_id
                );
                return Ok(Redirect::to(&to).into_response());
            }
            Ok(Created::EmailTaken { customer_id }) => FieldErrors::from([(
                "email".to_owned(),
                format!("Customer {customer_id} has this e-mail address already."),
            )]),
            Err(e) => refusal(e)?,
        };
        let groups = groups(&client).await?;
        let typed = form::as_typed(&fields, &form::new_customer(&groups));
        let page = new_page(&tenant, &typed, &groups, &errors);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn show(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(tab): Query<Tab>,
) -> Response {
    let result = async {
        let id = customer_id(&id)?;
        let tab_name = tab.tab.as_deref().unwrap_or("general");
        if let Some(system) = peer(tab.system.clone())? {
            let shown = Shown {
                tenant: &tenant,
                system,
                id,
                tab: tab_name,
                saved: tab.saved.is_some(),
            };
            return shown.show(&app).await;
        }
        let (_, client) = shop(&app, &tenant).await?;
        let record = record(&client, id).await?;
        let view = View {
            tenant: &tenant,
            record: &record,
            tab: tab.tab.as_deref().unwrap_or("general"),
            saved: tab.saved.is_some(),
            errors: FieldErrors::new(),
            typed: None,
        };
        Ok(view.render(&client).await?.into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn save_general(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<SystemParam>,
    Form(posted): Form<Posted>,
) -> Response {
    if q.system.as_deref().is_some_and(|s| s != "opencart") {
        return save_peer(app, tenant, id, q, "general", posted).await;
    }
    let fields = form::general_fields(&posted);
    save(app, tenant, id, "general", fields).await
}

pub(super) async fn save_addresses(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<SystemParam>,
    Form(posted): Form<Posted>,
) -> Response {
    if q.system.as_deref().is_some_and(|s| s != "opencart") {
        return save_peer(app, tenant, id, q, "addresses", posted).await;
    }
    let fields = CustomerFields {
        addresses: Some(form::address_book(&posted)),
        ..CustomerFields::default()
    };
    save(app, tenant, id, "addresses", fields).await
}

/// A tab of a CRM or WooCommerce customer.
async fn save_peer(
    app: AdminState,
    tenant: String,
    id: String,
    q: SystemParam,
    tab: &str,
    posted: Posted,
) -> Response {
    let result = async {
        let id = customer_id(&id)?;
        let system = peer(q.system)?.ok_or(ApiError::NotFound)?;
        let shown = Shown {
            tenant: &tenant,
            system,
            id,
            tab,
            saved: false,
        };
        shown.save(&app, &posted).await
    }
    .await;
    answer(&tenant, result)
}

async fn save(
    app: AdminState,
    tenant: String,
    id: String,
    tab: &str,
    fields: CustomerFields,
) -> Response {
    let result = async {
        let id = customer_id(&id)?;
        let (settings, client) = shop(&app, &tenant).await?;
        let errors = match client.customer_update(id, &fields).await {
            Ok(Some(record)) => {
                publish(&app, &settings, &record, "customer/customer/editCustomer").await?;
                let to = format!("/console/tenants/{tenant}/customers/{id}?tab={tab}&saved=1");
                return Ok(Redirect::to(&to).into_response());
            }
            Ok(None) => return Err(ApiError::NotFound),
            Err(e) => refusal(e)?,
        };
        let record = record(&client, id).await?;
        let view = View {
            tenant: &tenant,
            record: &record,
            tab,
            saved: false,
            errors,
            typed: Some(&fields),
        };
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view.render(&client).await?,
        )
            .into_response())
    }
    .await;
    answer(&tenant, result)
}

#[derive(Debug, Deserialize)]
pub(super) struct TransactionForm {
    description: String,
    amount: String,
}

pub(super) async fn add_transaction(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Form(posted): Form<TransactionForm>,
) -> Response {
    let result = async {
        let id = customer_id(&id)?;
        let (_, client) = shop(&app, &tenant).await?;
        let checked = checked_description(&posted.description)
            .map_err(|e| ("description", e))
            .and_then(|d| {
                Ok((
                    d,
                    checked_amount(&Value::String(posted.amount.clone()))
                        .map_err(|e| ("amount", e))?,
                ))
            });
        let errors = match checked {
            Ok((description, amount)) => {
                let new = NewTransaction {
                    description,
                    amount,
                    order_id: None,
                };
                match client.transaction_add(id, &new).await {
                    Ok(Some(_)) => {
                        let to = format!(
                            "/console/tenants/{tenant}/customers/{id}?tab=transactions&saved=1"
                        );
                        return Ok(Redirect::to(&to).into_response());
                    }
                    Ok(None) => return Err(ApiError::NotFound),
                    Err(e) => refusal(e)?,
                }
            }
            Err((field, e)) => FieldErrors::from([(field.to_owned(), e.to_string())]),
        };
        let record = record(&client, id).await?;
        let view = View {
            tenant: &tenant,
            record: &record,
            tab: "transactions",
            saved: false,
            errors,
            typed: None,
        };
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            view.render(&client).await?,
        )
            .into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn confirm_delete(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<SystemParam>,
) -> Response {
    let result = async {
        let id = customer_id(&id)?;
        if let Some(system) = peer(q.system)? {
            let shown = Shown { tenant: &tenant, system, id, tab: "general", saved: false };
            return shown.confirm_delete(&app).await;
        }
        let (_, client) = shop(&app, &tenant).await?;
        let record = record(&client, id).await?;
        let name = opencart::to_row(&record.customer).full_name();
        let base = format!("/console/tenants/{tenant}/customers");
        Ok(page("Delete customer", Some(&tenant), html! {
            form class="card" method="post" action=(format!("{base}/{id}/delete")) {
                h1 { "Delete " (name) "?" }
                p { "The customer, the address book and the transactions are deleted in the shop. Orders stay." }
                button type="submit" class="danger" id="confirm-delete" { "Delete" }
                " " a href=(format!("{base}/{id}")) { "Cancel" }
            }
        }).into_response())
    }
    .await;
    answer(&tenant, result)
}

pub(super) async fn delete(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(q): Query<SystemParam>,
) -> Response {
    let result = async {
        let id = customer_id(&id)?;
        if let Some(system) = peer(q.system)? {
            let shown = Shown {
                tenant: &tenant,
                system,
                id,
                tab: "general",
                saved: false,
            };
            return shown.delete(&app).await;
        }
        let (settings, client) = shop(&app, &tenant).await?;
        if !client
            .customer_delete(id)
            .await
            .map_err(crate::admin::customers::peer_error)?
        {
            return Err(ApiError::NotFound);
        }
        deleted(&app, &settings, id).await?;
        Ok(Redirect::to(&format!("/console/tenants/{tenant}/customers")).into_response())
    }
    .await;
    answer(&tenant, result)
}

async fn deleted(app: &AdminState, settings: &TenantSettings, id: i64) -> Result<(), ApiError> {
    let payload =
        json!({"route": "customer/customer/deleteCustomer", "customer_id": id.to_string()});
    send(app, settings, id, EventKind::Deleted, payload).await
}
