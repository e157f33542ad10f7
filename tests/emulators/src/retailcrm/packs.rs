//! `GET /orders/packs`: which warehouse order items are taken from
//! (api-client-go `Pack`: `id, store, quantity, purchasePrice, item{id}`,
//! filtered by `filter[orderId]`). Tests add packs as a manager would.

use super::request::{Answer, Req, paginate, same_id};
use super::state::State;
use serde_json::{Value, json};

/// `GET /orders/packs`.
pub(crate) fn list(st: &State, req: &Req) -> Answer {
    let order = req.param("filter[orderId]");
    let packs: Vec<Value> = st
        .packs
        .iter()
        .filter(|p| order.is_none_or(|o| same_id(&p["item"]["order"]["id"], o)))
        .cloned()
        .collect();
    paginate(req, "packs", packs)
}

impl super::RetailCrmEmulator {
    /// A manager takes `quantity` of item `item_id` of order `order_id` from
    /// warehouse `store`; returns the pack's id.
    pub fn user_add_pack(&self, order_id: i64, item_id: i64, store: &str, quantity: f64) -> i64 {
        let mut st = self.lock();
        let id = st.part_id();
        st.packs
            .push(json!({"id": id, "store": store, "quantity": quantity,
            "item": {"id": item_id, "order": {"id": order_id}}}));
        id
    }
}
