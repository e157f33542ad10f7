//! Retail sales (`entity/retaildemand`) with what the CRM needs of them.
//!
//! Contract (github.com/moysklad/api-remap-1.2-doc, `documents/_retaildemand.md`,
//! `workbook/_workbook_expand.md`, `dictionaries/_customentity.md`):
//! - a sale requires `agent`, `store` and `retailShift`; `organization` is read
//!   only (it comes from the retail store); `customerOrder` links the order it
//!   was made from; money fields (`sum`, `cashSum`, `noCashSum`, `qrSum`,
//!   `prepayment*Sum`) are kopecks, and a QR payment is never mixed with others;
//! - `expand` takes up to 3 levels and works on lists only with `limit` ≤ 100,
//!   so the sale is read with its references expanded and its positions are
//!   paged from `entity/retaildemand/{id}/positions?expand=assortment&limit=100`;
//! - a dictionary ("справочник", attribute type `customentity`) value is a
//!   reference to `entity/customentity/{dictionary}/{element}`, whose `code`
//!   is read with one more call.

use super::CallKind;
use super::client::MoySklad;
use super::meta::{Kopecks, Meta, MetaRef};
use super::types::{Assortment, Counterparty, CustomerOrder, Organization, Store};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// Rows per page when a list is expanded (MoySklad ignores `expand` above 100).
const EXPANDED_PAGE: u32 = super::paging::MAX_EXPAND_LIMIT;

/// `entity/retaildemand`, with `agent`, `organization`, `retailStore` and
/// `customerOrder` expanded. Unexpanded references still parse (meta only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RetailDemand {
    pub meta: Option<Meta>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub moment: Option<String>,
    pub description: Option<String>,
    /// Conducted ("проведён"): decides the status of the payments.
    pub applicable: Option<bool>,
    pub agent: Option<Counterparty>,
    pub organization: Option<Organization>,
    pub store: Option<Store>,
    pub retail_store: Option<RetailStore>,
    pub retail_shift: Option<MetaRef>,
    pub customer_order: Option<CustomerOrder>,
    pub sum: Option<Kopecks>,
    pub cash_sum: Option<Kopecks>,
    pub no_cash_sum: Option<Kopecks>,
    pub qr_sum: Option<Kopecks>,
    pub prepayment_cash_sum: Option<Kopecks>,
    pub prepayment_no_cash_sum: Option<Kopecks>,
    pub prepayment_qr_sum: Option<Kopecks>,
    pub attributes: Vec<Attribute>,
    pub updated: Option<String>,
}

/// `entity/retailstore`: a point of sale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RetailStore {
    pub meta: Option<Meta>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub organization: Option<MetaRef>,
    pub store: Option<MetaRef>,
}

/// A position of a sale with its good expanded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RetailPosition {
    pub id: Option<String>,
    pub assortment: Option<Assortment>,
    pub quantity: f64,
    /// Kopecks per unit, before `discount`.
    pub price: Kopecks,
    /// Percent.
    pub discount: f64,
}

/// One custom attribute value of a document (`attributes[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Attribute {
    pub meta: Option<Meta>,
    pub id: String,
    pub name: Option<String>,
    /// `string`, `long`, `time`, `customentity`, ...
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// A scalar, or `{meta, name}` for a dictionary value.
    pub value: serde_json::Value,
}

/// An element of a user dictionary (`entity/customentity/{dict}/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DictionaryElement {
    pub meta: Option<Meta>,
    pub id: Option<String>,
    pub name: Option<String>,
    pub code: Option<String>,
}

impl MoySklad {
    /// The sale at `href_or_id` with its references expanded; `None` when gone.
    pub async fn retail_demand_get(&self, href_or_id: &str) -> Result<Option<RetailDemand>> {
        let path = if href_or_id.contains('/') {
            // The webhook's href; a query on it is ours to set.
            super::meta::id_from_href(href_or_id).to_owned()
        } else {
            href_or_id.to_owned()
        };
        let expand = "agent,organization,store,retailStore,customerOrder".to_owned();
        self.get_opt(
            &format!("entity/retaildemand/{path}"),
            &[("expand", expand)],
        )
        .await
    }

    /// Every position of a sale, its good expanded (100 a page: expand's limit).
    pub async fn retail_demand_positions(&self, id: &str) -> Result<Vec<RetailPosition>> {
        let path = format!("entity/retaildemand/{id}/positions");
        self.pager(
            &path,
            vec![("expand", "assortment".to_owned())],
            CallKind::Ordinary,
            EXPANDED_PAGE,
        )?
        .collect()
        .await
    }

    /// The dictionary element a `customentity` attribute value points at.
    pub async fn dictionary_element(&self, href: &str) -> Result<Option<DictionaryElement>> {
        self.get_opt(href, &[]).await
    }
}
