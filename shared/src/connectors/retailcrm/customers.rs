//! Private customers: `/customers`, `/customers/{x}`, `/customers/create`,
//! `/customers/{x}/edit`.

use super::client::{Params, RetailCrm, by_params, segment};
use super::errors::none_if_not_found;
use super::mapping::{customer_from_wire, customer_to_wire};
use super::phone::{phone_key, same_phone};
use super::types::{By, CrmCustomer};
use super::wire::{CustomerAnswer, CustomersAnswer, IdAnswer, WireCustomer, to_field};
use crate::error::{Error, Result};
use crate::model::Customer;

impl RetailCrm {
    /// `GET /customers/{id}?by=&site=`; `None` on 404.
    pub async fn customer_get(&self, by: By, id: &str) -> Result<Option<CrmCustomer>> {
        let answer = self
            .get::<CustomerAnswer>(&format!("customers/{}", segment(id)), by_params(self, by))
            .await;
        Ok(none_if_not_found(answer)?.map(|a| crm_customer(&a.customer)))
    }

    /// Customers whose e-mail is `email` (exact, case-insensitive).
    pub async fn customers_by_email(&self, email: &str) -> Result<Vec<CrmCustomer>> {
        let email = email.trim();
        if email.is_empty() {
            return Ok(Vec::new());
        }
        let found = self
            .customers_list(vec![("filter[email]".into(), email.into())])
            .await?;
        // The CRM's filter may match parts of addresses; keep exact matches only.
        Ok(found
            .iter()
            .filter(|c| {
                c.email
                    .as_deref()
                    .is_some_and(|e| e.trim().eq_ignore_ascii_case(email))
            })
            .map(crm_customer)
            .collect())
    }

    /// Customers with this phone (compared after normalisation of digits).
    ///
    /// The CRM has no phone filter: `filter[name]` searches names, e-mails
    /// and phones (the official OpenCart module looks customers up by phone
    /// this way). We search for the last 10 digits, which any stored format of
    /// the number contains, and keep the customers one of whose phones is the
    /// same number by `same_phone`.
    pub async fn customers_by_phone(&self, phone: &str) -> Result<Vec<CrmCustomer>> {
        let Some(key) = phone_key(phone) else {
            return Ok(Vec::new());
        };
        let found = self
            .customers_list(vec![("filter[name]".into(), key)])
            .await?;
        Ok(found
            .iter()
            .filter(|c| {
                c.phones
                    .iter()
                    .flatten()
                    .filter_map(|p| p.number.as_deref())
                    .any(|n| same_phone(n, phone))
            })
            .map(crm_customer)
            .collect())
    }

    /// `POST /customers/create`; returns the new CRM id. If a customer with the
    /// same externalId already exists, returns that customer's id instead.
    /// Without an externalId the create is tried once (`post_unkeyed`).
    pub async fn customer_create(
        &self,
        external_id: Option<&str>,
        customer: &Customer,
    ) -> Result<i64> {
        let form = vec![
            ("site".into(), self.site().into()),
            (
                "customer".into(),
                to_field(&customer_to_wire(external_id, customer)),
            ),
        ];
        let answer = match external_id {
            Some(_) => self.post::<IdAnswer>("customers/create", form).await,
            None => {
                self.post_unkeyed::<IdAnswer>("customers/create", form)
                    .await
            }
        };
        match answer {
            Ok(a) => Ok(a.id),
            Err(f) if f.is_duplicate_external_id() && external_id.is_some() => {
                let ext = external_id.unwrap_or_default();
                match self.customer_get(By::ExternalId, ext).await? {
                    Some(existing) => Ok(existing.id),
                    None => Err(f.into()),
                }
            }
            Err(f) => Err(f.into()),
        }
    }

    /// `POST /customers/{id}/edit?by=id`: writes name, e-mail, phone and address.
    pub async fn customer_edit(&self, id: i64, customer: &Customer) -> Result<()> {
        let form = vec![
            ("by".into(), "id".into()),
            (
                "customer".into(),
                to_field(&customer_to_wire(None, customer)),
            ),
        ];
        self.post::<IdAnswer>(&format!("customers/{id}/edit"), form)
            .await?;
        Ok(())
    }

    /// `GET /customers` with a filter, restricted to our site, all pages.
    pub(super) async fn customers_list(&self, mut filter: Params) -> Result<Vec<WireCustomer>> {
        filter.push(("filter[sites][]".into(), self.site().into()));
        self.get_all::<CustomersAnswer>("customers", filter).await
    }
}

pub(super) fn crm_customer(w: &WireCustomer) -> CrmCustomer {
    CrmCustomer {
        id: w.id.unwrap_or_default(),
        external_id: w.external_id.clone(),
        customer: customer_from_wire(w),
    }
}

/// The record the CRM said it created is not there.
pub(super) fn vanished(what: &str, id: impl std::fmt::Display) -> Error {
    Error::PeerRejected {
        peer: super::errors::PEER,
        status: 404,
        message: format!("{what} {id} not found after create"),
    }
}
