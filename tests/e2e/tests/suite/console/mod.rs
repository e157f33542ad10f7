//! Issue 16 item 2, the console's operations pages and the API under
//! them: Connections (test a peer), Journal, Links, Dead letters, Usage.
//! `links_api`: the links search and the connection test over HTTP, on
//! both backends; `browser`: the pages in headless Chromium against an
//! OpenCart shop and a CRM, and a second tenant that sees none of it.

mod browser;
mod links_api;

use crate::support::oc_app::OcApp;
use serde_json::json;
use synclane_emulators::opencart::OrderEvent;

/// Shop order `order_id`, placed while the CRM refuses its creation for
/// good (400): it ends as a dead letter, and no CRM order has its id.
pub async fn dead_lettered_order(app: &OcApp, order_id: i64) {
    app.crm.fail_path_next("/orders/create", 1, 400);
    app.shop.seed_order(
        order_id,
        json!({"firstname": "Ivan", "lastname": "Orlov", "email": "ivan@example.com",
               "telephone": "+7 903 765-43-21"}),
        json!([{"product_id": "40", "quantity": "1"}]),
    );
    assert_eq!(
        app.shop
            .post_order_event(order_id, OrderEvent::History)
            .await,
        202
    );
    app.drain().await;
    assert_eq!(crm_orders_with(app, order_id), 0);
}

/// CRM orders whose external id is the shop order's.
pub fn crm_orders_with(app: &OcApp, order_id: i64) -> usize {
    app.crm
        .orders()
        .iter()
        .filter(|o| o["externalId"] == order_id.to_string())
        .count()
}
