//! Change history: `GET /{orders,customers,customers-corporate}/history`.
//!
//! The feed is read by advancing `filter[sinceId]` (with `page` it is a 400);
//! a page holds at most 100 entries, oldest first. Each entry names its record
//! (`order`, or `customer` for both customer feeds), the `field` that changed,
//! `created` / `deleted` flags, `source` (api, user, rule, ...) and, for API
//! writes, `apiKey.current`: true when the key asking is the key that wrote,
//! i.e. the change is our own echo. A `status` entry's `newValue` is the
//! status as `{code}`; a payment entry names its `payment`. One order's own
//! history is read with `filter[orderId]` (`order_statuses`).

use super::client::RetailCrm;
use crate::error::Result;
use crate::model::EntityKind;
use serde::Deserialize;

/// The most entries one history page holds.
pub const HISTORY_PAGE: usize = 100;

/// One of the CRM's history feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryFeed {
    Orders,
    Customers,
    Corporates,
}

impl HistoryFeed {
    pub const ALL: [HistoryFeed; 3] = [
        HistoryFeed::Orders,
        HistoryFeed::Customers,
        HistoryFeed::Corporates,
    ];

    /// The API path below `/api/v5`.
    pub fn path(self) -> &'static str {
        match self {
            HistoryFeed::Orders => "orders/history",
            HistoryFeed::Customers => "customers/history",
            HistoryFeed::Corporates => "customers-corporate/history",
        }
    }

    /// The kind of record the feed is about.
    pub fn entity(self) -> EntityKind {
        match self {
            HistoryFeed::Orders => EntityKind::Order,
            HistoryFeed::Customers => EntityKind::Customer,
            HistoryFeed::Corporates => EntityKind::CorporateCustomer,
        }
    }
}

/// One history entry (the fields Synclane reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub id: i64,
    /// The CRM id of the record the entry is about.
    pub record_id: Option<i64>,
    pub field: Option<String>,
    pub created: bool,
    pub deleted: bool,
    pub source: Option<String>,
    /// Written through the API key that reads the feed: our own change.
    pub ours: bool,
    /// On a `status` entry, the status it set (`newValue.code`; MS-M6/M7
    /// look at every status an order passed through).
    pub status: Option<String>,
    /// On a payment entry, the payment it is about (MS-M11: the last
    /// changed payment decides the bank account).
    pub payment_id: Option<i64>,
}

#[derive(Deserialize)]
struct WireEntry {
    id: i64,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    created: Option<bool>,
    #[serde(default)]
    deleted: Option<bool>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default, rename = "apiKey")]
    api_key: Option<WireApiKey>,
    #[serde(default)]
    order: Option<WireRecord>,
    #[serde(default)]
    customer: Option<WireRecord>,
    #[serde(default, rename = "newValue")]
    new_value: Option<serde_json::Value>,
    #[serde(default)]
    payment: Option<WireRecord>,
}

#[derive(Deserialize)]
struct WireApiKey {
    #[serde(default)]
    current: bool,
}

#[derive(Deserialize)]
struct WireRecord {
    #[serde(default)]
    id: Option<i64>,
}

#[derive(Deserialize)]
pub(super) struct HistoryAnswer {
    #[serde(default)]
    history: Vec<WireEntry>,
}

impl RetailCrm {
    /// The next page of `feed` after history id `since_id` (oldest first, at
    /// most `HISTORY_PAGE` entries); `None` reads from the beginning.
    pub async fn history_since(
        &self,
        feed: HistoryFeed,
        since_id: Option<i64>,
    ) -> Result<Vec<HistoryEntry>> {
        let query = vec![
            ("filter[sinceId]".into(), since_id.unwrap_or(0).to_string()),
            ("limit".into(), HISTORY_PAGE.to_string()),
        ];
        let answer: HistoryAnswer = self.get(feed.path(), query).await?;
        Ok(answer.history.into_iter().map(entry_from_wire).collect())
    }

    /// Every status order `order_id` has been in, oldest first, from its own
    /// history (`filter[orderId]`, paged by `sinceId`): MS-M6's "now or ever".
    pub async fn order_statuses(&self, order_id: i64) -> Result<Vec<String>> {
        let mut since = 0;
        let mut statuses = Vec::new();
        loop {
            let query = vec![
                ("filter[orderId]".into(), order_id.to_string()),
                ("filter[sinceId]".into(), since.to_string()),
                ("limit".into(), HISTORY_PAGE.to_string()),
            ];
            let answer: HistoryAnswer = self.get("orders/history", query).await?;
            let n = answer.history.len();
            for w in answer.history {
                since = since.max(w.id);
                statuses.extend(entry_from_wire(w).status);
            }
            if n < HISTORY_PAGE {
                return Ok(statuses);
            }
        }
    }
}

fn entry_from_wire(w: WireEntry) -> HistoryEntry {
    // A dictionary field's value is `{code: ..}`; older answers give the code itself.
    let code = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        other => other["code"].as_str().map(str::to_owned),
    };
    let status = match w.field.as_deref() {
        Some("status") => w.new_value.as_ref().and_then(code),
        _ => None,
    };
    HistoryEntry {
        id: w.id,
        record_id: w.order.or(w.customer).and_then(|r| r.id),
        status,
        payment_id: w.payment.and_then(|p| p.id),
        field: w.field,
        created: w.created.unwrap_or(false),
        deleted: w.deleted.unwrap_or(false),
        source: w.source,
        ours: w.api_key.is_some_and(|k| k.current),
    }
}
