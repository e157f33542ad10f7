//! The shop's side of webhooks (`WC_Webhook`): deliveries signed exactly as
//! WooCommerce signs them, the activation ping, and the rule that a webhook
//! is disabled after more than 5 failed deliveries in a row (WooCommerce
//! does not retry a delivery).
//!
//! A delivery is `POST` with the resource's REST representation as JSON
//! (`{"id":N}` for `*.deleted`) and the headers `X-WC-Webhook-Source`
//! (home URL), `-Topic`, `-Resource`, `-Event`, `-Signature`
//! (`base64(HMAC-SHA256(raw body, secret))`), `-ID`, `-Delivery-ID`. The
//! ping is an unsigned form body `webhook_id=N` that must get exactly 200.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::sync::atomic::{AtomicU32, Ordering};

const USER_AGENT: &str = "WooCommerce/9.8.0 Hookshot (WordPress/6.8)";
/// `woocommerce_max_webhook_delivery_failures`.
pub const MAX_FAILURES: u32 = 5;

/// `base64(HMAC-SHA256(body, secret))`.
pub fn sign(body: &[u8], secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// One webhook as configured in WooCommerce → Settings → Advanced → Webhooks.
pub struct Webhook {
    pub id: u64,
    pub delivery_url: String,
    pub secret: String,
    /// The shop's home URL (`X-WC-Webhook-Source`).
    pub source: String,
    failures: AtomicU32,
    http: reqwest::Client,
}

/// What a delivery attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Sent; the receiver answered this status.
    Answered { status: u16, delivery_id: String },
    /// Not sent: the webhook was disabled after too many failures.
    Disabled,
}

impl Webhook {
    pub fn new(id: u64, delivery_url: &str, secret: &str, source: &str) -> Self {
        Webhook {
            id,
            delivery_url: delivery_url.to_owned(),
            secret: secret.to_owned(),
            source: source.to_owned(),
            failures: AtomicU32::new(0),
            http: reqwest::Client::new(),
        }
    }

    /// Whether WooCommerce has disabled it (more than 5 failures in a row).
    pub fn is_disabled(&self) -> bool {
        self.failures.load(Ordering::SeqCst) > MAX_FAILURES
    }

    /// Delivers `topic` (`customer.updated`, ...) with `payload` as the body.
    pub async fn deliver(&self, topic: &str, payload: &Value) -> Delivery {
        self.deliver_raw(topic, payload.to_string().as_bytes(), None)
            .await
    }

    /// Delivers exact bytes; `signature` overrides the computed one (tests of
    /// forged deliveries).
    pub async fn deliver_raw(&self, topic: &str, body: &[u8], signature: Option<&str>) -> Delivery {
        if self.is_disabled() {
            return Delivery::Disabled;
        }
        let (resource, event) = topic.split_once('.').unwrap_or((topic, ""));
        let delivery_id = uuid::Uuid::new_v4().simple().to_string();
        let signature = signature
            .map(str::to_owned)
            .unwrap_or_else(|| sign(body, &self.secret));
        let answer = self
            .http
            .post(&self.delivery_url)
            .header("user-agent", USER_AGENT)
            .header("content-type", "application/json")
            .header("X-WC-Webhook-Source", &self.source)
            .header("X-WC-Webhook-Topic", topic)
            .header("X-WC-Webhook-Resource", resource)
            .header("X-WC-Webhook-Event", event)
            .header("X-WC-Webhook-Signature", signature)
            .header("X-WC-Webhook-ID", self.id.to_string())
            .header("X-WC-Webhook-Delivery-ID", &delivery_id)
            .body(body.to_vec())
            .send()
            .await;
        let status = answer.map(|a| a.status().as_u16()).unwrap_or(0);
        if (200..300).contains(&status) {
            self.failures.store(0, Ordering::SeqCst);
        } else {
            self.failures.fetch_add(1, Ordering::SeqCst);
        }
        Delivery::Answered {
            status,
            delivery_id,
        }
    }

    /// The activation ping; `true` if the receiver answered exactly 200.
    pub async fn ping(&self) -> bool {
        let answer = self
            .http
            .post(&self.delivery_url)
            .header("user-agent", USER_AGENT)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("webhook_id={}", self.id))
            .send()
            .await;
        answer.is_ok_and(|a| a.status().as_u16() == 200)
    }
}
