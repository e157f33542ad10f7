//! Customers a page at a time, as the customer pages list them (CM-1):
//! `GET /customers?filter[sites][]=&filter[name]=&limit=&page=`, with the
//! total the CRM counts.
//!
//! The CRM serves pages of 20, 50 or 100 (any other `limit` is refused), so
//! a caller that wants another window reads the pages around it.

use super::client::RetailCrm;
use super::wire::{Pagination, WirePhone};
use crate::error::{Error, Result};
use serde::Deserialize;

/// The `limit`s the CRM accepts on list methods.
pub const LIST_LIMITS: [u32; 3] = [20, 50, 100];

/// A customer as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListedCustomer {
    pub id: i64,
    pub external_id: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub patronymic: String,
    pub email: String,
    /// The first of its phones, as stored.
    pub phone: String,
    /// `"2024-01-02 09:00:00"`, the CRM's own format.
    pub created_at: String,
    /// The customer unsubscribed from e-mail campaigns.
    pub email_unsubscribed: bool,
}

/// One page of a list, and how many customers match in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerPage {
    pub customers: Vec<ListedCustomer>,
    pub total: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireListed {
    id: Option<i64>,
    external_id: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    patronymic: Option<String>,
    email: Option<String>,
    phones: Vec<WirePhone>,
    created_at: Option<String>,
    email_marketing_unsubscribed_at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ListAnswer {
    customers: Vec<WireListed>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

impl RetailCrm {
    /// Page `page` (from 1) of our site's customers, `limit` a page (20, 50
    /// or 100); with `name`, those whose name, e-mail or phone contains it
    /// (the CRM's quick search, `filter[name]`).
    pub async fn customers_page(
        &self,
        name: Option<&str>,
        page: u32,
        limit: u32,
    ) -> Result<CustomerPage> {
        if !LIST_LIMITS.contains(&limit) || page == 0 {
            return Err(Error::Invalid(format!(
                "CRM lists take limit 20, 50 or 100 and pages from 1 (got {limit}, {page})"
            )));
        }
        let mut query = vec![
            ("filter[sites][]".into(), self.site().into()),
            ("limit".into(), limit.to_string()),
            ("page".into(), page.to_string()),
        ];
        if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) {
            query.push(("filter[name]".into(), name.into()));
        }
        let answer: ListAnswer = self.get("customers", query).await?;
        let total = answer
            .pagination
            .map_or(answer.customers.len() as u64, |p| u64::from(p.total_count));
        Ok(CustomerPage {
            customers: answer.customers.into_iter().map(listed).collect(),
            total,
        })
    }
}

fn listed(w: WireListed) -> ListedCustomer {
    let text = |v: Option<String>| v.unwrap_or_default();
    ListedCustomer {
        id: w.id.unwrap_or_default(),
        external_id: w.external_id,
        first_name: text(w.first_name),
        last_name: text(w.last_name),
        patronymic: text(w.patronymic),
        email: text(w.email),
        phone: w
            .phones
            .into_iter()
            .find_map(|p| p.number)
            .unwrap_or_default(),
        created_at: text(w.created_at),
        email_unsubscribed: w.email_marketing_unsubscribed_at.is_some(),
    }
}
