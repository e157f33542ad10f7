//! Identifiers shared by every part of the system.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A merchant account: every setting, link and message belongs to one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TenantId(String);

impl TenantId {
    /// Tenant ids appear in URLs and storage keys: keep them to a safe alphabet.
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        ok.then(|| TenantId(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A peer system whose records we link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum System {
    OpenCart,
    RetailCrm,
    MoySklad,
    WooCommerce,
    ShopScript,
    /// The ERP contact feed (EBP Gestion Commerciale style), posted to us.
    Erp,
    /// A Webasyst install's CRM app (deals linked to Shop-Script orders).
    WebasystCrm,
}

impl System {
    pub fn as_str(self) -> &'static str {
        match self {
            System::OpenCart => "opencart",
            System::RetailCrm => "retailcrm",
            System::MoySklad => "moysklad",
            System::WooCommerce => "woocommerce",
            System::ShopScript => "shopscript",
            System::Erp => "erp",
            System::WebasystCrm => "webasyst_crm",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            System::OpenCart,
            System::RetailCrm,
            System::MoySklad,
            System::WooCommerce,
            System::ShopScript,
            System::Erp,
            System::WebasystCrm,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of record a link or an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Customer,
    CorporateCustomer,
    Order,
    Product,
    Payment,
    Shipment,
    /// A MoySklad retail sale (`retaildemand`).
    RetailSale,
    /// The MoySklad catalogue as a whole (an ICML export request).
    Catalogue,
    /// An ERP third party (EBP "tiers") with its contacts.
    ThirdParty,
    /// A CRM deal (Webasyst CRM), linked to a Shop-Script order.
    Deal,
    /// A MoySklad move between warehouses (MS-S3).
    Move,
    /// A MoySklad sales return (MS-M7).
    SalesReturn,
    /// A customer list export run in the background (CM-4).
    CustomerExport,
    /// An onboarding backfill run, queued where the process that starts
    /// it cannot run it (the admin Lambda).
    Backfill,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Customer => "customer",
            EntityKind::CorporateCustomer => "corporate_customer",
            EntityKind::Order => "order",
            EntityKind::Product => "product",
            EntityKind::Payment => "payment",
            EntityKind::Shipment => "shipment",
            EntityKind::RetailSale => "retail_sale",
            EntityKind::Catalogue => "catalogue",
            EntityKind::ThirdParty => "third_party",
            EntityKind::Deal => "deal",
            EntityKind::Move => "move",
            EntityKind::SalesReturn => "sales_return",
            EntityKind::CustomerExport => "customer_export",
            EntityKind::Backfill => "backfill",
        }
    }

    /// Every kind.
    pub const ALL: [EntityKind; 13] = {
        use EntityKind::*;
        [
            Customer,
            CorporateCustomer,
            Order,
            Product,
            Payment,
            Shipment,
            RetailSale,
            Catalogue,
            ThirdParty,
            Deal,
            Move,
            SalesReturn,
            CustomerExport,
        ]
    };

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_round_trip() {
        // Stored in link keys and queued envelopes: never rename one.
        assert_eq!(
            serde_json::to_string(&(System::Erp, EntityKind::ThirdParty)).unwrap(),
            r#"["erp","third_party"]"#
        );
        for system in [
            System::OpenCart,
            System::WooCommerce,
            System::Erp,
            System::WebasystCrm,
        ] {
            assert_eq!(System::parse(system.as_str()), Some(system));
        }
        // Older variants serialise in snake case ("woo_commerce"), apart from
        // their storage names: kept as they are, queued messages hold them.
        assert_eq!(
            serde_json::to_value(System::WooCommerce).unwrap(),
            "woo_commerce"
        );
        assert_eq!(
            serde_json::to_value((System::WebasystCrm, EntityKind::Deal)).unwrap(),
            serde_json::json!(["webasyst_crm", "deal"])
        );
        for kind in [
            EntityKind::Customer,
            EntityKind::ThirdParty,
            EntityKind::Deal,
        ] {
            assert_eq!(EntityKind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
