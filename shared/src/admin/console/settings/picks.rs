//! The settings pages' pick lists, read from the peers' own reference data
//! through the connectors: the CRM's shops, warehouses, order statuses,
//! payment types, payment statuses and delivery types; MoySklad's legal entities,
//! warehouses, order states and order attributes. A page reads only the
//! lists its tab shows (each read spends the merchant's rate budget), and
//! a list that cannot be read becomes a text field with the reason beside
//! it: the merchant can still type the code.

use crate::connectors::retailcrm::CrmBook;
use crate::peers::Peers;
use crate::settings::TenantSettings;
use std::collections::BTreeMap;

/// One choice: the value saved and what the merchant reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pick {
    pub value: String,
    pub label: String,
}

/// A list as read, or why it could not be.
#[derive(Debug, Clone)]
pub(super) enum Choice {
    Loaded(Vec<Pick>),
    Failed(String),
}

impl Choice {
    /// The choices (none when the list failed).
    pub fn picks(&self) -> &[Pick] {
        match self {
            Choice::Loaded(picks) => picks,
            Choice::Failed(_) => &[],
        }
    }
}

/// The lists a tab can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum List {
    CrmSites,
    CrmStores,
    CrmStatuses,
    CrmPaymentTypes,
    CrmPaymentStatuses,
    CrmDeliveryTypes,
    MsOrganizations,
    MsStores,
    MsStates,
    MsAttributes,
}

/// The lists read for one page.
#[derive(Debug, Default)]
pub(super) struct Picks(BTreeMap<List, Choice>);

impl Picks {
    /// Reads `lists` for `tenant` (read-only calls).
    pub async fn load(peers: &Peers, tenant: &TenantSettings, lists: &[List]) -> Picks {
        let mut out = BTreeMap::new();
        for &list in lists {
            let choice = match read(peers, tenant, list).await {
                Ok(mut picks) => {
                    picks.sort_by(|a, b| a.label.cmp(&b.label));
                    Choice::Loaded(picks)
                }
                Err(e) => Choice::Failed(e.to_string()),
            };
            out.insert(list, choice);
        }
        Picks(out)
    }

    /// A list read for this page (a failed one if it was not asked for).
    pub fn get(&self, list: List) -> Choice {
        self.0
            .get(&list)
            .cloned()
            .unwrap_or_else(|| Choice::Failed("not read for this page".into()))
    }
}

async fn read(peers: &Peers, tenant: &TenantSettings, list: List) -> crate::Result<Vec<Pick>> {
    let crm_book = match list {
        List::CrmSites => Some(CrmBook::Sites),
        List::CrmStores => Some(CrmBook::Stores),
        List::CrmStatuses => Some(CrmBook::Statuses),
        List::CrmPaymentTypes => Some(CrmBook::PaymentTypes),
        List::CrmPaymentStatuses => Some(CrmBook::PaymentStatuses),
        List::CrmDeliveryTypes => Some(CrmBook::DeliveryTypes),
        _ => None,
    };
    if let Some(book) = crm_book {
        let crm = peers.crm_of(tenant)?;
        let rows = crm.reference_book(book).await?;
        return Ok(rows
            .into_iter()
            .map(|r| Pick {
                label: labelled(&r.name, &r.code),
                value: r.code,
            })
            .collect());
    }
    let ms = peers.moysklad_of(tenant)?;
    let named = |id: Option<String>, name: Option<String>| {
        id.map(|id| Pick {
            label: labelled(name.as_deref().unwrap_or_default(), &id),
            value: id,
        })
    };
    Ok(match list {
        List::MsOrganizations => ms
            .organizations()
            .await?
            .into_iter()
            .filter_map(|o| named(o.id, o.name))
            .collect(),
        List::MsStores => ms
            .stores()
            .await?
            .into_iter()
            .filter_map(|s| named(s.id, s.name))
            .collect(),
        List::MsStates => ms
            .customer_order_states()
            .await?
            .into_iter()
            .filter_map(|s| named(s.id, s.name))
            .collect(),
        _ => ms
            .customer_order_metadata()
            .await?
            .attributes
            .into_iter()
            .filter_map(|a| {
                let id = a["id"].as_str()?.to_owned();
                named(Some(id), a["name"].as_str().map(str::to_owned))
            })
            .collect(),
    })
}

/// What a list the peers do not give (MoySklad sales channels and
/// services: the connector has no read for them) becomes: a text field.
pub(super) fn typed(what: &str) -> Choice {
    Choice::Failed(format!("type the MoySklad {what} id"))
}

/// `Name (code)`, or the code alone when the entry has no name.
fn labelled(name: &str, code: &str) -> String {
    if name.is_empty() || name == code {
        code.to_owned()
    } else {
        format!("{name} ({code})")
    }
}
