//! The WooCommerce connector against the WooCommerce emulator: that they
//! agree on the protocol, and that the emulator enforces WooCommerce's
//! contract (auth, paging, batches, e-mails, forced deletes, roles, webhooks).

mod auth;
mod batch;
mod customers;
mod faults;
mod roles;
mod shared_batches;
mod webhooks;

use std::time::Duration;
use synclane::connectors::RetryPolicy;
use synclane::connectors::woocommerce::{CustomerWrite, WooCommerce};
use synclane::secret::Secret;
use synclane::settings::{Deactivation, WooAuth, WooCommerceSettings};
use synclane_emulators::WooCommerceEmulator;

pub const KEY: &str = "ck_0123456789abcdef";
pub const SECRET: &str = "cs_fedcba9876543210";

/// An emulator and a connector with Basic auth.
pub async fn setup() -> (WooCommerceEmulator, WooCommerce) {
    let emu = WooCommerceEmulator::start(KEY, SECRET).await;
    let woo = connector(settings(&emu.base_url(), KEY, SECRET));
    (emu, woo)
}

pub fn settings(base_url: &str, key: &str, secret: &str) -> WooCommerceSettings {
    WooCommerceSettings {
        base_url: base_url.to_owned(),
        consumer_key: Secret::new(key),
        consumer_secret: Secret::new(secret),
        auth: WooAuth::Basic,
        deactivation: Deactivation::default(),
        welcome_email: false,
        addresses: true,
        webhook_secret: Secret::default(),
        requests_per_second: 5,
    }
}

/// A connector with short retry pauses, so fault tests stay fast.
pub fn connector(settings: WooCommerceSettings) -> WooCommerce {
    let retry = RetryPolicy {
        attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(100),
    };
    WooCommerce::new(reqwest::Client::new(), settings)
        .with_retry(retry)
        .with_timeout(Duration::from_secs(5))
}

/// A new customer with an e-mail and names.
pub fn customer(email: &str) -> CustomerWrite {
    CustomerWrite {
        email: Some(email.to_owned()),
        first_name: Some("Zoë".into()),
        last_name: Some("Дмитриева".into()),
        password: Some(Secret::new("a-long-random-password-0123456789")),
        ..Default::default()
    }
}

/// A raw request to the emulator with the key in Basic auth.
pub fn raw(
    emu: &WooCommerceEmulator,
    method: reqwest::Method,
    path: &str,
) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .request(method, format!("{}/wp-json/wc/v3/{path}", emu.base_url()))
        .basic_auth(KEY, Some(SECRET))
}
