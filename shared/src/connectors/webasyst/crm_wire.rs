//! The CRM's JSON (`crm.funnel.list`, `crm.deal.list`, `crm.deal.info`,
//! `crm.contact.list`), the fields Synclane reads. Datetimes come as UTC
//! ISO 8601 with microseconds (`2026-01-02T03:04:05.000000Z`), so they
//! compare as text.

use super::lenient;
use serde::Deserialize;

/// A funnel and its stages, in their order.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct Funnel {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::list")]
    pub stages: Vec<Stage>,
}

impl Funnel {
    pub fn stage(&self, id: i64) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }
}

/// One stage; `number` orders the stages of a funnel.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
pub struct Stage {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub number: Option<i64>,
}

/// A deal's status: open, or closed won or lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}

/// A deal as the list and `crm.deal.info` show it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Deal {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default)]
    pub name: String,
    #[serde(deserialize_with = "lenient::int")]
    pub funnel_id: i64,
    #[serde(deserialize_with = "lenient::int")]
    pub stage_id: i64,
    pub status_id: DealStatus,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub update_datetime: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub description: Option<String>,
    /// `crm.deal.info`'s client; the list gives `contact` instead.
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub contact_id: Option<i64>,
    #[serde(default)]
    pub contact: Option<ContactRef>,
    /// `shop:<order id>` when the CRM's own Shop-Script link holds it.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub external_id: Option<String>,
    /// The deal's last history entry (the list, with `fields[]=last_action`).
    #[serde(default)]
    pub last_action: Option<LastAction>,
}

impl Deal {
    /// The client's contact id, whichever method answered.
    pub fn client(&self) -> Option<i64> {
        self.contact_id.or(self.contact.as_ref().map(|c| c.id))
    }

    /// The key `crm.deal.list?sort=last_action` orders by: the last
    /// history entry's time, else `update_datetime`.
    pub fn activity(&self) -> Option<&str> {
        self.last_action
            .as_ref()
            .and_then(|a| a.create_datetime.as_deref())
            .or(self.update_datetime.as_deref())
    }
}

/// A contact named inside another record.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ContactRef {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    #[serde(default)]
    pub name: String,
}

/// When a deal's last history entry was written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LastAction {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub create_datetime: Option<String>,
}

/// `crm.deal.list` and `crm.contact.list`: `{params: {total_count..}, data: [..]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Page<T> {
    #[serde(default)]
    pub params: PageParams,
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
}

/// The paging half of a list answer.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct PageParams {
    #[serde(default, deserialize_with = "lenient::opt_int")]
    pub total_count: Option<i64>,
}
