//! WooCommerce shop account and the ERP → WooCommerce options (RULES.md
//! block EW). Defaults are written next to each field; the ones a merchant
//! is most likely to change are `deactivation` and `welcome_email`.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// A WooCommerce shop reached over REST v3 with a consumer key and secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WooCommerceSettings {
    /// The site's address, e.g. `https://shop.example.fr` (the API lives under
    /// `/wp-json/wc/v3`). WooCommerce accepts Basic auth only over HTTPS.
    pub base_url: String,
    /// `ck_...` from WooCommerce → Settings → Advanced → REST API (read/write).
    pub consumer_key: Secret,
    /// `cs_...`, shown once when the key is created.
    pub consumer_secret: Secret,
    /// The secret typed into each WooCommerce webhook (Settings → Advanced →
    /// Webhooks): deliveries to `/hooks/{tenant}/woocommerce` are refused
    /// unless signed with it. Empty (the default): every delivery is refused.
    #[serde(default)]
    pub webhook_secret: Secret,
    /// How the key travels. Default `basic`.
    #[serde(default)]
    pub auth: WooAuth,
    /// How an account is switched off (WooCommerce core has no active flag).
    /// Default: B2BKing's approval meta (see [`Deactivation`]).
    #[serde(default)]
    pub deactivation: Deactivation,
    /// EW-2: let WooCommerce's "New account" e-mail carry a set-password link.
    /// Default off. See `flows::erp_woocommerce::rules::ew_2_password` for
    /// what the shop sends in each case.
    #[serde(default)]
    pub welcome_email: bool,
    /// EW-3: send the billing address (lines, postcode, city, country).
    /// Default on.
    #[serde(default = "yes")]
    pub addresses: bool,
    /// Requests per second Synclane may send to the shop (default 5).
    /// WooCommerce sets no limit of its own, but the host's PHP workers and
    /// firewalls do, and the shop's visitors share them.
    #[serde(default = "requests_per_second")]
    pub requests_per_second: u32,
}

/// Where the consumer key and secret go on each request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WooAuth {
    /// `Authorization: Basic base64(key:secret)`: WooCommerce's documented way
    /// over HTTPS.
    #[default]
    Basic,
    /// `?consumer_key=..&consumer_secret=..`: the documented fallback for
    /// servers (some FastCGI / CGI setups) that strip the Authorization header.
    /// The secret then sits in URLs: our logs never print them.
    Query,
}

/// How Synclane marks an account active or inactive (EW-5, EW-6).
///
/// WooCommerce core has no such flag; B2B plugins keep one in user meta.
/// The default is B2BKing's: `b2bking_account_approved` = `no` makes its
/// login check refuse the account ("Your account is waiting for approval"),
/// any other value or none lets it in; approving in B2BKing writes `yes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Deactivation {
    /// A user meta written through the customer's `meta_data`.
    Meta {
        key: String,
        active_value: String,
        inactive_value: String,
    },
    /// A WordPress role. The WooCommerce `role` field is read-only, so the
    /// role is set through WordPress's own users API
    /// (`POST /wp-json/wp/v2/users/{id}` `{"roles":[..]}`), authenticated with
    /// a WordPress user's application password (Users → Profile →
    /// Application Passwords), not the WooCommerce key. Note that WooCommerce
    /// (9.5+) refuses e-mail changes for accounts whose role is not
    /// `customer` or `subscriber` unless that list is extended by the shop.
    Role {
        active: String,
        inactive: String,
        /// The WordPress login that owns the application password; it needs
        /// the `promote_users` capability (an administrator).
        wp_user: String,
        application_password: Secret,
    },
}

impl Default for Deactivation {
    fn default() -> Self {
        Deactivation::Meta {
            key: "b2bking_account_approved".into(),
            active_value: "yes".into(),
            inactive_value: "no".into(),
        }
    }
}

fn yes() -> bool {
    true
}

fn requests_per_second() -> u32 {
    5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_documented_ones() {
        let s: WooCommerceSettings = toml::from_str(
            r#"base_url = "https://shop.example"
consumer_key = "ck_1"
consumer_secret = "cs_1""#,
        )
        .unwrap();
        assert_eq!(s.auth, WooAuth::Basic);
        assert_eq!(s.deactivation, Deactivation::default());
        assert!(!s.welcome_email && s.addresses);
        assert!(s.webhook_secret.is_empty());
        assert_eq!(s.requests_per_second, 5);
        assert!(!format!("{s:?}").contains("cs_1"), "secrets never printed");
    }

    #[test]
    fn role_deactivation_and_unknown_fields() {
        let s: WooCommerceSettings = toml::from_str(
            r#"base_url = "https://shop.example"
consumer_key = "ck_1"
consumer_secret = "cs_1"
auth = "query"
[deactivation]
kind = "role"
active = "customer"
inactive = "b2b_blocked"
wp_user = "sync"
application_password = "abcd efgh""#,
        )
        .unwrap();
        assert_eq!(s.auth, WooAuth::Query);
        assert!(
            matches!(s.deactivation, Deactivation::Role { ref inactive, .. } if inactive == "b2b_blocked")
        );
        let err = toml::from_str::<WooCommerceSettings>(
            "base_url = \"x\"\nconsumer_key = \"k\"\nconsumer_secret = \"s\"\nfoo = 1",
        )
        .unwrap_err();
        assert!(err.to_string().contains("foo"), "{err}");
    }
}
