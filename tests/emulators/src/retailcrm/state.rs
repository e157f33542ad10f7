//! The emulator's account: records (kept as the API's JSON), id sequences,
//! the request log and the fault plan.

use super::history::Actor;
use super::request::{ApiError, By, Req};
use serde_json::Value;

/// One request as the emulator saw it (never the API key).
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub method: String,
    /// The path after `/api/v5`, e.g. `/customers/create`.
    pub path: String,
    /// Query (GET) or form (POST) parameters.
    pub params: Vec<(String, String)>,
    pub status: u16,
}

/// Which offers (by xmlId) and warehouses (by code) the account has.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    pub xml_ids: std::collections::HashSet<String>,
    /// Every xmlId with this prefix exists too (large generated catalogues).
    pub prefix: Option<String>,
    /// Known warehouse codes; empty = any.
    pub stores: Vec<String>,
    /// Offers by their externalId (a shop's product id) → their xmlId.
    pub offers_by_external_id: std::collections::HashMap<String, String>,
    /// Products listed by `/store/products` (`products::add_product`).
    pub products: Vec<Value>,
    /// The last offer id given.
    pub next_offer: i64,
}

impl Catalog {
    pub fn knows(&self, xml_id: &str) -> bool {
        self.xml_ids.contains(xml_id)
            || self
                .prefix
                .as_deref()
                .is_some_and(|p| xml_id.starts_with(p))
    }
}

pub(crate) struct State {
    pub api_key: String,
    pub sites: Vec<String>,
    /// Private customers.
    pub customers: Vec<Value>,
    /// Corporate customers, with `customerContacts`, `companies`, `addresses`.
    pub corporates: Vec<Value>,
    pub orders: Vec<Value>,
    /// Codes of the account's delivery types (`/reference/delivery-types`).
    pub delivery_types: Vec<String>,
    pub log: Vec<LoggedRequest>,
    pub faults: Vec<super::limits::Fault>,
    /// Answers held back after the request was applied.
    pub slow_answers: Vec<super::limits::SlowAnswer>,
    /// The CRM's per-key rate limit, when a test turns it on.
    pub rate_limit: Option<super::limits::RateLimit>,
    /// History entries per feed (`orders`, `customers`, `customers-corporate`).
    pub history: std::collections::HashMap<String, Vec<Value>>,
    pub next_history: i64,
    /// Who the current write is by (history `source` / `apiKey.current`).
    pub actor: Actor,
    /// Custom field definitions (`/custom-fields`).
    pub custom_fields: Vec<Value>,
    /// The offer catalogue that stock uploads are checked against.
    pub catalog: Catalog,
    /// (xmlId, store code) → what uploads wrote.
    pub inventories: std::collections::HashMap<(String, String), super::inventories::Inventory>,
    /// The account's users (managers), tasks set for them, and order packs.
    pub users: Vec<Value>,
    pub tasks: Vec<Value>,
    pub packs: Vec<Value>,
    /// Custom dictionaries: code → elements `{code, name, ordering}`.
    pub dictionaries: std::collections::HashMap<String, Vec<Value>>,
    /// Item status codes that cancel an item (`isCanceled`).
    pub cancel_item_statuses: Vec<String>,
    /// Reference books other than sites (`/reference/*`).
    pub books: super::reference::Books,
    // Private and corporate customers share one id sequence, as in the CRM.
    next_customer: i64,
    next_order: i64,
    next_part: i64,
}

impl State {
    pub fn new(api_key: &str, sites: &[&str]) -> Self {
        State {
            api_key: api_key.to_owned(),
            sites: sites.iter().map(|s| s.to_string()).collect(),
            customers: Vec::new(),
            corporates: Vec::new(),
            orders: Vec::new(),
            delivery_types: Vec::new(),
            log: Vec::new(),
            faults: Vec::new(),
            slow_answers: Vec::new(),
            rate_limit: None,
            history: Default::default(),
            next_history: 0,
            actor: Actor::User,
            custom_fields: Vec::new(),
            catalog: Catalog::default(),
            inventories: Default::default(),
            users: Vec::new(),
            tasks: Vec::new(),
            packs: Vec::new(),
            dictionaries: Default::default(),
            cancel_item_statuses: Vec::new(),
            books: Default::default(),
            next_customer: 0,
            next_order: 0,
            next_part: 0,
        }
    }

    pub fn customer_id(&mut self) -> i64 {
        self.next_customer += 1;
        self.next_customer
    }

    pub fn order_id(&mut self) -> i64 {
        self.next_order += 1;
        self.next_order
    }

    /// Ids of contacts, companies and addresses.
    pub fn part_id(&mut self) -> i64 {
        self.next_part += 1;
        self.next_part
    }

    /// The site a new record goes to: the `site` parameter, which must be one
    /// of the account's; optional only when the account has a single site.
    pub fn site_for_create(&self, req: &Req) -> Result<String, ApiError> {
        match req.param("site") {
            Some(s) if self.sites.iter().any(|k| k == s) => Ok(s.to_owned()),
            Some(s) => Err(ApiError::input(
                "site",
                format!("Site with code \"{s}\" does not exist."),
            )),
            None if self.sites.len() == 1 => Ok(self.sites[0].clone()),
            None => Err(ApiError::missing("site")),
        }
    }

    /// A `site` filter on reads must name a known site too.
    pub fn check_site(&self, req: &Req) -> Result<(), ApiError> {
        match req.param("site") {
            Some(s) if !self.sites.iter().any(|k| k == s) => Err(ApiError::input(
                "site",
                format!("Site with code \"{s}\" does not exist."),
            )),
            _ => Ok(()),
        }
    }
}

/// The index of the record that `{key}` names under `by` (externalIds are
/// unique per site, so a given `site` narrows the search).
pub(crate) fn find(records: &[Value], by: By, key: &str, site: Option<&str>) -> Option<usize> {
    records.iter().position(|r| match by {
        By::Id => r["id"].as_i64().is_some_and(|id| id.to_string() == key),
        By::ExternalId => {
            r["externalId"].as_str() == Some(key)
                && site.is_none_or(|s| r["site"].as_str() == Some(s))
        }
    })
}

/// The record a reference object (`{"id":..}` or `{"externalId":..}`) points at.
pub(crate) fn resolve(records: &[Value], reference: &Value, site: Option<&str>) -> Option<usize> {
    if let Some(id) = reference["id"].as_i64() {
        return find(records, By::Id, &id.to_string(), None);
    }
    find(
        records,
        By::ExternalId,
        reference["externalId"].as_str()?,
        site,
    )
}

/// Whether an externalId is already taken in this site.
pub(crate) fn external_id_taken(
    records: &[Value],
    entity: &serde_json::Map<String, Value>,
    site: &str,
) -> bool {
    let Some(ext) = entity.get("externalId").and_then(Value::as_str) else {
        return false;
    };
    find(records, By::ExternalId, ext, Some(site)).is_some()
}
