//! The extension's refusals: `{"error": {"code", "message", ...}}` with a
//! stable code and the status API.md §3 gives it.

use serde_json::{Value, json};

/// One refusal; nothing was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// `field` (and `customer_id` for `email_exists`).
    pub extra: Vec<(&'static str, String)>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            extra: Vec::new(),
        }
    }

    /// 422 `invalid_field`, naming the field by its path.
    pub fn invalid(field: &str, message: &str) -> Self {
        ApiError {
            extra: vec![("field", field.to_owned())],
            ..ApiError::new(422, "invalid_field", format!("{field}: {message}"))
        }
    }

    /// 404 `order_not_found` / `customer_not_found`.
    pub fn not_found(what: &'static str, id: i64) -> Self {
        let code = match what {
            "order" => "order_not_found",
            _ => "customer_not_found",
        };
        ApiError::new(404, code, format!("no {what} {id}"))
    }

    pub fn body(&self) -> Value {
        let mut error = json!({"code": self.code, "message": self.message});
        for (key, value) in &self.extra {
            error[*key] = Value::String(value.clone());
        }
        json!({ "error": error })
    }
}
