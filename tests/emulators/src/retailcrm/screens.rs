//! What a manager does in the CRM's UI rather than through the API: the
//! same changes as the API's, recorded in the history with `source: user`,
//! so tests can make the changes our history poll must pick up.

use super::state::State;
use super::{RetailCrmEmulator, customers, history, orders, payments, request};
use serde_json::Value;

impl RetailCrmEmulator {
    /// A manager creates an order in the CRM's UI (history `source: user`);
    /// `order` is the API's order object. Returns the new id.
    pub fn user_create_order(&self, order: Value) -> i64 {
        let answer = self.as_user(|st| orders::create(st, &user_req("order", &order, None)));
        answer["id"].as_i64().expect("created")
    }

    /// A manager edits order `id` in the UI (the fields of `changes` replace the order's).
    pub fn user_edit_order(&self, id: i64, changes: Value) {
        self.as_user(|st| {
            orders::edit(
                st,
                &user_req("order", &changes, Some("id")),
                &id.to_string(),
            )
        });
    }

    /// A manager adds a payment to order `order_id` in the UI; returns its id.
    pub fn user_add_payment(&self, order_id: i64, kind: &str, status: &str, amount: f64) -> i64 {
        let payment = serde_json::json!({"order": {"id": order_id}, "type": kind, "status": status, "amount": amount});
        let answer = self.as_user(|st| payments::create(st, &user_req("payment", &payment, None)));
        answer["id"].as_i64().expect("created")
    }

    /// A manager edits payment `id` in the UI (the fields of `changes` replace its own).
    pub fn user_edit_payment(&self, id: i64, changes: Value) {
        self.as_user(|st| {
            payments::edit(
                st,
                &user_req("payment", &changes, Some("id")),
                &id.to_string(),
            )
        });
    }

    /// A manager deletes order `id` in the UI.
    pub fn user_delete_order(&self, id: i64) {
        let mut st = self.lock();
        if let Some(i) = st.orders.iter().position(|o| o["id"] == id) {
            let order = st.orders.remove(i);
            history::record_deleted(&mut st, "orders", &order);
        }
    }

    /// A manager edits customer `id` in the UI.
    pub fn user_edit_customer(&self, id: i64, changes: Value) {
        self.as_user(|st| {
            customers::edit(
                st,
                &user_req("customer", &changes, Some("id")),
                &id.to_string(),
            )
        });
    }

    /// Runs `f` as a manager in the UI: history records `source: user`.
    pub(super) fn as_user(&self, f: impl FnOnce(&mut State) -> request::Answer) -> Value {
        let mut st = self.lock();
        st.actor = history::Actor::User;
        f(&mut st).unwrap_or_else(|e| panic!("user action refused: {} {:?}", e.msg, e.errors))
    }
}

/// The parameters of a UI action, as if posted to the API.
pub(super) fn user_req(field: &str, entity: &Value, by: Option<&str>) -> request::Req {
    let site = entity["site"]
        .as_str()
        .map(|s| ("site".to_owned(), s.to_owned()));
    let mut params = vec![(field.to_owned(), entity.to_string())];
    params.extend(site);
    params.extend(by.map(|b| ("by".to_owned(), b.to_owned())));
    request::Req { params }
}
