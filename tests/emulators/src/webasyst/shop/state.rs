//! The emulated shop: orders (with their customer and items), the order
//! history (`shop_order_log`), the HTTP notification rule and its fault
//! plan, the request log. Orders are turned into the API's JSON by `json`.

use super::super::api::{Fault, LoggedCall, shop_time};
use super::workflow;
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub(crate) struct Customer {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub name: String,
    pub quantity: f64,
    pub price: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct Order {
    pub id: i64,
    pub customer: Customer,
    pub state_id: String,
    pub create_datetime: String,
    /// NULL until the first action after creation, as in the shop.
    pub update_datetime: Option<String>,
    pub currency: String,
    pub storefront: Option<String>,
    pub items: Vec<Line>,
    /// The state before deletion (`restore` goes back to it).
    pub before_delete: Option<String>,
}

impl Order {
    pub fn total(&self) -> f64 {
        self.items.iter().map(|l| l.price * l.quantity).sum()
    }

    /// The order as `getOrder` returns it; `escape`: item names through
    /// `htmlspecialchars`, as `getInfo` does.
    pub fn json(&self, escape: bool) -> Value {
        let name = |n: &str| {
            if escape {
                n.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('"', "&quot;")
            } else {
                n.to_owned()
            }
        };
        let items: Vec<Value> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({ "id": (self.id * 100 + i as i64).to_string(), "order_id": self.id.to_string(),
                        "name": name(&l.name), "type": "product", "quantity": l.quantity.to_string(),
                        "price": format!("{:.4}", l.price) })
            })
            .collect();
        let mut params = serde_json::Map::new();
        if let Some(s) = &self.storefront {
            params.insert("storefront".into(), json!(s));
        }
        json!({
            "id": self.id.to_string(),
            "contact_id": self.customer.id.to_string(),
            "create_datetime": self.create_datetime,
            "update_datetime": self.update_datetime,
            "state_id": self.state_id,
            "total": format!("{:.4}", self.total()),
            "currency": self.currency,
            "rate": "1.00000000",
            "params": if params.is_empty() { json!([]) } else { Value::Object(params) },
            "contact": { "id": self.customer.id.to_string(), "name": self.customer.name,
                         "email": self.customer.email, "phone": self.customer.phone, "registered": false },
            "items": items,
        })
    }
}

/// One history entry; `action_id` empty for notifications sent.
#[derive(Debug, Clone)]
pub(crate) struct LogRow {
    pub id: i64,
    pub order_id: i64,
    pub action_id: String,
    pub before: String,
    pub after: String,
    pub datetime: String,
}

/// Settings → Notifications → HTTP request, for every order action.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// POST parameters: `name` → template.
    pub post: Vec<(String, String)>,
    /// `json` (the default) or `raw` (a form).
    pub json: bool,
}

#[derive(Default)]
pub(crate) struct State {
    pub token: String,
    pub orders: Vec<Order>,
    pub log: Vec<LogRow>,
    pub next_id: i64,
    pub rule: Option<Rule>,
    /// The next `lose` notifications are never sent.
    pub lose: u32,
    /// Each notification is sent this many times (1 normally).
    pub times: u32,
    pub sent: u32,
    pub calls: Vec<LoggedCall>,
    pub fault: Fault,
}

impl State {
    pub fn next(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn order_mut(&mut self, id: i64) -> Option<&mut Order> {
        self.orders.iter_mut().find(|o| o.id == id)
    }

    /// Runs `action` on order `id` if its state offers it; returns the
    /// history entry written, or `None` when the action is not available.
    pub fn run(&mut self, id: i64, action: &str) -> Option<LogRow> {
        let log_id = self.next();
        let now = shop_time(time::OffsetDateTime::now_utc());
        let order = self.order_mut(id)?;
        if !workflow::available(&order.state_id).contains(&action) {
            return None;
        }
        let before = order.state_id.clone();
        let after = match (action, workflow::target(action)) {
            ("restore", _) => order.before_delete.clone().unwrap_or_else(|| "new".into()),
            (_, Some(state)) => state.to_owned(),
            (_, None) => before.clone(),
        };
        if action == "delete" {
            order.before_delete = Some(before.clone());
        }
        order.state_id = after.clone();
        order.update_datetime = Some(now.clone());
        let row = LogRow {
            id: log_id,
            order_id: id,
            action_id: action.into(),
            before,
            after,
            datetime: now,
        };
        self.log.push(row.clone());
        Some(row)
    }
}
