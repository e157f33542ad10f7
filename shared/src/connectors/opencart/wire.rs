//! The hook body as our OpenCart extension posts it.

use super::numbers;
use serde::{Deserialize, Serialize};

/// `POST /hooks/{tenant}/opencart` body. Unknown top-level fields are refused:
/// they mean the extension and Synclane disagree on the format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookBody {
    /// The event trigger route, e.g. `checkout/order/addOrderHistory` (3.x) or
    /// `checkout/order.addHistory` (4.x).
    pub route: String,
    #[serde(deserialize_with = "numbers::int")]
    pub order_id: i64,
    pub order: OcOrder,
    #[serde(default)]
    pub products: Vec<OcProduct>,
}

/// The array `model_checkout_order->getOrder()` returns. Unknown keys are
/// accepted here on purpose: OpenCart versions and extensions add columns to
/// `oc_order`, and refusing them would lose real orders.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OcOrder {
    #[serde(deserialize_with = "numbers::int")]
    pub order_id: i64,
    #[serde(deserialize_with = "numbers::int")]
    pub order_status_id: i64,
    #[serde(deserialize_with = "numbers::int")]
    pub customer_id: i64,
    #[serde(deserialize_with = "numbers::int")]
    pub customer_group_id: i64,
    #[serde(deserialize_with = "numbers::text")]
    pub invoice_prefix: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub firstname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub lastname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub email: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub telephone: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_firstname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_lastname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_company: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_address_1: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_address_2: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_city: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_postcode: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_zone: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub payment_iso_code_2: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_firstname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_lastname: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_company: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_address_1: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_address_2: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_city: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_postcode: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_zone: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub shipping_iso_code_2: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub comment: Option<String>,
    #[serde(deserialize_with = "numbers::float")]
    pub total: f64,
    #[serde(deserialize_with = "numbers::text")]
    pub currency_code: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub date_added: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub date_modified: Option<String>,
}

/// One row of `getOrderProducts()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct OcProduct {
    #[serde(deserialize_with = "numbers::int")]
    pub product_id: i64,
    #[serde(deserialize_with = "numbers::text")]
    pub name: Option<String>,
    #[serde(deserialize_with = "numbers::text")]
    pub model: Option<String>,
    #[serde(deserialize_with = "numbers::float")]
    pub quantity: f64,
    #[serde(deserialize_with = "numbers::float")]
    pub price: f64,
}

/// Routes whose events are order changes (3.x and 4.x spellings).
const ORDER_ROUTES: &[&str] = &["addorder", "editorder", "addorderhistory", "addhistory"];

/// Parses and checks a hook body; the error says what is wrong.
pub fn parse_hook_body(raw: &[u8]) -> Result<HookBody, String> {
    let body: HookBody = serde_json::from_slice(raw).map_err(|e| format!("malformed body: {e}"))?;
    let route = body
        .route
        .trim_start_matches("catalog/model/")
        .trim_end_matches("/after")
        .to_ascii_lowercase();
    let method = route.rsplit(['/', '.']).next().unwrap_or_default();
    if !route.starts_with("checkout/order") || !ORDER_ROUTES.contains(&method) {
        return Err(format!(
            "unsupported route {:?}: expected an order event of checkout/order",
            body.route
        ));
    }
    if body.order_id <= 0 {
        return Err("order_id must be a positive integer".into());
    }
    if body.order.order_id != body.order_id {
        return Err(format!(
            "order.order_id {} does not match order_id {}",
            body.order.order_id, body.order_id
        ));
    }
    Ok(body)
}
