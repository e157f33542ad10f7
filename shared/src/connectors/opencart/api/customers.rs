//! `customer.get`, `customer.list`, `customer.create`, `customer.update`,
//! `customer.delete`.

use super::client::{OpenCart, Params, Repeat};
use super::customer_types::{
    Created, CustomerFields, CustomerPage, CustomerQuery, GroupFilter, OcCustomer, OcCustomerRecord,
};
use super::errors::{Sent, none_if};
use crate::error::{Error, Result};
use serde::Deserialize;

#[derive(Deserialize)]
struct Deleted {
    #[allow(dead_code)]
    deleted: bool,
}

impl OpenCart {
    /// The customer with addresses and login IPs; `None` when there is none.
    pub async fn customer_get(&self, customer_id: i64) -> Result<Option<OcCustomerRecord>> {
        let answer = self
            .get(
                "customer.get",
                vec![("customer_id", customer_id.to_string())],
            )
            .await;
        none_if("customer_not_found", answer)
    }

    /// One page of customers (rows without addresses).
    pub async fn customer_list(&self, query: &CustomerQuery) -> Result<CustomerPage> {
        let mut params: Params = Vec::new();
        if let Some(page) = query.page {
            params.push(("page", page.to_string()));
        }
        if let Some(limit) = query.limit {
            params.push(("limit", limit.to_string()));
        }
        match query.group {
            Some(GroupFilter::Group(id)) => params.push(("customer_group_id", id.to_string())),
            Some(GroupFilter::NoGroup) => params.push(("customer_group_id", "none".into())),
            None => {}
        }
        if let Some(search) = &query.search {
            params.push(("search", search.clone()));
        }
        Ok(self.get("customer.list", params).await?)
    }

    /// The customer whose e-mail address is `email` (compared as the shop
    /// does, case-insensitively); the lowest id if the shop has several.
    pub async fn customer_by_email(&self, email: &str) -> Result<Option<OcCustomer>> {
        let wanted = email.trim().to_lowercase();
        if wanted.is_empty() {
            return Ok(None);
        }
        let query = CustomerQuery {
            limit: Some(200),
            search: Some(wanted.chars().take(96).collect()),
            ..CustomerQuery::default()
        };
        let page = self.customer_list(&query).await?;
        Ok(page
            .customers
            .into_iter()
            .filter(|c| c.email.as_deref().map(str::to_lowercase).as_deref() == Some(&*wanted))
            .min_by_key(|c| c.customer_id))
    }

    /// Creates a customer (group, names and e-mail required). Not
    /// idempotent: after an unclear failure (timeout, lost answer, 5xx) the
    /// customer is looked up by e-mail before anything is sent again, as
    /// API.md §1 advises; one found with the names we sent is ours.
    pub async fn customer_create(&self, new: &CustomerFields) -> Result<Created> {
        let email = new.email.clone().unwrap_or_default();
        let mut attempt = 1;
        loop {
            let failure = match self
                .post("customer.create", Vec::new(), new, Repeat::OnlyIfUnsent)
                .await
            {
                Ok(record) => return Ok(Created::Customer(Box::new(record))),
                Err(f) if f.is("email_exists") => {
                    let customer_id = f.customer_id.unwrap_or_default();
                    return Ok(Created::EmailTaken { customer_id });
                }
                Err(f) if f.sent == Sent::Maybe => f,
                Err(f) => return Err(f.error),
            };
            if let Some(found) = self.customer_by_email(&email).await? {
                let ours = found.firstname == new.firstname && found.lastname == new.lastname;
                if !ours {
                    let customer_id = found.customer_id;
                    return Ok(Created::EmailTaken { customer_id });
                }
                return self
                    .customer_get(found.customer_id)
                    .await?
                    .map(|record| Created::Customer(Box::new(record)))
                    .ok_or_else(|| vanished(found.customer_id));
            }
            let Some(pause) = self.retry().delay(attempt, failure.error.retry_after()) else {
                return Err(failure.error);
            };
            tokio::time::sleep(pause).await;
            attempt += 1;
        }
    }

    /// Writes the given fields; `addresses`, when given, replaces the
    /// address book. `None` when there is no such customer.
    pub async fn customer_update(
        &self,
        customer_id: i64,
        changes: &CustomerFields,
    ) -> Result<Option<OcCustomerRecord>> {
        let params = vec![("customer_id", customer_id.to_string())];
        let answer = self
            .post("customer.update", params, changes, Repeat::Safe)
            .await;
        none_if("customer_not_found", answer)
    }

    /// Deletes the customer and its rows (orders stay). `false` when there
    /// was no such customer, e.g. a repeat of a delete whose answer was lost.
    pub async fn customer_delete(&self, customer_id: i64) -> Result<bool> {
        let params = vec![("customer_id", customer_id.to_string())];
        let answer = self
            .post::<Deleted>(
                "customer.delete",
                params,
                &serde_json::json!({}),
                Repeat::Safe,
            )
            .await;
        Ok(none_if("customer_not_found", answer)?.is_some())
    }
}

fn vanished(customer_id: i64) -> Error {
    Error::PeerUnavailable {
        peer: super::errors::PEER,
        message: format!("customer {customer_id} was found and then was gone"),
        retry_after: None,
    }
}
