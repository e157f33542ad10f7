//! MS-B10: the MoySklad id of each linked CRM order, customer and corporate
//! customer shows in a CRM custom field, so managers can see and filter by it.
//!
//! The field is a string field (`inFilter`, `inList`) of the CRM entity the
//! record belongs to; the value is written only when the record does not
//! show that id already, so a redelivered event writes nothing.

use super::MOYSKLAD_ID_FIELD;
use crate::model::EntityKind;
use serde_json::Value;
use std::collections::BTreeMap;

/// The CRM's custom-field entity (`/custom-fields/{entity}/create`) of a
/// linked record kind; `None` for kinds that have no CRM record of their own.
pub fn field_entity(kind: EntityKind) -> Option<&'static str> {
    match kind {
        EntityKind::Order => Some("order"),
        EntityKind::Customer => Some("customer"),
        EntityKind::CorporateCustomer => Some("customer_corporate"),
        _ => None,
    }
}

/// One MS-B10 write: the field definition's entity and the values to edit in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowId {
    pub entity: &'static str,
    pub custom_fields: BTreeMap<String, String>,
}

/// What makes the CRM record of `kind`, whose custom fields are `shown`,
/// show MoySklad id `ms_id`; `None` when it shows it already (or the kind
/// has no field).
pub fn show_moysklad_id(
    kind: EntityKind,
    shown: &BTreeMap<String, Value>,
    ms_id: &str,
) -> Option<ShowId> {
    let entity = field_entity(kind)?;
    if ms_id.is_empty() || shown.get(MOYSKLAD_ID_FIELD).and_then(Value::as_str) == Some(ms_id) {
        return None;
    }
    Some(ShowId {
        entity,
        custom_fields: [(MOYSKLAD_ID_FIELD.to_owned(), ms_id.to_owned())].into(),
    })
}
