//! Reference data: organizations, stores, order states, goods, and reading any
//! entity by the `meta.href` a webhook names.
//!
//! Goods by id come from `entity/assortment` (dev.moysklad.ru, "Ассортимент"):
//! `id` takes `=` with several values, a repeated `=` on one field is an OR;
//! only active goods are listed unless both `archived` values are sent; a
//! variant's `product` can be expanded, which MoySklad does only for pages of
//! at most 100 rows.

use super::CallKind;
use super::client::MoySklad;
use super::meta::id_from_href;
use super::paging::MAX_EXPAND_LIMIT;
use super::types::{Assortment, OrderMetadata, Organization, State, Store};
use crate::error::{Error, Result};
use serde::de::DeserializeOwned;

/// Ids per `entity/assortment` request of `assortment_by_ids`: they travel in
/// the URL, and 40 UUIDs keep it under 2 KB.
pub const ASSORTMENT_IDS_PER_REQUEST: usize = 40;

/// Kinds of goods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoodsKind {
    Product,
    Variant,
    Service,
}

impl GoodsKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GoodsKind::Product => "product",
            GoodsKind::Variant => "variant",
            GoodsKind::Service => "service",
        }
    }
}

impl MoySklad {
    /// Our merchant's legal entities.
    pub async fn organizations(&self) -> Result<Vec<Organization>> {
        self.list_all("entity/organization", Vec::new()).await
    }

    /// Warehouses.
    pub async fn stores(&self) -> Result<Vec<Store>> {
        self.list_all("entity/store", Vec::new()).await
    }

    /// `entity/customerorder/metadata`: order statuses and custom attributes.
    pub async fn customer_order_metadata(&self) -> Result<OrderMetadata> {
        self.get("entity/customerorder/metadata", &[], CallKind::Ordinary)
            .await
    }

    /// Order statuses (MS-M3 maps them one to one).
    pub async fn customer_order_states(&self) -> Result<Vec<State>> {
        Ok(self.customer_order_metadata().await?.states)
    }

    /// One product, variant or service; `None` when it does not exist.
    pub async fn goods_get(&self, kind: GoodsKind, id: &str) -> Result<Option<Assortment>> {
        self.get_opt(&format!("entity/{}/{id}", kind.as_str()), &[])
            .await
    }

    /// Every product, variant or service (optionally filtered, e.g. `archived=false`).
    pub async fn goods_list(
        &self,
        kind: GoodsKind,
        filter: Option<&str>,
    ) -> Result<Vec<Assortment>> {
        let query = filter
            .map(|f| vec![("filter", f.to_owned())])
            .unwrap_or_default();
        self.list_all(&format!("entity/{}", kind.as_str()), query)
            .await
    }

    /// Goods (products, variants, services, bundles) by id, one request per
    /// `ASSORTMENT_IDS_PER_REQUEST` ids, with further filter `conditions` as
    /// MoySklad spells them (`archived=false`, `archived=true;archived=false`).
    /// Rows carry `meta.type` and `externalCode`; a variant's `product` comes
    /// expanded, so its external code needs no second read. Ids MoySklad does
    /// not list (gone, archived and not asked for) are left out.
    pub async fn assortment_by_ids(
        &self,
        ids: &[String],
        conditions: &[String],
    ) -> Result<Vec<Assortment>> {
        // A `;` or `,` would smuggle a condition into the filter: not an id.
        let ids: Vec<&String> = ids
            .iter()
            .filter(|id| !id.is_empty() && !id.contains([';', ',']))
            .collect();
        let mut out = Vec::new();
        for chunk in ids.chunks(ASSORTMENT_IDS_PER_REQUEST) {
            let mut filter: Vec<String> = chunk.iter().map(|id| format!("id={id}")).collect();
            filter.extend(conditions.iter().cloned());
            let query = vec![
                ("filter", filter.join(";")),
                ("expand", "product".to_owned()),
            ];
            let rows: Vec<Assortment> = self
                .pager(
                    "entity/assortment",
                    query,
                    CallKind::Ordinary,
                    MAX_EXPAND_LIMIT,
                )?
                .collect()
                .await?;
            out.extend(rows);
        }
        Ok(out)
    }

    /// Reads the entity a webhook event points at. The href must be under our base URL:
    /// an event must not make us send our token elsewhere.
    pub async fn get_by_href<T: DeserializeOwned>(&self, href: &str) -> Result<Option<T>> {
        let path = href.split(['?', '#']).next().unwrap_or(href);
        if !path.starts_with(&format!("{}/", self.base_url())) || id_from_href(path).is_empty() {
            return Err(Error::Invalid(format!(
                "href {path} is not under this MoySklad account's base URL"
            )));
        }
        self.get_opt(path, &[]).await
    }
}
