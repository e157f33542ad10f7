//! The events the extension posts to Synclane (API.md §6,
//! `src/core/payloads.php`): the body as `json_encode` writes it (slashes
//! and Unicode unescaped), `X-Synclane-Signature: sha256=<hex
//! HMAC-SHA256(secret, raw body)>`, `User-Agent: Synclane-OpenCart/1.0.0`.
//! Only changes made in the shop post events; API writes never do.

use super::{Flavour, OpenCartEmulator, shop};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

/// Which order event the shop fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderEvent {
    /// Checkout confirm (`addOrder`).
    Add,
    /// An edit in the storefront or the admin's order editor (`editOrder`).
    Edit,
    /// A status change (`addOrderHistory` on 3.0, `addHistory` on 4.0).
    History,
}

impl OrderEvent {
    fn route(self, flavour: Flavour) -> &'static str {
        match (self, flavour) {
            (OrderEvent::Add, _) => "checkout/order/addOrder",
            (OrderEvent::Edit, _) => "checkout/order/editOrder",
            (OrderEvent::History, Flavour::Oc3) => "checkout/order/addOrderHistory",
            (OrderEvent::History, Flavour::Oc4) => "checkout/order/addHistory",
        }
    }
}

impl OpenCartEmulator {
    /// Posts `event` of order `order_id` as it is now; returns Synclane's status.
    pub async fn post_order_event(&self, order_id: i64, event: OrderEvent) -> u16 {
        let body = {
            let st = self.lock();
            let read = st.read_order(order_id).expect("a seeded order");
            json!({"route": event.route(st.flavour), "order_id": order_id.to_string(),
                "order": read["order"], "products": read["products"]})
        };
        self.post(body).await
    }

    /// An admin edits the order in the shop (columns as in `seed_order`):
    /// `date_modified` moves and the `editOrder` event is posted.
    pub async fn user_edit_order(&self, order_id: i64, changes: Value) -> u16 {
        {
            let mut st = self.lock();
            let mut row = st.orders.get(&order_id).cloned().expect("a seeded order");
            shop::write_order_fields(&st, &mut row, &changes);
            row.insert("date_modified".into(), json!(st.stamp()));
            st.orders.insert(order_id, row);
        }
        self.post_order_event(order_id, OrderEvent::Edit).await
    }

    /// The order is deleted in the shop.
    pub async fn delete_order(&self, order_id: i64) -> u16 {
        {
            let mut st = self.lock();
            st.orders.remove(&order_id);
            st.products.remove(&order_id);
        }
        let body = json!({"route": "checkout/order/deleteOrder", "order_id": order_id.to_string()});
        self.post(body).await
    }

    /// An admin saves customer `customer_id` (Customers > Customers):
    /// `customer/customer/editCustomer` with the customer and its addresses.
    pub async fn post_customer_event(&self, customer_id: i64) -> u16 {
        let body = {
            let read = self.lock().read_customer(customer_id).expect("a customer");
            json!({"route": "customer/customer/editCustomer", "customer_id": customer_id.to_string(),
                "customer": read["customer"], "addresses": read["addresses"]})
        };
        self.post(body).await
    }

    /// Every event body posted so far, oldest first.
    pub fn events_posted(&self) -> Vec<Value> {
        self.lock().events_posted.clone()
    }

    async fn post(&self, body: Value) -> u16 {
        let (url, secret) = {
            let st = self.lock();
            let url = st
                .hook_url
                .clone()
                .expect("connect() the shop to Synclane first");
            (url, st.secret.clone())
        };
        let raw = serde_json::to_vec(&body).expect("JSON");
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(&raw);
        let signature = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        self.lock().events_posted.push(body);
        let answer = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-Synclane-Signature", signature)
            .header("User-Agent", "Synclane-OpenCart/1.0.0")
            .body(raw)
            // The extension waits 1 s and keeps the event in its outbox after
            // that; with no outbox here, a loaded test machine gets longer.
            .timeout(std::time::Duration::from_secs(10))
            .send()
            .await;
        answer.map_or(0, |a| a.status().as_u16())
    }
}
