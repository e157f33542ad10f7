//! `GET /orders` one page at a time, only what links an order to a shop's
//! (its id and `externalId`), for the onboarding backfill's walk of every
//! order of the site, checkpointed page by page like `customer_pages`.

use super::client::RetailCrm;
use crate::error::Result;
use serde::Deserialize;

/// Orders per page (the largest the flows use).
pub const ORDER_PAGE: u32 = 100;

/// A CRM order as the backfill sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmOrderRef {
    pub id: i64,
    /// The shop's order id, when the order came from (or was sent to) a shop.
    pub external_id: Option<String>,
}

/// One page of the site's orders and how many pages there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmOrderRefPage {
    pub orders: Vec<CrmOrderRef>,
    pub total_pages: u32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRef {
    id: Option<i64>,
    external_id: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WirePages {
    total_page_count: u32,
}

#[derive(Debug, Deserialize)]
struct Answer {
    orders: Vec<WireRef>,
    #[serde(default)]
    pagination: Option<WirePages>,
}

impl RetailCrm {
    /// Page `page` (from 1) of the site's orders, in the CRM's order.
    pub async fn order_refs_page(&self, page: u32) -> Result<CrmOrderRefPage> {
        let params = vec![
            ("filter[sites][]".into(), self.site().into()),
            ("limit".into(), ORDER_PAGE.to_string()),
            ("page".into(), page.to_string()),
        ];
        let answer: Answer = self.get("orders", params).await?;
        let total_pages = answer.pagination.map_or(1, |p| p.total_page_count);
        let orders = answer
            .orders
            .into_iter()
            .filter_map(|o| {
                Some(CrmOrderRef {
                    id: o.id?,
                    external_id: o.external_id.filter(|e| !e.trim().is_empty()),
                })
            })
            .collect();
        Ok(CrmOrderRefPage {
            orders,
            total_pages,
        })
    }
}
