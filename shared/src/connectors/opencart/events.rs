//! Every body the extension posts to `POST /hooks/{tenant}/opencart`, told
//! apart by its `route` (the event trigger as OpenCart passes it to the
//! handler, `catalog/model/` prefix and `/after` suffix optional; `/` or `.`
//! before the method):
//! - order add / edit / history → `HookBody` (the order and its products);
//! - `checkout/order/deleteOrder` → `{route, order_id}`;
//! - `account/customer/*Customer`, `customer/customer/*Customer` (admin) and
//!   `account/address/*Address` → `{route, customer_id, customer?, addresses?}`
//!   (no customer on a delete);
//! - `synclane/ping` → the settings page's "test connection".
//!
//! Unknown top-level fields are refused: they mean the extension and
//! Synclane disagree on the format.

use super::numbers;
use super::wire::{HookBody, parse_hook_body};
use serde::Deserialize;
use serde_json::Value;

/// One parsed hook body.
#[derive(Debug, Clone, PartialEq)]
pub enum HookEvent {
    Order(Box<HookBody>),
    OrderDeleted { order_id: i64 },
    Customer(CustomerEvent),
    Ping,
}

/// A customer (or one of its addresses) was added, edited or deleted.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerEvent {
    pub route: String,
    #[serde(deserialize_with = "numbers::int")]
    pub customer_id: i64,
    /// The customer row (without secrets); absent when it was deleted.
    #[serde(default)]
    pub customer: Option<Value>,
    #[serde(default)]
    pub addresses: Vec<Value>,
}

impl CustomerEvent {
    pub fn deleted(&self) -> bool {
        method(&self.route) == "deletecustomer"
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderDeletedBody {
    #[allow(dead_code)]
    route: String,
    #[serde(deserialize_with = "numbers::int")]
    order_id: i64,
}

#[derive(Deserialize)]
struct RouteOnly {
    route: String,
}

const ORDER_METHODS: &[&str] = &["addorder", "editorder", "addorderhistory", "addhistory"];
const CUSTOMER_METHODS: &[&str] = &["addcustomer", "editcustomer", "deletecustomer"];
const ADDRESS_METHODS: &[&str] = &["addaddress", "editaddress", "deleteaddress"];

/// Parses and checks a hook body; the error says what is wrong.
pub fn parse_event(raw: &[u8]) -> Result<HookEvent, String> {
    let RouteOnly { route } =
        serde_json::from_slice(raw).map_err(|e| format!("malformed body: {e}"))?;
    let path = normalise(&route);
    let method = method(&route);
    if path == "synclane/ping" {
        return Ok(HookEvent::Ping);
    }
    if path.starts_with("checkout/order") {
        if method == "deleteorder" {
            let body: OrderDeletedBody =
                serde_json::from_slice(raw).map_err(|e| format!("malformed body: {e}"))?;
            return positive(body.order_id, "order_id")
                .map(|order_id| HookEvent::OrderDeleted { order_id });
        }
        if ORDER_METHODS.contains(&method.as_str()) {
            return parse_hook_body(raw).map(|b| HookEvent::Order(Box::new(b)));
        }
    }
    let customer_route = ((path.starts_with("account/customer")
        || path.starts_with("customer/customer"))
        && CUSTOMER_METHODS.contains(&method.as_str()))
        || (path.starts_with("account/address") && ADDRESS_METHODS.contains(&method.as_str()));
    if customer_route {
        let event: CustomerEvent =
            serde_json::from_slice(raw).map_err(|e| format!("malformed body: {e}"))?;
        positive(event.customer_id, "customer_id")?;
        if event.customer.is_none() && !event.deleted() {
            return Err("a customer event without its customer".into());
        }
        return Ok(HookEvent::Customer(event));
    }
    Err(format!(
        "unsupported route {route:?}: expected an order, customer or address event"
    ))
}

/// The route without `catalog/model/`, `admin/model/` and `/after`, lower case.
fn normalise(route: &str) -> String {
    route
        .trim_start_matches("catalog/model/")
        .trim_start_matches("admin/model/")
        .trim_end_matches("/after")
        .to_ascii_lowercase()
}

/// The method name: the last `/`- or `.`-separated part.
fn method(route: &str) -> String {
    normalise(route)
        .rsplit(['/', '.'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn positive(id: i64, field: &str) -> Result<i64, String> {
    if id > 0 {
        Ok(id)
    } else {
        Err(format!("{field} must be a positive integer"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<HookEvent, String> {
        parse_event(&serde_json::to_vec(&v).unwrap())
    }

    #[test]
    fn every_body_the_extension_posts_is_told_apart() {
        assert_eq!(
            parse(json!({"route": "synclane/ping"})),
            Ok(HookEvent::Ping)
        );
        assert_eq!(
            parse(json!({"route": "checkout/order/deleteOrder", "order_id": "42"})),
            Ok(HookEvent::OrderDeleted { order_id: 42 })
        );
        let customer = parse(
            json!({"route": "customer/customer/editCustomer", "customer_id": "7",
            "customer": {"email": "a@b.c"}, "addresses": []}),
        );
        assert!(matches!(customer, Ok(HookEvent::Customer(c)) if c.customer_id == 7));
        let gone = parse(json!({"route": "account/customer.deleteCustomer", "customer_id": 7}));
        assert!(matches!(gone, Ok(HookEvent::Customer(c)) if c.deleted()));
        let address = parse(
            json!({"route": "catalog/model/account/address/addAddress/after",
            "customer_id": "7", "customer": {}, "addresses": [{}]}),
        );
        assert!(matches!(address, Ok(HookEvent::Customer(_))));
    }

    #[test]
    fn bad_bodies_say_what_is_wrong() {
        let e = parse(json!({"route": "checkout/order/deleteOrder", "order_id": "42", "x": 1}));
        assert!(e.unwrap_err().contains("unknown field"));
        let e = parse(json!({"route": "account/customer/editCustomer", "customer_id": "7"}));
        assert!(e.unwrap_err().contains("without its customer"));
        let e = parse(json!({"route": "catalog/product/getProduct"}));
        assert!(e.unwrap_err().contains("unsupported route"));
        let e = parse(json!({"route": "checkout/order/deleteOrder", "order_id": 0}));
        assert!(e.unwrap_err().contains("positive"));
    }
}
