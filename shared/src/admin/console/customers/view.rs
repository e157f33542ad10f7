//! One customer's page: the header, the tabs, and the tab's content
//! (General, Addresses, Transactions), drawn from the shop's record or,
//! after a refusal, from what was typed.

use super::form::{self, FieldErrors};
use crate::admin::console::layout::page;
use crate::connectors::opencart::OpenCart;
use crate::connectors::opencart::api::{CustomerFields, OcCustomerRecord};
use crate::customers::opencart::{self, Groups};
use crate::hooks::ApiError;
use maud::{Markup, html};

pub(super) async fn groups(client: &OpenCart) -> Result<Groups, ApiError> {
    opencart::groups(client)
        .await
        .map_err(crate::admin::customers::peer_error)
}

pub(super) async fn record(client: &OpenCart, id: i64) -> Result<OcCustomerRecord, ApiError> {
    client
        .customer_get(id)
        .await
        .map_err(crate::admin::customers::peer_error)?
        .ok_or(ApiError::NotFound)
}

/// One customer's page on one tab.
pub(super) struct View<'a> {
    pub tenant: &'a str,
    pub record: &'a OcCustomerRecord,
    pub tab: &'a str,
    pub saved: bool,
    pub errors: FieldErrors,
    /// What was typed into a refused form, shown again instead of the record.
    pub typed: Option<&'a CustomerFields>,
}

impl View<'_> {
    pub async fn render(&self, client: &OpenCart) -> Result<Markup, ApiError> {
        let id = self.record.customer_id;
        let base = format!("/console/tenants/{}/customers/{id}", self.tenant);
        let name = opencart::to_row(&self.record.customer).full_name();
        let content = match self.tab {
            "addresses" => {
                let typed = self
                    .typed
                    .and_then(|t| t.addresses.as_deref())
                    .map(form::book_as_typed);
                let book = typed.as_deref().unwrap_or(&self.record.addresses);
                form::addresses(&format!("{base}/addresses"), book, &self.errors)
            }
            "transactions" => self.transactions(client, &base).await?,
            _ => {
                let values = match self.typed {
                    Some(typed) => form::as_typed(typed, &self.record.customer),
                    None => self.record.customer.clone(),
                };
                form::general(&base, &values, true, &groups(client).await?, &self.errors)
            }
        };
        Ok(page(
            &name,
            Some(self.tenant),
            html! {
                p { a href=(format!("/console/tenants/{}/customers", self.tenant)) { "‹ All customers" } }
                h1 { (name) " " small class="muted" { "#" (id) } }
                @if self.saved { p class="notice" role="status" id="saved" { "Saved." } }
                nav class="tabs" {
                    @for (tab, label) in [("general", "General"), ("addresses", "Addresses"), ("transactions", "Transactions")] {
                        a href=(format!("{base}?tab={tab}")) id=(format!("tab-{tab}")) class=[(self.tab == tab).then_some("on")] { (label) }
                    }
                    a href=(format!("{base}/delete")) id="delete" style="float:right" { "Delete customer" }
                }
                (content)
            },
        ))
    }

    async fn transactions(&self, client: &OpenCart, base: &str) -> Result<Markup, ApiError> {
        let id = self.record.customer_id;
        let list = client
            .transaction_list(id, 1, 200)
            .await
            .map_err(crate::admin::customers::peer_error)?
            .ok_or(ApiError::NotFound)?;
        let errors = &self.errors;
        Ok(html! {
            div class="card" {
                p { "Balance: " strong id="balance" { (list.balance) } }
                table id="transactions" {
                    thead { tr { th { "Date" } th { "Description" } th { "Amount" } } }
                    tbody { @for t in &list.transactions { tr { td { (t.date_added) } td { (t.description) } td { (t.amount) } } } }
                }
                form method="post" action=(format!("{base}/transactions")) id="transaction-form" {
                    @if let Some(message) = errors.get("") { p class="error" role="alert" { (message) } }
                    label for="description" { "Description" }
                    input type="text" id="description" name="description";
                    @if let Some(message) = errors.get("description") { span class="field-error" data-field="description" { (message) } }
                    label for="amount" { "Amount" }
                    input type="text" id="amount" name="amount" placeholder="10.00 or -5.00";
                    @if let Some(message) = errors.get("amount") { span class="field-error" data-field="amount" { (message) } }
                    p { button type="submit" id="add-transaction" { "Add transaction" } }
                }
            }
        })
    }
}
