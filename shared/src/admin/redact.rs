//! Secrets never leave the admin API: answers carry `"***"` in their place,
//! and `"***"` sent back means "keep what is stored".

use crate::secret::Secret;
use crate::settings::TenantSettings;
use std::collections::BTreeMap;

/// What a secret looks like in an answer.
pub const REDACTED: &str = "***";

/// `settings` with every non-empty secret replaced by `REDACTED`.
pub fn redact(mut settings: TenantSettings) -> TenantSettings {
    for (_, secret) in settings.secrets_mut() {
        if !secret.is_empty() {
            *secret = Secret::new(REDACTED);
        }
    }
    settings
}

/// Replaces each `REDACTED` secret of `incoming` with the stored one; an
/// error names a `REDACTED` secret that has nothing stored to keep.
pub fn keep_stored(
    mut incoming: TenantSettings,
    stored: Option<TenantSettings>,
) -> Result<TenantSettings, String> {
    let mut kept: BTreeMap<&'static str, Secret> = BTreeMap::new();
    if let Some(mut stored) = stored {
        for (name, secret) in stored.secrets_mut() {
            kept.insert(name, secret.clone());
        }
    }
    for (name, secret) in incoming.secrets_mut() {
        if secret.expose() == REDACTED {
            *secret = kept.remove(name).ok_or_else(|| {
                format!("{name} is \"{REDACTED}\" (keep the stored value) but none is stored")
            })?;
        }
    }
    Ok(incoming)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TenantId;
    use crate::settings::RetailCrmSettings;

    fn settings(hook: &str, crm_key: &str) -> TenantSettings {
        TenantSettings {
            retailcrm: Some(RetailCrmSettings {
                base_url: "https://crm.example".into(),
                api_key: Secret::new(crm_key),
                site: "shop".into(),
                corporate_customers: true,
                requests_per_second: 10,
            }),
            ..TenantSettings::new(TenantId::parse("acme").unwrap(), Secret::new(hook))
        }
    }

    #[test]
    fn answers_hide_every_secret() {
        let json = serde_json::to_string(&redact(settings("hook-1", "crm-1"))).unwrap();
        assert!(
            !json.contains("hook-1") && !json.contains("crm-1"),
            "{json}"
        );
        assert!(json.contains(r#""api_key":"***""#), "{json}");
    }

    #[test]
    fn redacted_secrets_sent_back_keep_the_stored_ones() {
        let stored = settings("hook-1", "crm-1");
        let incoming = settings(REDACTED, "crm-2");
        let merged = keep_stored(incoming, Some(stored)).unwrap();
        assert_eq!(merged.webhook_secret.expose(), "hook-1");
        assert_eq!(merged.retailcrm.unwrap().api_key.expose(), "crm-2");
        let error = keep_stored(settings("h", REDACTED), None).unwrap_err();
        assert!(error.contains("retailcrm.api_key"), "{error}");
    }
}
