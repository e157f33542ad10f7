//! `GET /customers` one page at a time, for a job that walks every
//! customer of the site once (the onboarding backfill) and checkpoints the
//! page it reached. Pages are the CRM's own (`limit` 100, the largest the
//! flows use), so a resumed walk asks for exactly the pages it had left.

use super::client::RetailCrm;
use super::wire::CustomersAnswer;
use crate::error::Result;

/// Customers per page.
pub const CUSTOMER_PAGE: u32 = 100;

/// What identifies a CRM customer outside the CRM: its e-mail and phones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmContact {
    pub id: i64,
    pub email: Option<String>,
    pub phones: Vec<String>,
}

/// One page of the site's customers and how many pages there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmContactPage {
    pub contacts: Vec<CrmContact>,
    pub total_pages: u32,
}

impl RetailCrm {
    /// Page `page` (from 1) of the site's private customers, in the CRM's order.
    pub async fn customer_contacts_page(&self, page: u32) -> Result<CrmContactPage> {
        let params = vec![
            ("filter[sites][]".into(), self.site().into()),
            ("limit".into(), CUSTOMER_PAGE.to_string()),
            ("page".into(), page.to_string()),
        ];
        let answer: CustomersAnswer = self.get("customers", params).await?;
        let total_pages = answer.pagination.as_ref().map_or(1, |p| p.total_page_count);
        let contacts = answer
            .customers
            .into_iter()
            .map(|c| CrmContact {
                id: c.id.unwrap_or_default(),
                email: c.email,
                phones: c
                    .phones
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.number)
                    .collect(),
            })
            .collect();
        Ok(CrmContactPage {
            contacts,
            total_pages,
        })
    }
}
