//! `GET /store/products` one page at a time, only what identifies an offer
//! to the other systems: its id, its product's, its `externalId` (a shop's
//! product id, what `opencart_crm` puts on order lines) and its `xmlId`
//! (the MoySklad external code, MS-B9, what the stock pull and the order
//! export match). For the onboarding backfill's offer pass.
//!
//! RetailCRM v5 lists products (`limit` 20, 50 or 100, `page` from 1, a
//! `pagination` object), each with its `offers`; the site's catalogue is
//! asked for with `filter[sites][]`.

use super::client::RetailCrm;
use crate::error::Result;
use serde::Deserialize;

/// Products per page (the largest the CRM serves on this list).
pub const PRODUCT_PAGE: u32 = 100;

/// A CRM offer's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmOfferKeys {
    pub id: i64,
    pub product_id: Option<i64>,
    pub external_id: Option<String>,
    pub xml_id: Option<String>,
    pub name: Option<String>,
}

/// One page of the site's products' offers and how many pages there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmOfferPage {
    pub offers: Vec<CrmOfferKeys>,
    pub total_pages: u32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireOffer {
    id: Option<i64>,
    external_id: Option<String>,
    xml_id: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireProduct {
    id: Option<i64>,
    offers: Vec<WireOffer>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WirePages {
    total_page_count: u32,
}

#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(default)]
    products: Vec<WireProduct>,
    #[serde(default)]
    pagination: Option<WirePages>,
}

fn text(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl RetailCrm {
    /// Page `page` (from 1) of the site's products, as their offers.
    pub async fn offer_keys_page(&self, page: u32) -> Result<CrmOfferPage> {
        let params = vec![
            ("filter[sites][]".into(), self.site().into()),
            ("limit".into(), PRODUCT_PAGE.to_string()),
            ("page".into(), page.to_string()),
        ];
        let answer: Answer = self.get("store/products", params).await?;
        let total_pages = answer.pagination.map_or(1, |p| p.total_page_count);
        let offers = answer
            .products
            .into_iter()
            .flat_map(|p| {
                let product_id = p.id;
                p.offers.into_iter().filter_map(move |o| {
                    Some(CrmOfferKeys {
                        id: o.id?,
                        product_id,
                        external_id: text(o.external_id),
                        xml_id: text(o.xml_id),
                        name: o.name,
                    })
                })
            })
            .collect();
        Ok(CrmOfferPage {
            offers,
            total_pages,
        })
    }
}
