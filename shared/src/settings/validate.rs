//! Validation of tenant settings when they are saved. The seed: "the
//! warehouse (status) mapping must be one to one, otherwise the settings are
//! not saved" (MS-M2, MS-M3); options that need another option are refused
//! too, rather than silently doing nothing.

use super::{MoySkladSync, TenantSettings, WooCommerceSettings};
use crate::error::{Error, Result};
use std::collections::BTreeMap;

/// All problems of `settings`, as one `Error::Invalid` with one line each.
pub(super) fn tenant(settings: &TenantSettings) -> Result<()> {
    let problems = problems(settings);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "settings of tenant {} were not saved:\n{}",
            settings.id,
            problems.join("\n")
        )))
    }
}

/// All problems of `settings`, one line each (empty: valid).
pub(super) fn problems(settings: &TenantSettings) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(ms) = &settings.moysklad {
        if let Some(sync) = &ms.sync {
            problems.extend(sync_problems(sync));
            if settings.retailcrm.is_none() {
                problems.push("the MoySklad sync needs a RetailCRM account (retailcrm)".into());
            }
            let feed_token = sync.icml.feed_token.expose();
            if !feed_token.is_empty() && feed_token.len() < 16 {
                problems.push(
                    "moysklad.sync.icml.feed_token must be at least 16 characters: it is the \
                     only authentication of the catalogue's public URL"
                        .into(),
                );
            }
            if ms.webhook_token.expose().len() < 16 {
                problems.push(
                    "moysklad.webhook_token must be at least 16 characters: it is the only \
                     authentication of MoySklad's webhooks"
                        .into(),
                );
            }
        }
        if let Some(url) = &ms.public_base_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            problems.push(format!(
                "moysklad.public_base_url {url:?} must start with https:// or http://"
            ));
        }
    }
    if let Some(oc) = &settings.opencart {
        if let Err(problem) = oc.api_endpoint() {
            problems.push(problem);
        }
        if oc.base_url.is_some() && settings.webhook_secret.expose().len() < 16 {
            problems.push(
                "webhook_secret must be at least 16 characters when opencart.base_url is set: \
                 the extension's settings page refuses shorter ones, and it signs every \
                 request to the shop"
                    .into(),
            );
        }
    }
    if let Some(erp) = &settings.erp
        && erp.feed_secret.expose().len() < 16
    {
        problems.push(
            "erp.feed_secret must be at least 16 characters: it is the only \
             authentication of the ERP feed"
                .into(),
        );
    }
    if let Some(woo) = &settings.woocommerce {
        problems.extend(woocommerce_problems(woo));
    }
    if let Some(ss) = &settings.shopscript {
        problems.extend(super::shopscript_validate::problems(ss));
    }
    if settings.journal.max_entries == 0 || settings.journal.retention_days == 0 {
        problems.push("journal.max_entries and journal.retention_days must be at least 1".into());
    }
    problems
}

/// Problems of the WooCommerce shop's settings.
fn woocommerce_problems(woo: &WooCommerceSettings) -> Vec<String> {
    let mut problems = Vec::new();
    let url = woo.base_url.as_str();
    // WooCommerce accepts Basic auth over HTTPS only; plain HTTP is for a
    // shop on this machine (development, the emulator).
    let local = ["http://localhost", "http://127.0.0.1", "http://[::1]"]
        .iter()
        .any(|p| url.starts_with(p));
    if !url.starts_with("https://") && !local {
        problems.push(format!(
            "woocommerce.base_url {url:?} must start with https:// (WooCommerce sends its \
             REST keys over HTTPS only)"
        ));
    }
    if woo.consumer_key.is_empty() || woo.consumer_secret.is_empty() {
        problems.push("woocommerce.consumer_key and consumer_secret are required".into());
    }
    let secret = woo.webhook_secret.expose();
    if !secret.is_empty() && secret.len() < 16 {
        problems.push(
            "woocommerce.webhook_secret must be at least 16 characters (or empty: webhooks \
             refused)"
                .into(),
        );
    }
    if woo.requests_per_second == 0 {
        problems.push("woocommerce.requests_per_second must be at least 1".into());
    }
    problems
}

/// Problems of the CRM ⇄ MoySklad options and mappings.
pub fn sync_problems(sync: &MoySkladSync) -> Vec<String> {
    let mut problems = Vec::new();
    one_to_one("MS-M2 warehouses (stores)", &sync.stores, &mut problems);
    one_to_one("MS-M3 statuses", &sync.statuses, &mut problems);
    let needs = [
        (
            sync.overwrite_cost_on_shipment && !sync.load_cost_on_shipment,
            "MS-S11 overwrite_cost_on_shipment needs MS-S10 load_cost_on_shipment",
        ),
        (
            !sync.delivery_services.is_empty() && !sync.delivery_as_line,
            "MS-S13 delivery_services needs MS-S1 delivery_as_line",
        ),
        (
            !sync.reserve_item_statuses.is_empty() && !sync.auto_reserve,
            "MS-M8 reserve_item_statuses needs MS-S2 auto_reserve",
        ),
        (
            sync.conduct_moves && !sync.create_moves,
            "MS-S4 conduct_moves needs MS-S3 create_moves",
        ),
    ];
    problems.extend(
        needs
            .into_iter()
            .filter(|(bad, _)| *bad)
            .map(|(_, m)| m.to_owned()),
    );
    problems.extend(super::retail::problems(&sync.retail));
    problems.extend(super::moysklad_checks::problems(sync));
    for (payment_type, document) in &sync.payment_documents {
        if !matches!(document.as_str(), "paymentin" | "cashin") {
            problems.push(format!(
                "MS-M9 payment type {payment_type:?} maps to {document:?}; use paymentin or cashin"
            ));
        }
    }
    problems
}

/// A mapping is one to one when no two keys share a value (keys are unique already).
fn one_to_one(what: &str, map: &BTreeMap<String, String>, problems: &mut Vec<String>) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (crm, ms) in map {
        if ms.trim().is_empty() {
            problems.push(format!("{what}: {crm:?} maps to an empty MoySklad id"));
        } else if let Some(first) = seen.insert(ms.as_str(), crm.as_str()) {
            problems.push(format!(
                "{what} must be one to one: {first:?} and {crm:?} both map to MoySklad {ms:?}"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn ms_m2_stores_must_be_one_to_one() {
        let sync = MoySkladSync {
            stores: map(&[("main", "ms-1"), ("south", "ms-1")]),
            ..MoySkladSync::default()
        };
        let problems = sync_problems(&sync);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("MS-M2") && problems[0].contains("\"south\""));
        let ok = MoySkladSync {
            stores: map(&[("main", "ms-1"), ("south", "ms-2")]),
            ..MoySkladSync::default()
        };
        assert!(sync_problems(&ok).is_empty());
    }

    #[test]
    fn ms_m3_statuses_must_be_one_to_one() {
        let sync = MoySkladSync {
            statuses: map(&[("new", "st-1"), ("complete", "st-1"), ("cancel", "st-2")]),
            ..MoySkladSync::default()
        };
        let problems = sync_problems(&sync);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("MS-M3 statuses must be one to one"));
    }

    #[test]
    fn options_that_need_another_option_are_refused() {
        let sync = MoySkladSync {
            overwrite_cost_on_shipment: true,
            delivery_services: map(&[("courier", "svc")]),
            payment_documents: map(&[("cash", "invoice")]),
            ..MoySkladSync::default()
        };
        assert_eq!(sync_problems(&sync).len(), 3);
    }

    #[test]
    fn woocommerce_and_erp_secrets_and_https_are_checked() {
        use crate::model::TenantId;
        use crate::secret::Secret;
        use crate::settings::{Deactivation, ErpSettings, WooAuth};
        let shop = |url: &str, hook: &str| WooCommerceSettings {
            base_url: url.into(),
            consumer_key: Secret::new("ck_1"),
            consumer_secret: Secret::new("cs_1"),
            webhook_secret: Secret::new(hook),
            auth: WooAuth::Basic,
            deactivation: Deactivation::default(),
            welcome_email: false,
            addresses: true,
            requests_per_second: 5,
        };
        let mut settings = TenantSettings::new(TenantId::parse("t").unwrap(), Secret::new("s"));
        settings.woocommerce = Some(shop("http://shop.example", "short"));
        settings.erp = Some(ErpSettings {
            feed_secret: Secret::new("tiny"),
        });
        let err = tenant(&settings).unwrap_err().to_string();
        for needle in [
            "woocommerce.base_url",
            "woocommerce.webhook_secret",
            "erp.feed_secret",
        ] {
            assert!(err.contains(needle), "{needle} not in {err}");
        }
        settings.woocommerce = Some(shop("http://127.0.0.1:8080", ""));
        settings.erp = Some(ErpSettings {
            feed_secret: Secret::new("erp-0123456789abcdef"),
        });
        assert!(
            tenant(&settings).is_ok(),
            "a local shop over HTTP is allowed"
        );
    }
}
