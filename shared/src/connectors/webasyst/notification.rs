//! Shop-Script's "HTTP request" notifications (Settings → Notifications,
//! transport `http`), read in `shopNotifications::sendHttp`: on each order
//! action the shop POSTs the rule's "POST parameters" (lines `name=value`,
//! values Smarty templates over `order`, `customer`, `status`,
//! `action_data`; a bare `{$order}` sends the whole array) as JSON
//! (format `json`, the default) or as a form (`raw`: `http_build_query`,
//! arrays as `order[id]`), with the rule's "HTTP headers" (lines
//! `name=value`). The request is not signed and not retried; a failure is
//! only logged by the shop.
//!
//! What Synclane needs is the order id (`order_id`, `id`, `order.id`);
//! the action and its history entry id (`action_id`, `log_id`, or inside
//! `action_data`) make the delivery's identity when present.

use crate::error::{Error, Result};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// One delivered notification.
#[derive(Debug, Clone, PartialEq)]
pub struct Notification {
    pub order_id: i64,
    pub action_id: Option<String>,
    /// `shop_order_log.id` of the action: one per action ever taken.
    pub log_id: Option<i64>,
    /// The body as JSON (a form's pairs become an object of strings).
    pub body: Value,
}

impl Notification {
    /// Reads a body sent as JSON or as a form (`content_type` decides;
    /// without one, JSON is tried first).
    pub fn parse(raw: &[u8], content_type: Option<&str>) -> Result<Notification> {
        let form = content_type.is_some_and(|t| t.contains("x-www-form-urlencoded"));
        let body = match (form, serde_json::from_slice::<Value>(raw)) {
            (false, Ok(Value::Object(map))) => Value::Object(map),
            _ => form_object(raw)?,
        };
        let order_id = first_int(
            &body,
            &[&["order_id"], &["id"], &["order", "id"], &["order[id]"]],
        )
        .ok_or_else(|| Error::Invalid("the notification names no order (order_id)".into()))?;
        let log_id = first_int(
            &body,
            &[&["log_id"], &["action_data", "id"], &["action_data[id]"]],
        );
        let action_id = first_text(
            &body,
            &[
                &["action_id"],
                &["action_data", "action_id"],
                &["action_data[action_id]"],
            ],
        );
        Ok(Notification {
            order_id,
            action_id,
            log_id,
            body,
        })
    }

    /// Identical for every delivery of one action: its history entry id,
    /// else the body's digest (a body resent as it was).
    pub fn dedupe_key(&self, tenant: &str) -> String {
        match self.log_id {
            Some(log) => format!("shopscript:{tenant}:order:{}:log:{log}", self.order_id),
            None => {
                let digest = Sha256::digest(self.body.to_string().as_bytes());
                format!(
                    "shopscript:{tenant}:order:{}:body:{}",
                    self.order_id,
                    &hex::encode(digest)[..24]
                )
            }
        }
    }
}

fn form_object(raw: &[u8]) -> Result<Value> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(raw)
        .map_err(|e| Error::Invalid(format!("the notification is neither JSON nor a form: {e}")))?;
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k, Value::String(v));
    }
    Ok(Value::Object(map))
}

fn at<'a>(body: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(body, |v, key| v.get(key))
}

fn first_int(body: &Value, paths: &[&[&str]]) -> Option<i64> {
    paths
        .iter()
        .find_map(|p| match at(body, p)? {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .filter(|id| *id > 0)
}

fn first_text(body: &Value, paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|p| match at(body, p)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_form_bodies_name_the_order_and_action() {
        let n = Notification::parse(
            br#"{"order_id":"12","action_id":"pay","log_id":"77"}"#,
            Some("application/json"),
        )
        .unwrap();
        assert_eq!(
            (n.order_id, n.action_id.as_deref(), n.log_id),
            (12, Some("pay"), Some(77))
        );
        assert_eq!(n.dedupe_key("t"), "shopscript:t:order:12:log:77");
        let whole = Notification::parse(
            br#"{"order":{"id":"12","state_id":"paid"},"action_data":{"id":78,"action_id":"ship"}}"#,
            None,
        )
        .unwrap();
        assert_eq!((whole.order_id, whole.log_id), (12, Some(78)));
        assert_eq!(whole.action_id.as_deref(), Some("ship"));
        let form = Notification::parse(
            b"order%5Bid%5D=13&action_data%5Baction_id%5D=process",
            Some("application/x-www-form-urlencoded"),
        )
        .unwrap();
        assert_eq!((form.order_id, form.log_id), (13, None));
        assert_eq!(form.action_id.as_deref(), Some("process"));
        let again = Notification::parse(
            b"order%5Bid%5D=13&action_data%5Baction_id%5D=process",
            Some("application/x-www-form-urlencoded"),
        )
        .unwrap();
        assert_eq!(
            form.dedupe_key("t"),
            again.dedupe_key("t"),
            "a resent body is the same delivery"
        );
        assert!(Notification::parse(br#"{"state":"paid"}"#, None).is_err());
    }
}
