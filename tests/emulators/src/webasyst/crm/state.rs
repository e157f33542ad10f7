//! The emulated CRM: funnels and their stages, contacts, deals (with the
//! time of their last history entry, which `sort=last_action` orders by),
//! the currencies it knows, and the CRM's own Shop-Script link as far as
//! it shows through the API (a deal whose `external_id` is `shop:<id>`,
//! and the stages whose mapped order action shows a form: moving such a
//! deal there is a 409 with `dialog_html`).

use super::super::api::{Fault, LoggedCall, crm_time};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use time::OffsetDateTime;

#[derive(Debug, Clone)]
pub(crate) struct Stage {
    pub id: i64,
    pub name: String,
    pub number: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Funnel {
    pub id: i64,
    pub name: String,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone)]
pub(crate) struct Contact {
    pub id: i64,
    pub name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Deal {
    pub id: i64,
    pub name: String,
    pub funnel_id: i64,
    pub stage_id: i64,
    /// `OPEN`, `WON` or `LOST`.
    pub status: String,
    pub contact_id: i64,
    pub description: String,
    pub amount: Option<f64>,
    pub currency_id: Option<String>,
    pub created: OffsetDateTime,
    pub updated: OffsetDateTime,
    /// The last history entry's time (every move, close and edit writes one).
    pub last_log: OffsetDateTime,
    pub external_id: Option<String>,
}

impl Deal {
    /// The deal as the list (`list`) or `crm.deal.info` shows it.
    pub fn json(&self, contact: Option<&Contact>, list: bool, last_action: bool) -> Value {
        let mut v = json!({
            "id": self.id, "name": self.name, "funnel_id": self.funnel_id, "stage_id": self.stage_id,
            "status_id": self.status, "create_datetime": crm_time(self.created),
            "update_datetime": crm_time(self.updated), "amount": self.amount,
            "currency_id": self.currency_id, "external_id": self.external_id,
        });
        if list {
            v["contact"] = json!(contact.map(|c| json!({ "id": c.id, "name": c.name })));
            if last_action {
                v["last_action"] =
                    json!({ "id": self.id * 1000, "create_datetime": crm_time(self.last_log) });
            }
        } else {
            v["contact_id"] = json!(self.contact_id);
            v["description"] = json!(self.description);
            v["user_contact_id"] = json!(1);
        }
        v
    }
}

#[derive(Default)]
pub(crate) struct State {
    pub token: String,
    pub funnels: Vec<Funnel>,
    pub contacts: Vec<Contact>,
    pub deals: Vec<Deal>,
    pub currencies: Vec<String>,
    /// The CRM's own Shop-Script mapping: stage id (or `WON`/`LOST`) → an
    /// order action whose form the CRM must show first.
    pub native_forms: BTreeMap<String, String>,
    pub next_id: i64,
    pub last_time: Option<OffsetDateTime>,
    pub calls: Vec<LoggedCall>,
    pub fault: Fault,
}

impl State {
    pub fn next(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Now, strictly after every time handed out before.
    pub fn now(&mut self) -> OffsetDateTime {
        let mut now = OffsetDateTime::now_utc();
        if let Some(last) = self.last_time
            && now <= last
        {
            now = last + time::Duration::microseconds(1);
        }
        self.last_time = Some(now);
        now
    }

    pub fn stage(&self, id: i64) -> Option<(&Funnel, &Stage)> {
        self.funnels
            .iter()
            .find_map(|f| f.stages.iter().find(|s| s.id == id).map(|s| (f, s)))
    }

    pub fn deal_mut(&mut self, id: i64) -> Option<&mut Deal> {
        self.deals.iter_mut().find(|d| d.id == id)
    }

    pub fn contact(&self, id: i64) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    /// A manager's or the API's move of deal `id` to `stage` (a new
    /// history entry); reopens nothing.
    pub fn move_to(&mut self, id: i64, stage: i64) -> bool {
        let Some(funnel) = self.stage(stage).map(|(f, _)| f.id) else {
            return false;
        };
        let now = self.now();
        let Some(deal) = self.deal_mut(id) else {
            return false;
        };
        deal.funnel_id = funnel;
        deal.stage_id = stage;
        deal.updated = now;
        deal.last_log = now;
        true
    }

    /// Closes deal `id` as `WON` or `LOST`.
    pub fn close(&mut self, id: i64, status: &str) -> bool {
        let now = self.now();
        let Some(deal) = self.deal_mut(id) else {
            return false;
        };
        deal.status = status.to_owned();
        deal.updated = now;
        deal.last_log = now;
        true
    }
}
