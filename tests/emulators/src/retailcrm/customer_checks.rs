//! Checks on the customer fields the customer pages write (CM-2), as the
//! CRM makes them: `emailMarketingUnsubscribedAt` is a `Y-m-d H:i:s` date
//! or `null` (which clears it: the customer is subscribed again).

use super::request::ApiError;
use serde_json::{Map, Value};

/// Refuses a malformed unsubscription date in `entity` (named `field`).
pub(crate) fn check(entity: &Map<String, Value>, field: &str) -> Result<(), ApiError> {
    match entity.get("emailMarketingUnsubscribedAt") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if is_datetime(s) => Ok(()),
        Some(_) => Err(ApiError::entity_format(
            &format!("{field}.emailMarketingUnsubscribedAt"),
            "This value is not a valid datetime.",
        )),
    }
}

/// `2024-01-02 09:00:00`.
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_and_null_pass_other_shapes_do_not() {
        let ok = |v: Value| check(v.as_object().unwrap(), "customer").is_ok();
        assert!(ok(
            json!({"emailMarketingUnsubscribedAt": "2026-01-02 09:00:00"})
        ));
        assert!(ok(json!({"emailMarketingUnsubscribedAt": null})));
        assert!(!ok(json!({"emailMarketingUnsubscribedAt": "yesterday"})));
        assert!(!ok(json!({"emailMarketingUnsubscribedAt": true})));
    }
}
