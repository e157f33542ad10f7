//! The system a customer list is read from, behind one face: a page of the
//! list, the groups, and the pages of an export (CM-1, CM-4).
//!
//! | system | groups | search |
//! |---|---|---|
//! | OpenCart | customer groups, and "no group" | the extension's (text), here (phone) |
//! | RetailCRM | none: every customer is in "no group" | the CRM's quick search (`filter[name]`) |
//! | WooCommerce | the `customer` and `subscriber` roles | here, over the role's accounts |

use super::filter::CustomerFilter;
use super::opencart::{ExportPage, Groups, ListPage};
use super::{opencart, retailcrm, woocommerce};
use crate::connectors::opencart::OpenCart;
use crate::connectors::retailcrm::RetailCrm;
use crate::connectors::woocommerce::WooCommerce;
use crate::error::{Error, Result};
use crate::model::System;
use crate::peers::Peers;
use crate::settings::TenantSettings;

/// The systems whose customers can be listed and exported.
pub const LISTED_SYSTEMS: [System; 3] = [System::OpenCart, System::RetailCrm, System::WooCommerce];

/// A client of the system a list is read from.
pub enum CustomerSource {
    OpenCart(OpenCart),
    RetailCrm(RetailCrm),
    WooCommerce(WooCommerce),
}

impl CustomerSource {
    /// What the tenant lacks to list `system`'s customers (`"OpenCart shop"`),
    /// if anything.
    pub fn missing(tenant: &TenantSettings, system: System) -> Option<&'static str> {
        match system {
            System::OpenCart => tenant.opencart.is_none().then_some("OpenCart shop"),
            System::RetailCrm => tenant.retailcrm.is_none().then_some("RetailCRM"),
            System::WooCommerce => tenant.woocommerce.is_none().then_some("WooCommerce shop"),
            _ => None,
        }
    }

    /// The tenant's client for `system` (check `missing` first); `Invalid`
    /// for a system whose customers are not listed here.
    pub fn of(peers: &Peers, tenant: &TenantSettings, system: System) -> Result<Self> {
        match system {
            System::OpenCart => Ok(CustomerSource::OpenCart(peers.opencart_of(tenant)?)),
            System::RetailCrm => Ok(CustomerSource::RetailCrm(peers.crm_of(tenant)?)),
            System::WooCommerce => Ok(CustomerSource::WooCommerce(peers.woocommerce_of(tenant)?)),
            other => Err(Error::Invalid(format!(
                "{} customers are not listed here",
                other.as_str()
            ))),
        }
    }

    pub fn system(&self) -> System {
        match self {
            CustomerSource::OpenCart(_) => System::OpenCart,
            CustomerSource::RetailCrm(_) => System::RetailCrm,
            CustomerSource::WooCommerce(_) => System::WooCommerce,
        }
    }

    /// Refuses a filter the system cannot apply, before any request.
    pub fn check(&self, filter: &CustomerFilter) -> Result<()> {
        match self {
            CustomerSource::OpenCart(_) => Ok(()),
            CustomerSource::RetailCrm(_) => retailcrm::check(filter),
            CustomerSource::WooCommerce(_) => woocommerce::check(filter),
        }
    }

    /// Page `page` (from 1) of the customers `filter` keeps, `per_page` (1 to 200) a page.
    pub async fn list(
        &self,
        filter: &CustomerFilter,
        page: u32,
        per_page: u32,
    ) -> Result<ListPage> {
        match self {
            CustomerSource::OpenCart(shop) => opencart::list(shop, filter, page, per_page).await,
            CustomerSource::RetailCrm(crm) => retailcrm::list(crm, filter, page, per_page).await,
            CustomerSource::WooCommerce(shop) => {
                woocommerce::list(shop, filter, page, per_page).await
            }
        }
    }

    /// The groups with their counts.
    pub async fn groups(&self) -> Result<Groups> {
        match self {
            CustomerSource::OpenCart(shop) => opencart::groups(shop).await,
            CustomerSource::RetailCrm(crm) => retailcrm::groups(crm).await,
            CustomerSource::WooCommerce(shop) => woocommerce::groups(shop).await,
        }
    }

    /// Page `page` of an export (see `ExportPage`).
    pub async fn export_page(&self, filter: &CustomerFilter, page: u32) -> Result<ExportPage> {
        match self {
            CustomerSource::OpenCart(shop) => opencart::export_page(shop, filter, page).await,
            CustomerSource::RetailCrm(crm) => retailcrm::export_page(crm, filter, page).await,
            CustomerSource::WooCommerce(shop) => woocommerce::export_page(shop, filter, page).await,
        }
    }
}
