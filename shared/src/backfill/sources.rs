//! The two sides of the customer backfill, page by page, as `Contact`s:
//! the CRM's private customers (`retailcrm::customer_contacts_page`, rate
//! budgeted by the client like every CRM call) and the OpenCart shop's
//! registered customers (`customer.list`, 200 a page, the extension's
//! largest). Reads only.

use super::matching::Contact;
use crate::connectors::opencart::OpenCart;
use crate::connectors::opencart::api::CustomerQuery;
use crate::connectors::retailcrm::RetailCrm;
use crate::error::Result;
use crate::model::System;
use async_trait::async_trait;

/// One side's records, a page at a time.
#[async_trait]
pub trait ContactPages: Send + Sync {
    /// The records' system (the link keys' `system`).
    fn system(&self) -> System;
    /// Page `page` (from 1) and how many pages there are now.
    async fn page(&self, page: u32) -> Result<(Vec<Contact>, u32)>;
}

#[async_trait]
impl ContactPages for RetailCrm {
    fn system(&self) -> System {
        System::RetailCrm
    }

    async fn page(&self, page: u32) -> Result<(Vec<Contact>, u32)> {
        let found = self.customer_contacts_page(page).await?;
        let contacts = found
            .contacts
            .into_iter()
            .map(|c| Contact {
                id: c.id.to_string(),
                emails: c.email.into_iter().collect(),
                phones: c.phones,
            })
            .collect();
        Ok((contacts, found.total_pages))
    }
}

/// OpenCart customers a page.
const SHOP_PAGE: u32 = 200;

#[async_trait]
impl ContactPages for OpenCart {
    fn system(&self) -> System {
        System::OpenCart
    }

    async fn page(&self, page: u32) -> Result<(Vec<Contact>, u32)> {
        let query = CustomerQuery {
            page: Some(page),
            limit: Some(SHOP_PAGE),
            ..CustomerQuery::default()
        };
        let found = self.customer_list(&query).await?;
        let pages = u32::try_from(found.total.div_ceil(u64::from(SHOP_PAGE))).unwrap_or(u32::MAX);
        let contacts = found
            .customers
            .into_iter()
            .map(|c| Contact {
                // The key the OpenCart flows link registered customers by.
                id: format!("c:{}", c.customer_id),
                emails: c.email.into_iter().collect(),
                phones: c.telephone.into_iter().collect(),
            })
            .collect();
        Ok((contacts, pages))
    }
}
