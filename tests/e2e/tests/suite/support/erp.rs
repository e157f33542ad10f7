//! ERP feed records for the tests, as the JSON feed writes them: a third
//! party with sensible fields, changed with `set`, and its contacts.

use serde_json::{Value, json};

pub const V1: &str = "2024-05-01T10:00:00Z";
pub const V2: &str = "2024-05-02T10:00:00Z";
pub const V3: &str = "2024-05-03T10:00:00+02:00";

/// An active third party (web mode "none") with its own e-mail
/// `{id}@erp.fr`, a billing address without country, and `contacts`.
pub fn party(id: &str, version: &str, contacts: Vec<Value>) -> Value {
    let lower = id.to_lowercase();
    json!({
        "tiers_id": id,
        "updated_at": version,
        "active": true,
        "web_mode": "none",
        "company": format!("Boulangerie {id}"),
        "last_name": "Martin",
        "first_name": "Éloïse",
        "email": format!("{lower}@erp.fr"),
        "phone": "01 02 03 04 05",
        "billing_address": {
            "line1": "12 rue de l'Église",
            "line2": "Bâtiment B",
            "postcode": "75004",
            "city": "Paris"
        },
        "contacts": contacts,
    })
}

/// A contact `{id}` of a third party; its e-mail as given.
pub fn contact(id: &str, email: Option<&str>, web: bool) -> Value {
    json!({
        "contact_id": id,
        "is_web_contact": web,
        "last_name": format!("Nom-{id}"),
        "first_name": format!("Prénom-{id}"),
        "email": email,
        "phone": format!("06 00 00 00 {}", id.len()),
    })
}

/// `record` with `field` set to `value`.
pub fn set(mut record: Value, field: &str, value: Value) -> Value {
    record[field] = value;
    record
}
