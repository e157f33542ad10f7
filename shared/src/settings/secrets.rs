//! One list of every `Secret` a tenant's settings hold, so the code that
//! seals them at rest (`store::SealedStore`) and the code that redacts them
//! in answers (`admin`) cannot disagree about which fields are secret.

use super::{Deactivation, TenantSettings};
use crate::secret::Secret;

impl TenantSettings {
    /// Every secret present, with a stable name (`"retailcrm.api_key"`).
    ///
    /// A new `Secret` field in the settings must be added here, or it would be
    /// stored in clear and echoed by the admin API.
    pub fn secrets_mut(&mut self) -> Vec<(&'static str, &mut Secret)> {
        let TenantSettings {
            webhook_secret,
            retailcrm,
            moysklad,
            woocommerce,
            erp,
            shopscript,
            ..
        } = self;
        let mut secrets = vec![("webhook_secret", webhook_secret)];
        if let Some(crm) = retailcrm {
            secrets.push(("retailcrm.api_key", &mut crm.api_key));
        }
        if let Some(ms) = moysklad {
            secrets.push(("moysklad.token", &mut ms.token));
            secrets.push(("moysklad.webhook_token", &mut ms.webhook_token));
            if let Some(sync) = ms.sync.as_mut() {
                secrets.push(("moysklad.sync.icml.feed_token", &mut sync.icml.feed_token));
            }
        }
        if let Some(woo) = woocommerce {
            secrets.push(("woocommerce.consumer_key", &mut woo.consumer_key));
            secrets.push(("woocommerce.consumer_secret", &mut woo.consumer_secret));
            secrets.push(("woocommerce.webhook_secret", &mut woo.webhook_secret));
            if let Deactivation::Role {
                application_password,
                ..
            } = &mut woo.deactivation
            {
                secrets.push((
                    "woocommerce.deactivation.application_password",
                    application_password,
                ));
            }
        }
        if let Some(erp) = erp {
            secrets.push(("erp.feed_secret", &mut erp.feed_secret));
        }
        if let Some(ss) = shopscript {
            secrets.push(("shopscript.shop_token", &mut ss.shop_token));
            secrets.push(("shopscript.crm_token", &mut ss.crm_token));
            secrets.push((
                "shopscript.notification_secret",
                &mut ss.notification_secret,
            ));
        }
        secrets
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TenantId;
    use crate::settings::{
        MoySkladSettings, OpenCartSettings, RetailCrmSettings, WooAuth, WooCommerceSettings,
    };

    /// Fills every secret-bearing part, so a forgotten field shows up below.
    fn full() -> TenantSettings {
        TenantSettings {
            retailcrm: Some(RetailCrmSettings {
                base_url: "https://crm.example".into(),
                api_key: Secret::new("SECRET-crm"),
                site: "shop".into(),
                corporate_customers: true,
                requests_per_second: 10,
            }),
            // The shop holds no secret of its own: the extension signs
            // with `webhook_secret` in both directions.
            opencart: Some(OpenCartSettings {
                base_url: Some("https://shop.example/".into()),
                status_map: Default::default(),
            }),
            moysklad: Some(MoySkladSettings {
                base_url: "https://ms.example".into(),
                token: Secret::new("SECRET-ms"),
                webhook_token: Secret::new("SECRET-ms-hook"),
                public_base_url: None,
                disable_webhook_prefixes: vec![],
                request_weight: 1,
                sync: Some(crate::settings::MoySkladSync {
                    icml: crate::settings::IcmlOptions {
                        every_hours: 4,
                        feed_token: Secret::new("SECRET-feed"),
                    },
                    ..Default::default()
                }),
            }),
            woocommerce: Some(WooCommerceSettings {
                base_url: "https://shop.example".into(),
                consumer_key: Secret::new("SECRET-ck"),
                consumer_secret: Secret::new("SECRET-cs"),
                webhook_secret: Secret::new("SECRET-wc-hook"),
                auth: WooAuth::Basic,
                deactivation: Deactivation::Role {
                    active: "customer".into(),
                    inactive: "b2b_blocked".into(),
                    wp_user: "sync".into(),
                    application_password: Secret::new("SECRET-wp-app"),
                },
                welcome_email: false,
                addresses: true,
                requests_per_second: 5,
            }),
            erp: Some(crate::settings::ErpSettings {
                feed_secret: Secret::new("SECRET-erp"),
            }),
            shopscript: Some(crate::settings::ShopScriptSettings {
                shop_url: "https://shop.example".into(),
                shop_token: Secret::new("SECRET-ss-shop"),
                crm_url: "https://crm.example".into(),
                crm_token: Secret::new("SECRET-ss-crm"),
                notification_secret: Secret::new("SECRET-ss-hook"),
                backend_url: None,
                order_format: "#100{id}".into(),
                funnels: Default::default(),
                automatic: vec![],
                action_states: Default::default(),
                requests_per_second: 5,
            }),
            ..TenantSettings::new(TenantId::parse("t").unwrap(), Secret::new("SECRET-hook"))
        }
    }

    #[test]
    fn every_secret_is_listed() {
        let mut settings = full();
        let names: Vec<_> = settings.secrets_mut().iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "webhook_secret",
                "retailcrm.api_key",
                "moysklad.token",
                "moysklad.webhook_token",
                "moysklad.sync.icml.feed_token",
                "woocommerce.consumer_key",
                "woocommerce.consumer_secret",
                "woocommerce.webhook_secret",
                "woocommerce.deactivation.application_password",
                "erp.feed_secret",
                "shopscript.shop_token",
                "shopscript.crm_token",
                "shopscript.notification_secret",
            ]
        );
        for (_, secret) in settings.secrets_mut() {
            *secret = Secret::new("gone");
        }
        let json = serde_json::to_string(&settings).unwrap();
        assert!(!json.contains("SECRET-"), "a secret is not listed: {json}");
    }
}
