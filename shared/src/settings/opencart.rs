//! OpenCart shop options: where the shop's Synclane extension answers, and
//! the status mapping of the forward direction.
//!
//! There is no OpenCart credential of its own: the extension signs its
//! events and checks Synclane's API requests with one secret, the tenant's
//! `webhook_secret` (extensions/opencart/API.md). Releases before the
//! extension existed had an `api_token` here that nothing used; it is still
//! accepted when settings are read (stored settings and old config files
//! keep loading) and dropped.

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The route of the extension's API (API.md §1).
pub const OPENCART_API_ROUTE: &str = "extension/synclane/api";

/// OpenCart shop options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Stored")]
pub struct OpenCartSettings {
    /// The storefront's URL (`https://shop.example/`) or the extension's API
    /// URL as its settings page shows it
    /// (`https://shop.example/index.php?route=extension/synclane/api`). Set,
    /// the CRM → OpenCart direction (`crm_opencart`) is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// OpenCart `order_status_id` → CRM status code. Unmapped statuses are not sent.
    #[serde(default)]
    pub status_map: BTreeMap<String, String>,
}

/// The stored and configured shape, with the retired `api_token`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    api_token: Option<IgnoredAny>,
    #[serde(default)]
    status_map: BTreeMap<String, String>,
}

impl From<Stored> for OpenCartSettings {
    fn from(s: Stored) -> Self {
        OpenCartSettings {
            base_url: s.base_url,
            status_map: s.status_map,
        }
    }
}

impl OpenCartSettings {
    /// `{shop}index.php`, the URL every API call goes to (with its query),
    /// from `base_url`; `None` when the reverse direction is off, an error
    /// saying what is wrong with a URL that cannot be one.
    pub fn api_endpoint(&self) -> Result<Option<String>, String> {
        let Some(raw) = self.base_url.as_deref().map(str::trim) else {
            return Ok(None);
        };
        if !(raw.starts_with("https://") || raw.starts_with("http://")) {
            return Err(format!(
                "opencart.base_url {raw:?} must start with https:// or http://"
            ));
        }
        let shop = match raw.split_once('?') {
            None => raw.trim_end_matches("index.php"),
            Some((path, query)) if query == format!("route={OPENCART_API_ROUTE}") => {
                path.trim_end_matches("index.php")
            }
            Some(_) => {
                return Err(format!(
                    "opencart.base_url {raw:?}: give the shop's URL, or the API URL its \
                     Synclane settings page shows (…/index.php?route={OPENCART_API_ROUTE})"
                ));
            }
        };
        let slash = if shop.ends_with('/') { "" } else { "/" };
        Ok(Some(format!("{shop}{slash}index.php")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(url: &str) -> OpenCartSettings {
        OpenCartSettings {
            base_url: Some(url.into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_shop_url_or_the_api_url_both_give_the_endpoint() {
        for url in [
            "https://shop.example",
            "https://shop.example/",
            "https://shop.example/index.php",
            "https://shop.example/index.php?route=extension/synclane/api",
        ] {
            assert_eq!(
                with(url).api_endpoint(),
                Ok(Some("https://shop.example/index.php".into())),
                "{url}"
            );
        }
        assert_eq!(
            with("http://example.com/store/").api_endpoint(),
            Ok(Some("http://example.com/store/index.php".into()))
        );
        assert_eq!(OpenCartSettings::default().api_endpoint(), Ok(None));
        assert!(with("shop.example").api_endpoint().is_err());
        assert!(
            with("https://shop.example/index.php?route=common/home")
                .api_endpoint()
                .is_err()
        );
    }

    #[test]
    fn a_retired_api_token_is_read_and_dropped() {
        let read: OpenCartSettings = toml::from_str(
            "base_url = \"https://shop.example/\"\napi_token = \"old\"\nstatus_map = { \"1\" = \"new\" }",
        )
        .unwrap();
        assert_eq!(read.base_url.as_deref(), Some("https://shop.example/"));
        assert_eq!(read.status_map["1"], "new");
        let json = serde_json::to_string(&read).unwrap();
        assert!(!json.contains("api_token"), "{json}");
        assert!(toml::from_str::<OpenCartSettings>("apitoken = \"x\"").is_err());
    }
}
