//! A queued body as the admin API shows it: any value under a key that
//! names a credential is replaced by `"***"`, at any depth. Peers' payloads
//! are free-form, so this goes by key names, not by a schema.

use super::redact::REDACTED;
use serde_json::Value;

/// Key fragments (lower case) that mark a credential.
const SECRET_KEYS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "token",
    "api_key",
    "apikey",
    "auth",
    "signature",
    "consumer_key",
    "private_key",
    "credential",
];

/// `body` with every credential's value replaced by `REDACTED`.
pub(super) fn redact_body(body: Value) -> Value {
    match body {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let lower = key.to_ascii_lowercase();
                    if SECRET_KEYS.iter().any(|s| lower.contains(s)) && !value.is_null() {
                        (key, Value::String(REDACTED.into()))
                    } else {
                        (key, redact_body(value))
                    }
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact_body).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::redact_body;
    use serde_json::json;

    #[test]
    fn credentials_are_redacted_at_any_depth_and_the_rest_kept() {
        let body = json!({
            "tenant": "acme",
            "payload": {
                "order": {"email": "a@b.c", "total": 10},
                "api_key": "k-123",
                "hooks": [{"Webhook_Secret": "s"}, {"accessToken": "t"}],
                "signature": null
            }
        });
        assert_eq!(
            redact_body(body),
            json!({
                "tenant": "acme",
                "payload": {
                    "order": {"email": "a@b.c", "total": 10},
                    "api_key": "***",
                    "hooks": [{"Webhook_Secret": "***"}, {"accessToken": "***"}],
                    "signature": null
                }
            })
        );
    }
}
