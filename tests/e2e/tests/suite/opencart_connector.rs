//! The OpenCart connector against the OpenCart emulator: that they agree on
//! the extension's API (extensions/opencart/API.md), that the emulator
//! refuses what the extension refuses, and how the connector retries.

mod contract;
mod customers;
mod faults;
mod orders;

use serde_json::json;
use std::time::Duration;
use synclane::connectors::RetryPolicy;
use synclane::connectors::opencart::OpenCart;
use synclane::secret::Secret;
use synclane_emulators::OpenCartEmulator;

pub const SECRET: &str = "oc-shared-secret-0123456789";

/// A shop with one order (42, a guest's) and one customer; a connector on it.
pub async fn setup() -> (OpenCartEmulator, OpenCart) {
    let shop = OpenCartEmulator::start(SECRET).await;
    shop.seed_order(
        42,
        json!({"firstname": "Anna", "lastname": "Petrova", "email": "anna@example.com",
            "telephone": "+79031234567", "payment_firstname": "Anna", "payment_lastname": "Petrova",
            "payment_address_1": "Lenina 1", "payment_city": "Moscow", "payment_iso_code_2": "RU",
            "payment_zone": "Moscow", "shipping_firstname": "Anna", "shipping_lastname": "Petrova",
            "shipping_address_1": "Mira 2", "shipping_city": "Moscow", "shipping_iso_code_2": "RU",
            "date_modified": "2026-11-20 10:00:00"}),
        json!([{"product_id": "40", "quantity": "2"}]),
    );
    let connector = connector(&shop, SECRET);
    (shop, connector)
}

/// A connector with short retry pauses, so fault tests stay fast.
pub fn connector(shop: &OpenCartEmulator, secret: &str) -> OpenCart {
    OpenCart::new(
        reqwest::Client::new(),
        format!("{}index.php", shop.base_url()),
        Secret::new(secret),
    )
    .with_retry(RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
    })
}
