//! One customer as the customer pages, the list API and the exports show it
//! (CM-1, CM-4): the same columns whichever system the customer lives in,
//! with the records linked to it in the other systems.

use crate::model::System;
use serde::Serialize;

/// A customer of one system, flattened for listing and export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CustomerRow {
    /// The customer's id in its own system (`"7"`, `"c-1042"`).
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// As the system stores it (search compares it normalised).
    pub phone: String,
    /// The group's id in its system (`""`: none).
    pub group_id: String,
    /// The group's name (`""`: none, or a group that no longer exists).
    pub group: String,
    pub newsletter: bool,
    /// The account is active.
    pub active: bool,
    /// Read-only: the address the customer registered from (OpenCart).
    pub ip: String,
    /// As the system writes it (`"2024-01-02 09:00:00"`).
    pub date_added: String,
    /// The records linked to this one in the other systems.
    pub linked: Vec<LinkedRecord>,
}

/// A record of another system linked to a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedRecord {
    /// Named as in the API's `system` parameter (`retailcrm`).
    #[serde(serialize_with = "system_name")]
    pub system: System,
    pub id: String,
}

impl CustomerRow {
    /// "First Last", without stray spaces when one part is empty.
    pub fn full_name(&self) -> String {
        match (self.first_name.trim(), self.last_name.trim()) {
            ("", last) => last.to_owned(),
            (first, "") => first.to_owned(),
            (first, last) => format!("{first} {last}"),
        }
    }
}

fn system_name<S: serde::Serializer>(system: &System, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(system.as_str())
}
