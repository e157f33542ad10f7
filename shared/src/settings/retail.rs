//! Retail options (MS-R1..MS-R4): defaults of the payment mapping and the
//! checks made when the settings are saved.
//!
//! MS-R4 (seed, "Соответствие пользовательских полей для розницы"): one CRM
//! field cannot be given to two MoySklad fields; the standard fields
//! (customer comment, delivery date, time and method) each take one
//! MoySklad attribute that is not also mapped to a custom field.

use super::RetailOptions;
use std::collections::BTreeMap;

impl RetailOptions {
    /// CRM payment type of the sale's cash sum.
    pub fn cash_type(&self) -> &str {
        self.cash_payment_type.as_deref().unwrap_or("cash")
    }

    /// CRM payment type of the sale's card (non-cash) sum.
    pub fn card_type(&self) -> &str {
        self.card_payment_type.as_deref().unwrap_or("bank-card")
    }

    /// CRM payment type of the sale's QR sum.
    pub fn qr_type(&self) -> &str {
        self.qr_payment_type.as_deref().unwrap_or("sbp")
    }

    /// Payment status for a conducted sale ("the status set when the document is conducted").
    pub fn paid(&self) -> &str {
        self.paid_status.as_deref().unwrap_or("paid")
    }

    /// Payment status for a sale saved but not conducted.
    pub fn unpaid(&self) -> &str {
        self.unpaid_status.as_deref().unwrap_or("not-paid")
    }

    /// Whether any MS-R2 line option is on.
    pub fn syncs_lines(&self) -> bool {
        self.increase_quantity
            || self.decrease_quantity
            || self.add_new_goods
            || self.remove_missing_goods
    }
}

/// Problems of the retail options, one line each (empty: valid).
pub(super) fn problems(retail: &RetailOptions) -> Vec<String> {
    let mut problems = Vec::new();
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for (attribute, field) in &retail.custom_fields {
        if field.trim().is_empty() || attribute.trim().is_empty() {
            problems.push(format!(
                "MS-R4 retail custom field {attribute:?} → {field:?}: both sides must be set"
            ));
        } else if let Some(first) = owner.insert(field.as_str(), attribute.as_str()) {
            problems.push(format!(
                "MS-R4 retail custom fields: CRM field {field:?} is given to both MoySklad \
                 fields {first:?} and {attribute:?}; one CRM field per MoySklad field"
            ));
        }
    }
    let standard = [
        ("customer comment", &retail.customer_comment_attribute),
        ("delivery date", &retail.delivery_date_attribute),
        ("delivery time", &retail.delivery_time_attribute),
        ("delivery method", &retail.delivery_method_attribute),
    ];
    let mut taken: BTreeMap<&str, &str> = BTreeMap::new();
    for (name, attribute) in standard {
        let Some(attribute) = attribute.as_deref() else {
            continue;
        };
        if retail.custom_fields.contains_key(attribute) {
            problems.push(format!(
                "MS-R4 MoySklad field {attribute:?} is mapped both to the {name} and to a custom field"
            ));
        }
        if let Some(first) = taken.insert(attribute, name) {
            problems.push(format!(
                "MS-R4 MoySklad field {attribute:?} is mapped to both the {first} and the {name}"
            ));
        }
    }
    for (organization, shop) in &retail.shops {
        if shop.trim().is_empty() {
            problems.push(format!(
                "MS-R4 retail shop mapping: organization {organization:?} maps to an empty shop"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ms_r4_one_crm_field_per_moysklad_field() {
        let mut retail = RetailOptions {
            custom_fields: [
                ("attr-a", "crm_x"),
                ("attr-b", "crm_x"),
                ("attr-c", "crm_y"),
            ]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .into(),
            ..RetailOptions::default()
        };
        let found = problems(&retail);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("crm_x") && found[0].contains("MS-R4"));
        retail.custom_fields.remove("attr-b");
        assert!(problems(&retail).is_empty());
    }

    #[test]
    fn ms_r4_standard_field_cannot_double_as_custom_field() {
        let retail = RetailOptions {
            custom_fields: [("attr-a".to_owned(), "crm_x".to_owned())].into(),
            delivery_method_attribute: Some("attr-a".into()),
            delivery_date_attribute: Some("attr-d".into()),
            delivery_time_attribute: Some("attr-d".into()),
            ..RetailOptions::default()
        };
        assert_eq!(problems(&retail).len(), 2, "{:?}", problems(&retail));
    }

    #[test]
    fn ms_r4_invalid_retail_mapping_is_not_saved() {
        use crate::model::TenantId;
        use crate::secret::Secret;
        use crate::settings::{MoySkladSettings, MoySkladSync, RetailCrmSettings, TenantSettings};
        let mut tenant = TenantSettings::new(TenantId::parse("t").unwrap(), Secret::new("s"));
        tenant.retailcrm = Some(RetailCrmSettings {
            base_url: "http://crm".into(),
            api_key: Secret::new("k"),
            site: "shop".into(),
            corporate_customers: true,
            requests_per_second: 10,
        });
        let mut sync = MoySkladSync::default();
        sync.retail.custom_fields = [("a", "same"), ("b", "same")]
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .into();
        tenant.moysklad = Some(MoySkladSettings {
            base_url: "http://ms".into(),
            token: Secret::new("t"),
            disable_webhook_prefixes: Vec::new(),
            request_weight: 1,
            webhook_token: Secret::new("0123456789abcdef"),
            public_base_url: None,
            sync: Some(sync),
        });
        let err = tenant.validate().unwrap_err().to_string();
        assert!(err.contains("MS-R4"), "{err}");
    }
}
