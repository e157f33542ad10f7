//! Customers one at a time and lists: `GET/POST /customers`,
//! `GET/PUT/DELETE /customers/{id}`.

use super::client::{Params, WooCommerce};
use super::errors::none_if_not_found;
use super::wire::{CustomerWrite, WooCustomer};
use crate::error::{Error, Result};
use reqwest::Method;

/// The largest page WooCommerce serves (`per_page` maximum).
const PER_PAGE: u32 = 100;

/// What a create did.
#[derive(Debug, Clone, PartialEq)]
pub enum CreateOutcome {
    Created(Box<WooCustomer>),
    /// An account with this e-mail exists (`registration-error-email-exists`):
    /// find it by e-mail and link it rather than create a second one.
    EmailExists {
        message: String,
    },
}

impl WooCommerce {
    /// Every account, whatever its role (`role=all`), 100 a page, all pages,
    /// oldest first; with `email`, only the account with that e-mail.
    pub async fn customers(&self, email: Option<&str>) -> Result<Vec<WooCustomer>> {
        let mut all = Vec::new();
        let mut page = 1u32;
        loop {
            let mut query: Params = vec![
                ("role".into(), "all".into()),
                ("per_page".into(), PER_PAGE.to_string()),
                ("page".into(), page.to_string()),
                // A stable order, so that pages do not shift while we read them.
                ("orderby".into(), "id".into()),
                ("order".into(), "asc".into()),
            ];
            if let Some(e) = email {
                query.push(("email".into(), e.to_owned()));
            }
            let answer = self
                .wc::<Vec<WooCustomer>>(Method::GET, "customers", query, None, None)
                .await?;
            let got = answer.value.len();
            all.extend(answer.value);
            let last = match answer.total_pages {
                Some(total) => page >= total,
                // Without the header, a short page is the last one.
                None => got < PER_PAGE as usize,
            };
            if last || got == 0 {
                return Ok(all);
            }
            page += 1;
        }
    }

    /// Page `page` (from 1) of the accounts with `role` (`all` for every
    /// role), `per_page` (1 to 100) a page, oldest first, and how many there
    /// are in all (`X-WP-Total`; counted from the page when the header is
    /// missing, as behind a proxy that strips it).
    pub async fn customers_page(
        &self,
        role: &str,
        page: u32,
        per_page: u32,
    ) -> Result<(Vec<WooCustomer>, u64)> {
        if page == 0 || !(1..=PER_PAGE).contains(&per_page) {
            return Err(Error::Invalid(format!(
                "WooCommerce pages start at 1 and hold 1 to {PER_PAGE} (got {page}, {per_page})"
            )));
        }
        let query: Params = vec![
            ("role".into(), role.into()),
            ("per_page".into(), per_page.to_string()),
            ("page".into(), page.to_string()),
            ("orderby".into(), "id".into()),
            ("order".into(), "asc".into()),
        ];
        let answer = self
            .wc::<Vec<WooCustomer>>(Method::GET, "customers", query, None, None)
            .await?;
        let seen = u64::from(page - 1) * u64::from(per_page) + answer.value.len() as u64;
        let total = answer.total.unwrap_or(seen);
        Ok((answer.value, total))
    }

    /// The accounts whose e-mail is `email` (WooCommerce e-mails are unique,
    /// so at most one; compared case-insensitively, as MySQL does).
    pub async fn customers_by_email(&self, email: &str) -> Result<Vec<WooCustomer>> {
        let email = email.trim();
        if email.is_empty() {
            return Ok(Vec::new());
        }
        let found = self.customers(Some(email)).await?;
        Ok(found
            .into_iter()
            .filter(|c| c.email.trim().eq_ignore_ascii_case(email))
            .collect())
    }

    /// The accounts with these ids that still exist, whatever their role
    /// (`include=`, 100 ids a request); a deleted one is simply absent.
    pub async fn customers_by_ids(&self, ids: &[i64]) -> Result<Vec<WooCustomer>> {
        let mut found = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(PER_PAGE as usize) {
            let include: Vec<String> = chunk.iter().map(i64::to_string).collect();
            let query: Params = vec![
                ("role".into(), "all".into()),
                ("per_page".into(), PER_PAGE.to_string()),
                ("include".into(), include.join(",")),
            ];
            let answer = self
                .wc::<Vec<WooCustomer>>(Method::GET, "customers", query, None, None)
                .await?;
            found.extend(answer.value);
        }
        Ok(found)
    }

    /// `GET /customers/{id}`; `None` if there is no such user.
    pub async fn customer(&self, id: i64) -> Result<Option<WooCustomer>> {
        let answer = self
            .wc::<WooCustomer>(
                Method::GET,
                &format!("customers/{id}"),
                Vec::new(),
                None,
                None,
            )
            .await;
        Ok(none_if_not_found(answer)?.map(|a| a.value))
    }

    /// `POST /customers`. The e-mail is required.
    pub async fn customer_create(&self, customer: &CustomerWrite) -> Result<CreateOutcome> {
        if customer
            .email
            .as_deref()
            .is_none_or(|e| e.trim().is_empty())
        {
            return Err(Error::Invalid(
                "a WooCommerce customer needs an e-mail".into(),
            ));
        }
        let body = serde_json::to_value(customer).map_err(|e| Error::Invalid(e.to_string()))?;
        match self
            .wc::<WooCustomer>(Method::POST, "customers", Vec::new(), Some(body), None)
            .await
        {
            Ok(a) => Ok(CreateOutcome::Created(Box::new(a.value))),
            Err(f) if f.is_email_exists() => Ok(CreateOutcome::EmailExists { message: f.message }),
            Err(f) => Err(f.into()),
        }
    }

    /// `PUT /customers/{id}` with the fields set in `customer`; `None` if the
    /// user is gone.
    pub async fn customer_update(
        &self,
        id: i64,
        customer: &CustomerWrite,
    ) -> Result<Option<WooCustomer>> {
        let body = serde_json::to_value(customer).map_err(|e| Error::Invalid(e.to_string()))?;
        let answer = self
            .wc::<WooCustomer>(
                Method::PUT,
                &format!("customers/{id}"),
                Vec::new(),
                Some(body),
                None,
            )
            .await;
        Ok(none_if_not_found(answer)?.map(|a| a.value))
    }

    /// `DELETE /customers/{id}?force=true` (customers cannot be trashed);
    /// returns the account as it was, or `None` if it was already gone.
    pub async fn customer_delete(&self, id: i64) -> Result<Option<WooCustomer>> {
        let query = vec![("force".into(), "true".into())];
        let answer = self
            .wc::<WooCustomer>(
                Method::DELETE,
                &format!("customers/{id}"),
                query,
                None,
                None,
            )
            .await;
        Ok(none_if_not_found(answer)?.map(|a| a.value))
    }
}
