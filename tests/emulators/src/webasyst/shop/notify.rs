//! The shop's "HTTP request" notifications (`shopNotifications::sendHttp`):
//! on every order action, the rule's POST parameters are rendered (`{$…}`
//! Smarty expressions over `order`, `action_data`, `status`; a bare
//! `{$order}` or `{$action_data}` is the whole array) and sent as JSON or
//! as a form, with the rule's headers. Nothing is signed and nothing is
//! retried: a failed or lost request is gone. A sent one adds a history
//! entry without an action ("HTTP request … has been sent"), as the shop's
//! does. The fault plan loses notifications or sends each several times.

use super::state::{LogRow, Order, Rule, State};
use serde_json::{Map, Value, json};

/// One request to send.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub order_id: i64,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub content_type: &'static str,
}

/// The requests an action's notification makes, after the fault plan.
pub(crate) fn outgoing(st: &mut State, order: &Order, row: &LogRow) -> Vec<Outgoing> {
    let Some(rule) = st.rule.clone() else {
        return Vec::new();
    };
    if st.lose > 0 {
        st.lose -= 1;
        return Vec::new();
    }
    let data = json!({
        "order": order.json(false),
        "action_data": { "id": row.id, "order_id": row.order_id, "action_id": row.action_id,
                         "before_state_id": row.before, "after_state_id": row.after },
        "status": row.after,
    });
    let one = render(&rule, &data, order.id);
    (0..st.times.max(1)).map(|_| one.clone()).collect()
}

fn render(rule: &Rule, data: &Value, order_id: i64) -> Outgoing {
    let mut fields = Map::new();
    for (name, template) in &rule.post {
        fields.insert(name.clone(), value(template, data));
    }
    let (body, content_type) = if rule.json {
        (
            Value::Object(fields).to_string().into_bytes(),
            "application/json",
        )
    } else {
        let pairs: Vec<(String, String)> = fields
            .into_iter()
            .flat_map(|(k, v)| flatten(&k, &v))
            .collect();
        let form = serde_urlencoded::to_string(pairs).unwrap_or_default();
        (form.into_bytes(), "application/x-www-form-urlencoded")
    };
    let headers = rule
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                value(v, data).as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    Outgoing {
        order_id,
        url: rule.url.clone(),
        headers,
        body,
        content_type,
    }
}

/// A parameter's value: text as it is, `{$a.b}` looked up, `{$a}` whole.
fn value(template: &str, data: &Value) -> Value {
    let Some(expr) = template
        .trim()
        .strip_prefix("{$")
        .and_then(|t| t.strip_suffix('}'))
    else {
        return json!(template);
    };
    let found = expr.split('.').try_fold(data, |v, key| v.get(key));
    match found {
        Some(Value::String(s)) => json!(s),
        Some(Value::Number(n)) => json!(n.to_string()),
        Some(v @ (Value::Object(_) | Value::Array(_))) if !expr.contains('.') => v.clone(),
        Some(v) => json!(v.to_string()),
        None => json!(""),
    }
}

/// `http_build_query`'s `a[b]=c` form of nested arrays.
fn flatten(key: &str, v: &Value) -> Vec<(String, String)> {
    match v {
        Value::Object(m) => m
            .iter()
            .flat_map(|(k, x)| flatten(&format!("{key}[{k}]"), x))
            .collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .flat_map(|(i, x)| flatten(&format!("{key}[{i}]"), x))
            .collect(),
        Value::String(s) => vec![(key.to_owned(), s.clone())],
        Value::Null => vec![],
        other => vec![(key.to_owned(), other.to_string())],
    }
}

/// Sends `requests`; returns the orders whose notification got a 2xx.
pub(crate) async fn send(requests: Vec<Outgoing>) -> Vec<i64> {
    let http = reqwest::Client::new();
    let mut delivered = Vec::new();
    for r in requests {
        let mut request = http
            .post(&r.url)
            .header("content-type", r.content_type)
            .body(r.body);
        for (k, v) in &r.headers {
            request = request.header(k.as_str(), v.as_str());
        }
        if let Ok(answer) = request.send().await
            && answer.status().is_success()
        {
            delivered.push(r.order_id);
        }
    }
    delivered
}
