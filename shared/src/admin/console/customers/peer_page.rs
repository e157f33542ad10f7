//! CM-2 on pages for the CRM and WooCommerce (`?system=retailcrm|woocommerce`
//! on the customer URLs; `edit_page` hands these over): a new customer's
//! form, a customer's tabs General and Addresses (no Transactions: those are
//! OpenCart's), and for WooCommerce delete after a confirmation page (the
//! CRM's API has no delete, so there is no Delete link). The writes are the
//! admin API's (`crm_edit`, `woo_edit`), with the same checks and the same
//! flow on to linked systems.

use super::form::{FieldErrors, Posted};
use super::peer_form::{self, Values};
use crate::admin::AdminState;
use crate::admin::console::layout::page;
use crate::admin::customers::crm_edit;
use crate::admin::customers::peer_body::PeerWrite;
use crate::admin::customers::woo_edit;
use crate::admin::customers::{peer_error, source};
use crate::customers::source::CustomerSource;
use crate::customers::woocommerce;
use crate::hooks::ApiError;
use crate::model::System;
use crate::settings::TenantSettings;
use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;
use maud::{Markup, html};

/// A refusal the merchant can fix is shown on the form; the rest is an error page.
fn field_errors(e: ApiError) -> Result<FieldErrors, ApiError> {
    match e {
        ApiError::BadRequest(m) | ApiError::Conflict(m) => Ok(peer_form::refusal(&m)),
        other => Err(other),
    }
}

fn label(system: System) -> &'static str {
    if system == System::RetailCrm {
        "RetailCRM"
    } else {
        "WooCommerce"
    }
}

fn new_page(tenant: &str, system: System, values: &Values, errors: &FieldErrors) -> Markup {
    let action = format!(
        "/console/tenants/{tenant}/customers/new?system={}",
        system.as_str()
    );
    page(
        "New customer",
        Some(tenant),
        html! {
            h1 { "New " (label(system)) " customer" }
            (peer_form::tab_form(system, "general", &action, values, errors))
        },
    )
}

pub(super) fn new_form(tenant: &str, system: System) -> Response {
    let mut values = Values::new();
    if system == System::RetailCrm {
        values.insert("newsletter".into(), "on".into());
    }
    new_page(tenant, system, &values, &FieldErrors::new()).into_response()
}

pub(super) async fn create(
    app: &AdminState,
    tenant: &str,
    system: System,
    posted: &Posted,
) -> Result<Response, ApiError> {
    let raw = peer_form::body(system, "general", posted);
    let written = async {
        let write = PeerWrite::parse(system, &raw)?;
        let (settings, client) = source(app, tenant, system).await?;
        match (client, write) {
            (CustomerSource::RetailCrm(crm), PeerWrite::Crm(edit)) => {
                crm_edit::create(app, &settings, &crm, &edit).await
            }
            (CustomerSource::WooCommerce(shop), PeerWrite::Woo(w)) => {
                Ok(woo_edit::create(&shop, &w).await?.id)
            }
            _ => Err(ApiError::NotFound),
        }
    }
    .await;
    let errors = match written {
        Ok(id) => {
            let to = format!(
                "/console/tenants/{tenant}/customers/{id}?system={}&saved=1",
                system.as_str()
            );
            return Ok(Redirect::to(&to).into_response());
        }
        Err(e) => field_errors(e)?,
    };
    let page = new_page(tenant, system, &peer_form::typed(posted), &errors);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The customer's values and display name; `NotFound` if it is gone.
async fn load(
    app: &AdminState,
    tenant: &str,
    system: System,
    id: i64,
) -> Result<(TenantSettings, CustomerSource, Values, String), ApiError> {
    let (settings, client) = source(app, tenant, system).await?;
    let (values, name) = match &client {
        CustomerSource::RetailCrm(crm) => {
            let r = crm
                .customer_record(id)
                .await
                .map_err(peer_error)?
                .ok_or(ApiError::NotFound)?;
            (peer_form::crm_values(&r), crm_edit::row(&r).full_name())
        }
        CustomerSource::WooCommerce(shop) => {
            let c = shop
                .customer(id)
                .await
                .map_err(peer_error)?
                .ok_or(ApiError::NotFound)?;
            (
                peer_form::woo_values(&c),
                woocommerce::to_row(&c).full_name(),
            )
        }
        CustomerSource::OpenCart(_) => return Err(ApiError::NotFound),
    };
    Ok((settings, client, values, name))
}

/// One customer's page on one tab.
pub(super) struct Shown<'a> {
    pub tenant: &'a str,
    pub system: System,
    pub id: i64,
    pub tab: &'a str,
    pub saved: bool,
}

impl Shown<'_> {
    fn base(&self) -> String {
        format!("/console/tenants/{}/customers/{}", self.tenant, self.id)
    }

    fn render(&self, name: &str, values: &Values, errors: &FieldErrors) -> Markup {
        let system = self.system.as_str();
        let base = self.base();
        let action = match self.tab {
            "addresses" => format!("{base}/addresses?system={system}"),
            _ => format!("{base}?system={system}"),
        };
        page(
            name,
            Some(self.tenant),
            html! {
                p { a href=(format!("/console/tenants/{}/customers?system={system}", self.tenant)) { "‹ All customers" } }
                h1 { (name) " " small class="muted" { (label(self.system)) " #" (self.id) } }
                @if self.saved { p class="notice" role="status" id="saved" { "Saved." } }
                nav class="tabs" {
                    @for (tab, title) in [("general", "General"), ("addresses", "Addresses")] {
                        a href=(format!("{base}?system={system}&tab={tab}")) id=(format!("tab-{tab}")) class=[(self.tab == tab).then_some("on")] { (title) }
                    }
                    @if self.system == System::WooCommerce {
                        a href=(format!("{base}/delete?system={system}")) id="delete" style="float:right" { "Delete customer" }
                    }
                }
                (peer_form::tab_form(self.system, self.tab, &action, values, errors))
            },
        )
    }

    pub async fn show(&self, app: &AdminState) -> Result<Response, ApiError> {
        let (_, _, values, name) = load(app, self.tenant, self.system, self.id).await?;
        Ok(self
            .render(&name, &values, &FieldErrors::new())
            .into_response())
    }

    pub async fn save(&self, app: &AdminState, posted: &Posted) -> Result<Response, ApiError> {
        let raw = peer_form::body(self.system, self.tab, posted);
        let (settings, client, values, name) = load(app, self.tenant, self.system, self.id).await?;
        let written = async {
            match (&client, PeerWrite::parse(self.system, &raw)?) {
                (CustomerSource::RetailCrm(crm), PeerWrite::Crm(edit)) => {
                    crm_edit::update(app, &settings, crm, self.id, &edit).await
                }
                (CustomerSource::WooCommerce(shop), PeerWrite::Woo(w)) => {
                    woo_edit::update(shop, self.id, &w).await.map(|_| ())
                }
                _ => Err(ApiError::NotFound),
            }
        }
        .await;
        let errors = match written {
            Ok(()) => {
                let to = format!(
                    "{}?system={}&tab={}&saved=1",
                    self.base(),
                    self.system.as_str(),
                    self.tab
                );
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => field_errors(e)?,
        };
        let mut shown = values;
        shown.extend(peer_form::typed(posted));
        if self.system == System::RetailCrm
            && self.tab != "addresses"
            && !posted.iter().any(|(n, _)| n == "newsletter")
        {
            shown.remove("newsletter");
        }
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            self.render(&name, &shown, &errors),
        )
            .into_response())
    }

    /// WooCommerce only: the confirmation page.
    pub async fn confirm_delete(&self, app: &AdminState) -> Result<Response, ApiError> {
        if self.system == System::RetailCrm {
            return Err(ApiError::NotSupported(crm_edit::NO_DELETE.into()));
        }
        let (_, _, _, name) = load(app, self.tenant, self.system, self.id).await?;
        let base = self.base();
        let system = self.system.as_str();
        Ok(page("Delete customer", Some(self.tenant), html! {
            form class="card" method="post" action=(format!("{base}/delete?system={system}")) {
                h1 { "Delete " (name) "?" }
                p { "The WooCommerce account is deleted for good (accounts cannot be trashed). Orders stay." }
                button type="submit" class="danger" id="confirm-delete" { "Delete" }
                " " a href=(format!("{base}?system={system}")) { "Cancel" }
            }
        }).into_response())
    }

    pub async fn delete(&self, app: &AdminState) -> Result<Response, ApiError> {
        if self.system == System::RetailCrm {
            return Err(ApiError::NotSupported(crm_edit::NO_DELETE.into()));
        }
        let (_, client) = source(app, self.tenant, self.system).await?;
        let CustomerSource::WooCommerce(shop) = client else {
            return Err(ApiError::NotFound);
        };
        woo_edit::delete(&shop, self.id).await?;
        let to = format!(
            "/console/tenants/{}/customers?system={}",
            self.tenant,
            self.system.as_str()
        );
        Ok(Redirect::to(&to).into_response())
    }
}
