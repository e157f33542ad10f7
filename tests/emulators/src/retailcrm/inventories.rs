//! `POST /store/inventories/upload`: stock and purchase prices per offer and
//! warehouse. `offers` is a JSON array in a form field, at most 250 items;
//! each names its offer by `xmlId`, `externalId` or `id` and carries
//! `stores: [{code, available, purchasePrice}]`. Offers the catalogue does
//! not hold come back in `notFoundOffers`; the rest are recorded.

use super::request::{Answer, ApiError, Req};
use super::state::State;
use serde_json::{Value, json};

/// The CRM's limit per upload.
const MAX_OFFERS: usize = 250;

/// What the emulator last received for one offer in one warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Inventory {
    pub available: Option<f64>,
    pub purchase_price: Option<f64>,
    /// How many uploads named this offer and warehouse.
    pub writes: u32,
}

pub(crate) fn upload(st: &mut State, req: &Req) -> Answer {
    st.check_site(req)?;
    let raw = req
        .param("offers")
        .ok_or_else(|| ApiError::missing("offers"))?;
    let offers: Vec<Value> = match serde_json::from_str(raw) {
        Ok(Value::Array(items)) => items,
        _ => {
            return Err(ApiError::entity_format(
                "offers",
                "offers must be a JSON array.",
            ));
        }
    };
    if offers.is_empty() || offers.len() > MAX_OFFERS {
        return Err(ApiError::input(
            "offers",
            format!("Parameter 'offers' must contain from 1 to {MAX_OFFERS} records."),
        ));
    }
    let mut processed = 0;
    let mut not_found = Vec::new();
    for offer in &offers {
        let Some(xml_id) = offer["xmlId"].as_str() else {
            not_found.push(json!({"externalId": offer["externalId"], "id": offer["id"]}));
            continue;
        };
        if !st.catalog.knows(xml_id) {
            not_found.push(json!({"xmlId": xml_id}));
            continue;
        }
        let stores = offer["stores"].as_array().cloned().unwrap_or_default();
        for store in &stores {
            let Some(code) = store["code"].as_str() else {
                return Err(ApiError::input("offers", "stores[].code is required."));
            };
            if !st.catalog.stores.is_empty() && !st.catalog.stores.iter().any(|s| s == code) {
                return Err(ApiError::input(
                    "offers",
                    format!("Store with code \"{code}\" not found."),
                ));
            }
            let entry = st
                .inventories
                .entry((xml_id.to_owned(), code.to_owned()))
                .or_default();
            entry.writes += 1;
            if let Some(a) = store["available"].as_f64() {
                entry.available = Some(a);
            }
            if let Some(p) = store["purchasePrice"].as_f64() {
                entry.purchase_price = Some(p);
            }
        }
        processed += 1;
    }
    Ok(json!({"success": true, "processedOffersCount": processed, "notFoundOffers": not_found}))
}
