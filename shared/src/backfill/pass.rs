//! The backfill's passes by name, for what treats them alike (the
//! conflicts listed and decided over all of them, the admin routes, the
//! console page): each pass's register, report snapshot and lease share one
//! name (`skeleton`), and its conflicts' link keys are those its run writes.

use super::checkpoint::{self, CURSOR, MOYSKLAD, ORDERS, crm_page_key, shop_page_key};
use super::progress::{PageReport, Progress};
use crate::error::Result;
use crate::model::{EntityKind, TenantId};
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// One backfill pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pass {
    /// CRM private customers ⇄ OpenCart customers (`run`).
    #[serde(rename = "customers")]
    Customers,
    /// CRM orders ⇄ OpenCart orders (`orders`).
    #[serde(rename = "orders")]
    Orders,
    /// MoySklad counterparties ⇄ CRM customers and corporate customers (`moysklad`).
    #[serde(rename = "moysklad")]
    MoySklad,
}

impl Pass {
    pub const ALL: [Pass; 3] = [Pass::Customers, Pass::Orders, Pass::MoySklad];

    pub fn as_str(self) -> &'static str {
        match self {
            Pass::Customers => "customers",
            Pass::Orders => "orders",
            Pass::MoySklad => "moysklad",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Pass::ALL.into_iter().find(|p| p.as_str() == raw)
    }

    /// Its register, report snapshot and lease.
    pub fn register(self) -> &'static str {
        match self {
            Pass::Customers => CURSOR,
            Pass::Orders => ORDERS,
            Pass::MoySklad => MOYSKLAD,
        }
    }

    /// The kind of record it links (a MoySklad conflict's corporate
    /// candidate is linked as `CorporateCustomer`: see `conflicts`).
    pub fn kind(self) -> EntityKind {
        match self {
            Pass::Orders => EntityKind::Order,
            Pass::Customers | Pass::MoySklad => EntityKind::Customer,
        }
    }

    /// The tenant's stored progress of this pass.
    pub async fn load(self, store: &Store, tenant: &TenantId) -> Result<Option<Progress>> {
        let cursors = store.cursors.as_ref();
        Ok(checkpoint::load_named(cursors, tenant, self.register())
            .await?
            .0)
    }

    /// Every report of `progress`'s run so far: the walked side's pages,
    /// then (customers) the unmatched shop records' pages.
    pub async fn reports(
        self,
        store: &Store,
        tenant: &TenantId,
        progress: &Progress,
    ) -> Result<Vec<PageReport>> {
        let keys: Vec<String> = (1..=progress.crm_pages_done)
            .map(crm_page_key)
            .chain((1..=progress.shop_report_pages).map(shop_page_key))
            .collect();
        checkpoint::reports_named(store.snapshots.as_ref(), tenant, self.register(), &keys).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_read_back_from_their_names_and_keep_their_registers() {
        for pass in Pass::ALL {
            assert_eq!(Pass::parse(pass.as_str()), Some(pass));
            let json = serde_json::to_string(&pass).unwrap();
            assert_eq!(json, format!("\"{}\"", pass.as_str()));
        }
        assert_eq!(Pass::parse("all"), None);
        assert_eq!(Pass::Customers.register(), "backfill:customers");
        assert_eq!(Pass::Orders.kind(), EntityKind::Order);
    }
}
