//! Configuration and admin bodies: the TOML config (`LocalConfig::parse`)
//! and `TenantSettings` JSON as the admin API's put_settings reads it
//! (decode, then `validate`).

use crate::fuzz_input::{config, deep, input};
use crate::runtime::config::LocalConfig;
use crate::settings::TenantSettings;
use proptest::prelude::*;

const TOML: &[&str] = &[
    include_str!("../../../synclane.example.toml"),
    "listen = \"127.0.0.1:8080\"\nworkers = 4\n[[tenants]]\nid = \"a\"\nwebhook_secret = \"s\"\n[tenants.opencart]\nstatus_map = { \"1\" = \"new\" }\n",
];

const SETTINGS: &[&str] = &[
    r#"{"id":"acme","webhook_secret":"change-me","retailcrm":{"base_url":"https://acme.retailcrm.ru","api_key":"k","site":"opencart","corporate_customers":true},"opencart":{"status_map":{"1":"new","5":"complete"}}}"#,
    r#"{"id":"b","webhook_secret":"s","moysklad":{"base_url":"https://api.moysklad.ru/api/remap/1.2","token":"t","webhook_token":"w"}}"#,
];

/// put_settings' parse: JSON, then the checks every save runs.
fn settings(raw: &[u8]) {
    if let Ok(s) = serde_json::from_slice::<TenantSettings>(raw) {
        let _ = s.validate();
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn toml_config(raw in input(TOML)) {
        // TOML is text: invalid UTF-8 is refused before the parser, as the
        // binary reads the file into a String.
        if let Ok(text) = std::str::from_utf8(&raw) {
            let _ = LocalConfig::parse(text);
        }
    }

    #[test]
    fn admin_tenant_settings(raw in input(SETTINGS)) {
        settings(&raw);
    }
}

/// toml's own depth limit refuses deep arrays and inline tables.
#[test]
fn config_deep_nesting_is_refused() {
    for (prefix, open) in [("a = ", "["), ("a = ", "{b = ")] {
        let text = format!("{prefix}{}", String::from_utf8_lossy(&deep(open)));
        assert!(LocalConfig::parse(&text).is_err());
    }
    for open in ["[", "{\"id\":"] {
        assert!(serde_json::from_slice::<TenantSettings>(&deep(open)).is_err());
    }
}

#[test]
fn config_seeds_are_accepted() {
    for s in TOML {
        LocalConfig::parse(s).unwrap();
    }
    for s in SETTINGS {
        serde_json::from_str::<TenantSettings>(s).unwrap();
    }
}
