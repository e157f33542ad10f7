//! The ERP contact feed (RULES.md block EW): how its posts to
//! `/hooks/{tenant}/erp` are authenticated.
//!
//! The feed has a secret of its own rather than the tenant's
//! `webhook_secret` (which signs our OpenCart extension's events): the ERP
//! connector is usually run by another party (the ERP's integrator), and a
//! key leaked there must not be able to forge shop orders, nor rotating one
//! break the other.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// The ERP feed's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErpSettings {
    /// Signs each feed request: `X-Synclane-Signature: sha256=<hex
    /// HMAC-SHA256 of the raw body>`. At least 16 characters.
    pub feed_secret: Secret,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_required_and_never_printed() {
        let s: ErpSettings = toml::from_str(r#"feed_secret = "erp-0123456789abcdef""#).unwrap();
        assert_eq!(s.feed_secret.expose(), "erp-0123456789abcdef");
        assert!(!format!("{s:?}").contains("0123456789"));
        assert!(toml::from_str::<ErpSettings>("").is_err());
    }
}
