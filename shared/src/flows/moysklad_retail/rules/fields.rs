//! MS-R4: the sale's custom attributes → CRM order fields.
//!
//! Only attributes mapped for retail count. Custom fields take the value as
//! it is (a dictionary value by its name). The standard fields: customer
//! comment (text), delivery date (a MoySklad moment `YYYY-MM-DD hh:mm:ss`
//! → the CRM's `YYYY-MM-DD`), delivery time (text → `delivery.time.custom`)
//! and delivery method: a dictionary whose element *code* must equal a CRM
//! delivery type code; otherwise nothing is passed and a journal note says why.

use super::input::{AttrValue, SaleAttribute};
use crate::connectors::retailcrm::OrderFields;
use crate::settings::RetailOptions;
use serde_json::Value;

/// The order fields and the journal notes for values that could not be passed.
pub fn order_fields(
    options: &RetailOptions,
    attributes: &[SaleAttribute],
    delivery_codes: &[String],
) -> (OrderFields, Vec<String>) {
    let mut fields = OrderFields::default();
    let mut notes = Vec::new();
    let is = |a: &SaleAttribute, o: &Option<String>| o.as_deref() == Some(a.id.as_str());
    for attr in attributes {
        if let Some(code) = options.custom_fields.get(&attr.id) {
            let value = match &attr.value {
                AttrValue::Scalar(v) => v.clone(),
                AttrValue::Dictionary { name, .. } => Value::String(name.clone()),
            };
            fields.custom_fields.insert(code.clone(), value);
        } else if is(attr, &options.customer_comment_attribute) {
            fields.customer_comment = text(&attr.value);
        } else if is(attr, &options.delivery_date_attribute) {
            fields.delivery.date = text(&attr.value)
                .map(|t| t.chars().take(10).collect::<String>())
                .filter(|d| is_date(d));
            if fields.delivery.date.is_none() {
                notes.push(format!(
                    "MS-R4: delivery date {:?} is not a date; not passed",
                    text(&attr.value).unwrap_or_default()
                ));
            }
        } else if is(attr, &options.delivery_time_attribute) {
            fields.delivery.time = text(&attr.value);
        } else if is(attr, &options.delivery_method_attribute) {
            match &attr.value {
                AttrValue::Dictionary {
                    code: Some(code), ..
                } if delivery_codes.iter().any(|c| c == code) => {
                    fields.delivery.code = Some(code.clone());
                }
                AttrValue::Dictionary { name, code } => notes.push(format!(
                    "MS-R4: delivery method {name:?} (code {:?}) matches no CRM delivery type code; not passed",
                    code.as_deref().unwrap_or("")
                )),
                AttrValue::Scalar(v) => notes.push(format!(
                    "MS-R4: delivery method {v} is not a dictionary value; not passed"
                )),
            }
        }
    }
    (fields, notes)
}

fn text(value: &AttrValue) -> Option<String> {
    let t = match value {
        AttrValue::Scalar(Value::String(s)) => s.clone(),
        AttrValue::Scalar(Value::Null) => return None,
        AttrValue::Scalar(v) => v.to_string(),
        AttrValue::Dictionary { name, .. } => name.clone(),
    };
    let t = t.trim().to_owned();
    (!t.is_empty()).then_some(t)
}

/// `YYYY-MM-DD`.
fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}
