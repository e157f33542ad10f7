//! The fingerprint of what Synclane manages of a WooCommerce account (EW-1,
//! EW-3 and the status), kept on the account's link after each write or
//! read. A `customer.updated` webhook whose body has the same fingerprint
//! is the echo of our own write (WooCommerce sends one for every change,
//! ours included); any other is a change made in the shop.
//!
//! Fields the ERP does not manage (shipping address, order counts, other
//! meta) are left out, so the shop's own bookkeeping never looks like an
//! edit. E-mails are compared without case, as WordPress does.

use super::rules::is_active;
use crate::connectors::woocommerce::WooCustomer;
use crate::flows::fingerprint;
use crate::settings::WooCommerceSettings;
use serde_json::json;

/// The fingerprint of `account` as the shop holds it.
pub(super) fn fingerprint(settings: &WooCommerceSettings, account: &WooCustomer) -> String {
    let b = &account.billing;
    let text = |s: &str| s.trim().to_owned();
    let email = |s: &str| s.trim().to_lowercase();
    fingerprint::of(&json!({
        "email": email(&account.email),
        "first_name": text(&account.first_name),
        "last_name": text(&account.last_name),
        "billing": [
            text(&b.first_name), text(&b.last_name), text(&b.company), text(&b.phone),
            email(&b.email), text(&b.address_1), text(&b.address_2), text(&b.postcode),
            text(&b.city), text(&b.country),
        ],
        "active": is_active(settings, account),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connectors::woocommerce::WooMeta;
    use crate::secret::Secret;
    use crate::settings::{Deactivation, WooAuth};

    fn settings() -> WooCommerceSettings {
        WooCommerceSettings {
            base_url: "https://shop.example".into(),
            consumer_key: Secret::new("ck"),
            consumer_secret: Secret::new("cs"),
            webhook_secret: Secret::default(),
            auth: WooAuth::Basic,
            deactivation: Deactivation::default(),
            welcome_email: false,
            addresses: true,
            requests_per_second: 5,
        }
    }

    #[test]
    fn only_managed_fields_count() {
        let s = settings();
        let mut a = WooCustomer {
            id: 7,
            email: "Zoe@Shop.fr".into(),
            first_name: "Zoë".into(),
            ..Default::default()
        };
        let before = fingerprint(&s, &a);
        a.shipping.city = "Lyon".into();
        a.email = "zoe@shop.fr".into();
        assert_eq!(
            fingerprint(&s, &a),
            before,
            "shipping and e-mail case are not ours"
        );
        a.billing.phone = "01".into();
        assert_ne!(fingerprint(&s, &a), before);
        a.billing.phone.clear();
        a.meta_data.push(WooMeta {
            id: Some(1),
            key: "b2bking_account_approved".into(),
            value: "no".into(),
        });
        assert_ne!(fingerprint(&s, &a), before, "the status is ours");
    }
}
