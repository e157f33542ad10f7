//! Order packs (`GET /orders/packs?filter[orderId]=`): which warehouse each
//! item is taken from. A CRM order has one shipment store; the warehouse of
//! a single item is the `store` of its packs (MS-S3: a line whose warehouse
//! differs from the shipment store needs a move in MoySklad).
//!
//! Contract (github.com/retailcrm/api-client-go `types.go` `Pack`, `filters.go`
//! `PacksFilter`): `packs[] {id, store, quantity, purchasePrice, item{id}}`,
//! filtered by `filter[orderId]`, paged like every list (`limit`, `page`).

use super::client::RetailCrm;
use super::wire::{Paged, Pagination};
use crate::error::Result;
use serde::Deserialize;

/// One pack: `quantity` of item `item_id` taken from warehouse `store`.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmPack {
    pub id: i64,
    pub item_id: i64,
    /// The CRM store code.
    pub store: String,
    pub quantity: f64,
}

#[derive(Deserialize)]
struct WirePackItem {
    id: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePack {
    id: i64,
    #[serde(default)]
    store: Option<String>,
    #[serde(default)]
    quantity: Option<f64>,
    #[serde(default)]
    item: Option<WirePackItem>,
    #[serde(default)]
    item_id: Option<i64>,
}

#[derive(Deserialize)]
struct PacksAnswer {
    packs: Vec<WirePack>,
    #[serde(default)]
    pagination: Option<Pagination>,
}

impl Paged for PacksAnswer {
    type Item = WirePack;
    fn into_parts(self) -> (Vec<WirePack>, Option<Pagination>) {
        (self.packs, self.pagination)
    }
}

impl RetailCrm {
    /// Every pack of order `order_id`.
    pub async fn order_packs(&self, order_id: i64) -> Result<Vec<CrmPack>> {
        let query = vec![("filter[orderId]".into(), order_id.to_string())];
        let packs = self.get_all::<PacksAnswer>("orders/packs", query).await?;
        Ok(packs
            .into_iter()
            .filter_map(|p| {
                Some(CrmPack {
                    id: p.id,
                    item_id: p.item.and_then(|i| i.id).or(p.item_id)?,
                    store: p.store?,
                    quantity: p.quantity.unwrap_or(0.0),
                })
            })
            .collect())
    }
}
