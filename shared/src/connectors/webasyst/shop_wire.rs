//! Shop-Script's JSON as the API sends it (`shop.order.getInfo`,
//! `shop.order.search`, `shop.order.log`, `shop.order.actions`,
//! `shop.settings.get`): database rows, so numbers may come as strings
//! (`lenient`). Only the fields Synclane reads are kept.

use super::lenient;
use serde::Deserialize;
use std::collections::BTreeMap;

/// An order (`shopOrderModel::getOrder`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Order {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub contact_id: Option<i64>,
    pub state_id: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub create_datetime: Option<String>,
    /// `NULL` until the first action after the order's creation.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub update_datetime: Option<String>,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub total: f64,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub currency: Option<String>,
    /// `shop_order_params`: `storefront`, addresses, shipping, ...
    #[serde(default, deserialize_with = "params")]
    pub params: BTreeMap<String, String>,
    #[serde(default)]
    pub contact: Option<OrderContact>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub items: Vec<Item>,
}

impl Order {
    /// When the order last changed: `update_datetime`, or its creation.
    pub fn changed_at(&self) -> Option<&str> {
        self.update_datetime
            .as_deref()
            .or(self.create_datetime.as_deref())
    }

    /// What tells two readings of the order apart: its change time (to
    /// the second), state and total. Two changes within one second that
    /// keep all three (a comment) read alike; nothing Synclane shows
    /// differs between them.
    pub fn version(&self) -> String {
        format!(
            "{}|{}|{:.4}",
            self.changed_at().unwrap_or_default(),
            self.state_id,
            self.total
        )
    }

    /// The storefront it was placed on (`None` for backend orders).
    pub fn storefront(&self) -> Option<&str> {
        self.params.get("storefront").map(String::as_str)
    }
}

/// The order's customer as `getOrder` describes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrderContact {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub phone: Option<String>,
}

/// One order line (`shop_order_items`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Item {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub quantity: f64,
    #[serde(default, deserialize_with = "lenient::decimal")]
    pub price: f64,
    /// `product` or `service`.
    #[serde(default, deserialize_with = "lenient::opt_text", rename = "type")]
    pub kind: Option<String>,
}

/// `shop.order.search`'s answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OrderPage {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub count: Option<i64>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub orders: Vec<Order>,
}

/// One entry of an order's history (`shop.order.log`, newest first).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LogEntry {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    /// Empty for entries that are no action (an HTTP notification sent).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub action_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub before_state_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub after_state_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub datetime: Option<String>,
}

/// An action `shop.order.actions` offers for an order now.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AvailableAction {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// The action shows a form in the backend (`getHTML`): run through the
    /// API it goes without that input.
    #[serde(default)]
    pub data_required: bool,
}

/// What `shop.settings.get` tells of the shop.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ShopInfo {
    /// The live workflow: every state and the actions available in it.
    #[serde(default, deserialize_with = "lenient::list")]
    pub order_states: Vec<WorkflowState>,
    /// The shop's clock (`Y-m-d H:i:s`, its own time zone).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub server_time: Option<String>,
}

/// One state of the live workflow.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WorkflowState {
    pub id: String,
    #[serde(default)]
    pub available_actions: Vec<String>,
}

/// `params` is an object of strings, `[]` when empty (a PHP empty array).
fn params<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    use serde_json::Value;
    Ok(match Value::deserialize(d)? {
        Value::Object(map) => map
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                _ => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    })
}
