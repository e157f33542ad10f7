//! MS-M12: custom fields both ways between the CRM order and the MoySklad
//! customer order, by the merchant's list of pairs.
//!
//! - CRM → MoySklad: each pair's CRM value goes to its attribute, converted
//!   to the attribute's type. A dictionary value passes as the value (its
//!   name), not as the CRM code (the seed: "передаются непосредственно
//!   значения полей, а не их символьный код"); the MoySklad element of that
//!   name is used, or created when missing (`Wanted::Element`). An empty
//!   CRM value clears the attribute.
//! - MoySklad → CRM: pairs are read in order and several attributes may feed
//!   one CRM field: the last pair wins. A dictionary element comes back as
//!   the CRM dictionary's code of the same name. The manager's attribute
//!   (MS-C1) never comes back.

use crate::connectors::moysklad::{AttributeMeta, AttributeValue};
use crate::connectors::retailcrm::CrmDictionaryElement;
use crate::settings::FieldMapping;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A CRM field as the rules need it: its dictionary's elements, when it has one.
pub type CrmDictionaries = BTreeMap<String, Vec<CrmDictionaryElement>>;

/// What one MoySklad attribute should hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Wanted {
    /// A plain value (or `null`: cleared).
    Value { attribute: String, value: Value },
    /// The element named `name` of dictionary `dictionary`.
    Element {
        attribute: String,
        dictionary: String,
        name: String,
    },
}

/// CRM → MoySklad: what each mapped attribute should hold, and notes for
/// the journal (pairs naming an attribute the order does not have).
pub fn forward(
    pairs: &[FieldMapping],
    crm: &BTreeMap<String, Value>,
    dictionaries: &CrmDictionaries,
    metas: &[AttributeMeta],
) -> (Vec<Wanted>, Vec<String>) {
    let (mut wanted, mut notes) = (Vec::new(), Vec::new());
    for pair in pairs {
        let Some(meta) = metas.iter().find(|m| m.id == pair.moysklad) else {
            notes.push(format!(
                "MS-M12: MoySklad attribute {:?} is not a customer order attribute",
                pair.moysklad
            ));
            continue;
        };
        let raw = crm.get(&pair.crm).cloned().unwrap_or(Value::Null);
        // A CRM dictionary field holds a code: the value is the element's name.
        let shown = match (&raw, dictionaries.get(&pair.crm)) {
            (Value::String(code), Some(elements)) => elements
                .iter()
                .find(|e| e.code == *code)
                .map_or(raw.clone(), |e| json!(e.name)),
            _ => raw,
        };
        let attribute = meta.id.clone();
        match (meta.dictionary(), text(&shown)) {
            (Some(dictionary), Some(name)) => wanted.push(Wanted::Element {
                attribute,
                dictionary: dictionary.to_owned(),
                name,
            }),
            _ => wanted.push(Wanted::Value {
                attribute,
                value: to_moysklad(&meta.kind, &shown),
            }),
        }
    }
    (wanted, notes)
}

/// MoySklad → CRM: the CRM values the order's attribute `values` give,
/// last pair winning, never the manager's attribute.
pub fn reverse(
    pairs: &[FieldMapping],
    manager_attribute: Option<&str>,
    values: &[AttributeValue],
    dictionaries: &CrmDictionaries,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for pair in pairs
        .iter()
        .filter(|p| Some(p.moysklad.as_str()) != manager_attribute)
    {
        let found = values
            .iter()
            .find(|v| v.id.as_deref().unwrap_or_else(|| v.meta.id()) == pair.moysklad);
        let value = match found.map(|v| (&v.value, v.kind.as_deref())) {
            None | Some((Value::Null, _)) => Value::Null,
            Some((Value::Object(o), _)) => {
                let name = o.get("name").and_then(Value::as_str).unwrap_or_default();
                match dictionaries.get(&pair.crm) {
                    Some(elements) => elements
                        .iter()
                        .find(|e| e.name == name)
                        .map_or(Value::Null, |e| json!(e.code)),
                    None => json!(name),
                }
            }
            // A MoySklad moment `2024-05-01 00:00:00.000` is a CRM date `2024-05-01`.
            Some((Value::String(s), Some("time"))) => json!(s.get(..10).unwrap_or(s)),
            Some((other, _)) => other.clone(),
        };
        out.insert(pair.crm.clone(), value);
    }
    out
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A CRM value as an attribute of MoySklad type `kind` wants it.
fn to_moysklad(kind: &str, v: &Value) -> Value {
    let s = text(v).unwrap_or_default();
    if v.is_null() || (v.is_string() && s.is_empty()) {
        return Value::Null;
    }
    match kind {
        "long" => s.parse::<i64>().map_or(Value::Null, |n| json!(n)),
        "double" => s.parse::<f64>().map_or(Value::Null, |n| json!(n)),
        "boolean" => json!(matches!(v, Value::Bool(true)) || s == "true" || s == "1"),
        // A CRM date `2024-05-01` is a MoySklad moment.
        "time" if s.len() == 10 => json!(format!("{s} 00:00:00")),
        _ => match v {
            Value::Bool(b) => json!(b.to_string()),
            _ => json!(s),
        },
    }
}
