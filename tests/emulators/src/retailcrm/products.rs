//! `GET /store/products`: the catalogue's products with their offers
//! (`id`, `externalId`, `xmlId`, `name`), `limit` 20, 50 or 100 and `page`
//! with the `pagination` object, `filter[sites][]` checked against the
//! account's sites. Products are seeded with `add_product`; their offers
//! join the catalogue that stock uploads are checked against (by xmlId) and
//! that order items name (by externalId). Offers known only by a prefix
//! (`accept_offers_with_prefix`) are not listed.

use super::RetailCrmEmulator;
use super::request::{Answer, ApiError, Req, paginate};
use super::state::State;
use serde_json::{Value, json};

/// An offer to seed: its externalId (a shop's product id) and xmlId, when set.
#[derive(Debug, Clone, Default)]
pub struct SeedOffer<'a> {
    pub external_id: Option<&'a str>,
    pub xml_id: Option<&'a str>,
    pub name: &'a str,
}

pub(crate) fn list(st: &mut State, req: &Req) -> Answer {
    for site in req.params_all("filter[sites][]") {
        if !st.sites.iter().any(|s| s == site) {
            return Err(ApiError::input(
                "filter[sites]",
                "The value you selected is not a valid choice.",
            ));
        }
    }
    // This list serves 20, 50 or 100 products a page (no 250).
    if req.param("limit") == Some("250") {
        return Err(ApiError::input(
            "limit",
            "The value you selected is not a valid choice.",
        ));
    }
    paginate(req, "products", st.catalog.products.clone())
}

impl RetailCrmEmulator {
    /// A product of the catalogue with `offers`; returns the offers' ids.
    pub fn add_product(&self, name: &str, offers: &[SeedOffer<'_>]) -> Vec<i64> {
        let mut st = self.lock();
        let catalog = &mut st.catalog;
        let product_id = catalog.products.len() as i64 + 1;
        let mut ids = Vec::new();
        let mut rows = Vec::new();
        for o in offers {
            catalog.next_offer += 1;
            let id = catalog.next_offer;
            ids.push(id);
            let mut row = json!({"id": id, "name": o.name});
            if let Some(x) = o.xml_id {
                row["xmlId"] = json!(x);
                catalog.xml_ids.insert(x.to_owned());
            }
            if let Some(e) = o.external_id {
                row["externalId"] = json!(e);
                let xml = o.xml_id.unwrap_or(e).to_owned();
                catalog.offers_by_external_id.insert(e.to_owned(), xml);
            }
            rows.push(row);
        }
        catalog.products.push(json!({
            "id": product_id, "name": name, "active": true, "offers": Value::Array(rows),
        }));
        ids
    }
}
