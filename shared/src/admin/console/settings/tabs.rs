//! The settings tabs: what `TenantSettings` holds, grouped as the
//! reference MoySklad module's settings page groups it (options, shops,
//! warehouses, statuses, export statuses, shipment statuses, payment types,
//! payment statuses, bank accounts, custom fields, retail), plus the stock
//! pulls, the other shops (OpenCart, Shop-Script, WooCommerce) and the
//! general settings (journal, CRM corporate customers).
//! Credentials and secrets are not on these pages: they stay in the API.
//!
//! Each tab reads only the pick lists it shows, draws its form from the
//! settings (after a refused save: from what was typed), and reads a
//! posted form into the settings (`tab_options`, `tab_maps`).

use super::fields::{Fields, Posted};
use super::picks::{List, Picks};
use super::{tab_maps, tab_options, tab_peers};
use crate::settings::{MoySkladSync, TenantSettings};
use maud::Markup;

/// One tab of the settings page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tab {
    Options,
    Shops,
    Warehouses,
    Statuses,
    ExportStatuses,
    ShipmentStatuses,
    PaymentTypes,
    PaymentStatuses,
    BankAccounts,
    CustomFields,
    Retail,
    Stock,
    OpenCart,
    ShopScript,
    WooCommerce,
    General,
}

pub(super) const ALL: [Tab; 16] = [
    Tab::Options,
    Tab::Shops,
    Tab::Warehouses,
    Tab::Statuses,
    Tab::ExportStatuses,
    Tab::ShipmentStatuses,
    Tab::PaymentTypes,
    Tab::PaymentStatuses,
    Tab::BankAccounts,
    Tab::CustomFields,
    Tab::Retail,
    Tab::Stock,
    Tab::OpenCart,
    Tab::ShopScript,
    Tab::WooCommerce,
    Tab::General,
];

/// What a tab draws from.
pub(super) struct View<'a> {
    pub settings: &'a TenantSettings,
    pub sync: &'a MoySkladSync,
    pub picks: &'a Picks,
    pub fields: &'a Fields<'a>,
}

impl Tab {
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Options => "options",
            Tab::Shops => "shops",
            Tab::Warehouses => "warehouses",
            Tab::Statuses => "statuses",
            Tab::ExportStatuses => "export-statuses",
            Tab::ShipmentStatuses => "shipment-statuses",
            Tab::PaymentTypes => "payment-types",
            Tab::PaymentStatuses => "payment-statuses",
            Tab::BankAccounts => "bank-accounts",
            Tab::CustomFields => "custom-fields",
            Tab::Retail => "retail",
            Tab::Stock => "stock",
            Tab::OpenCart => "opencart",
            Tab::ShopScript => "shopscript",
            Tab::WooCommerce => "woocommerce",
            Tab::General => "general",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Options => "Options",
            Tab::Shops => "Shops",
            Tab::Warehouses => "Warehouses",
            Tab::Statuses => "Statuses",
            Tab::ExportStatuses => "Export statuses",
            Tab::ShipmentStatuses => "Shipment statuses",
            Tab::PaymentTypes => "Payment types",
            Tab::PaymentStatuses => "Payment statuses",
            Tab::BankAccounts => "Bank accounts",
            Tab::CustomFields => "Custom fields",
            Tab::Retail => "Retail",
            Tab::Stock => "Stock & prices",
            Tab::OpenCart => "OpenCart",
            Tab::ShopScript => "Shop-Script",
            Tab::WooCommerce => "WooCommerce",
            Tab::General => "General",
        }
    }

    pub fn parse(slug: &str) -> Option<Tab> {
        ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// Whether the tab edits the CRM ⇄ MoySklad sync (needs a MoySklad account).
    pub fn is_moysklad(self) -> bool {
        !matches!(
            self,
            Tab::General | Tab::OpenCart | Tab::ShopScript | Tab::WooCommerce
        )
    }

    /// The pick lists the tab shows.
    pub fn lists(self) -> &'static [List] {
        use List::*;
        match self {
            Tab::Options => &[CrmDeliveryTypes],
            Tab::Shops => &[CrmSites, MsOrganizations],
            Tab::Warehouses => &[CrmStores, MsStores],
            Tab::Statuses => &[CrmStatuses, MsStates],
            Tab::ExportStatuses | Tab::ShipmentStatuses | Tab::OpenCart => &[CrmStatuses],
            Tab::PaymentTypes => &[CrmPaymentTypes],
            Tab::PaymentStatuses => &[CrmPaymentStatuses],
            Tab::CustomFields => &[MsAttributes],
            Tab::Retail => &[
                MsOrganizations,
                CrmSites,
                CrmPaymentTypes,
                CrmPaymentStatuses,
            ],
            _ => &[],
        }
    }

    /// The tab's form body.
    pub fn render(self, view: &View<'_>) -> Markup {
        match self {
            Tab::Options => tab_options::options(view),
            Tab::Stock => tab_options::stock(view),
            Tab::General => tab_options::general(view),
            Tab::BankAccounts => tab_options::bank_accounts(view),
            Tab::OpenCart => tab_peers::opencart(view),
            Tab::ShopScript => tab_peers::shopscript(view),
            Tab::WooCommerce => tab_peers::woocommerce(view),
            _ => tab_maps::render(self, view),
        }
    }

    /// Reads a posted form into `settings`; returns what could not be read.
    pub fn read(self, posted: &Posted, settings: &mut TenantSettings) -> Vec<String> {
        match self {
            Tab::General => return tab_options::read_general(posted, settings),
            Tab::OpenCart => return tab_peers::read_opencart(posted, settings),
            Tab::ShopScript => return tab_peers::read_shopscript(posted, settings),
            Tab::WooCommerce => return tab_peers::read_woocommerce(posted, settings),
            _ => {}
        }
        let Some(ms) = settings.moysklad.as_mut() else {
            return vec!["this tenant has no MoySklad account (set it through the API)".into()];
        };
        let sync = ms.sync.get_or_insert_with(MoySkladSync::default);
        match self {
            Tab::Options => tab_options::read_options(posted, sync),
            Tab::Stock => tab_options::read_stock(posted, sync),
            Tab::BankAccounts => tab_options::read_bank_accounts(posted, sync),
            _ => tab_maps::read(self, posted, sync),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_has_its_own_slug_and_reads_back() {
        for tab in ALL {
            assert_eq!(Tab::parse(tab.slug()), Some(tab));
        }
        let slugs: std::collections::BTreeSet<_> = ALL.iter().map(|t| t.slug()).collect();
        assert_eq!(slugs.len(), ALL.len());
    }

    #[test]
    fn a_shop_tab_of_a_tenant_without_that_shop_saves_nothing() {
        let id = crate::model::TenantId::parse("t1").unwrap();
        let mut settings = TenantSettings::new(id, crate::secret::Secret::new("s"));
        let before = settings.clone();
        let posted: Posted = vec![("welcome_email".into(), "on".into())];
        for tab in [Tab::OpenCart, Tab::ShopScript, Tab::WooCommerce] {
            assert!(!tab.is_moysklad());
            let problems = tab.read(&posted, &mut settings);
            assert_eq!(problems.len(), 1, "{tab:?}");
        }
        assert_eq!(settings, before);
    }
}
