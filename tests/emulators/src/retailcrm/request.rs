//! One parsed API request and the CRM's error answers.
//!
//! Error texts: `Wrong "apiKey" value.`, `"apiKey" is missing.`,
//! `Errors in the entity format`, `Parameter 'x' is missing`,
//! `Errors in the input parameters`, `Not found`, `API method not found` are
//! the CRM's own (seen in its official PHP and Go clients and their tests).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// An error answer: `{"success":false,"errorMsg":..,"errors":..}`.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: u16,
    pub msg: String,
    pub errors: Option<Value>,
}

impl ApiError {
    pub fn new(status: u16, msg: impl Into<String>) -> Self {
        ApiError {
            status,
            msg: msg.into(),
            errors: None,
        }
    }

    pub fn with(mut self, field: &str, message: impl Into<String>) -> Self {
        let errors = self.errors.get_or_insert_with(|| json!({}));
        errors[field] = Value::String(message.into());
        self
    }

    pub fn not_found() -> Self {
        ApiError::new(404, "Not found")
    }

    pub fn entity_format(field: &str, message: impl Into<String>) -> Self {
        ApiError::new(400, "Errors in the entity format").with(field, message)
    }

    pub fn input(field: &str, message: impl Into<String>) -> Self {
        ApiError::new(400, "Errors in the input parameters").with(field, message)
    }

    pub fn missing(param: &str) -> Self {
        ApiError::new(400, format!("Parameter '{param}' is missing"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"success": false, "errorMsg": self.msg});
        if let Some(errors) = self.errors {
            body["errors"] = errors;
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(body)).into_response()
    }
}

pub(crate) type Answer = Result<Value, ApiError>;

/// How `{x}` in a path is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    Id,
    ExternalId,
}

/// The parts of a request the handlers read. POST parameters come from the
/// form body; GET parameters from the query string.
#[derive(Debug, Clone)]
pub(crate) struct Req {
    pub params: Vec<(String, String)>,
}

impl Req {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated parameter (`filter[ids][]=1&filter[ids][]=2`).
    pub fn params_all(&self, name: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A JSON-encoded entity field that must hold an object.
    pub fn entity(&self, name: &str) -> Result<Map<String, Value>, ApiError> {
        let raw = self.param(name).ok_or_else(|| ApiError::missing(name))?;
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(m)) => Ok(m),
            Ok(_) => Err(ApiError::entity_format(
                name,
                "This value should be an object.",
            )),
            Err(_) => Err(ApiError::entity_format(
                name,
                "This value is not valid JSON.",
            )),
        }
    }

    /// `by`: absent means externalId, as on the real CRM.
    pub fn by(&self) -> Result<By, ApiError> {
        match self.param("by") {
            None | Some("externalId") => Ok(By::ExternalId),
            Some("id") => Ok(By::Id),
            Some(other) => Err(ApiError::input(
                "by",
                format!("Value \"{other}\" is not valid. Use id or externalId."),
            )),
        }
    }

    /// `limit` (20, 50, 100 or 250; default 20) and `page` (from 1).
    pub fn page_limit(&self) -> Result<(usize, usize), ApiError> {
        let limit = match self.param("limit") {
            None => 20,
            Some(raw) => match raw.parse::<usize>() {
                Ok(l @ (20 | 50 | 100 | 250)) => l,
                _ => {
                    return Err(ApiError::input(
                        "limit",
                        "The value you selected is not a valid choice.",
                    ));
                }
            },
        };
        let page = match self.param("page").map(str::parse::<usize>) {
            None => 1,
            Some(Ok(p)) if p >= 1 => p,
            _ => return Err(ApiError::input("page", "This value should be 1 or more.")),
        };
        Ok((page, limit))
    }
}

/// One page of `records` under `key`, with the CRM's `pagination` object.
pub(crate) fn paginate(req: &Req, key: &str, records: Vec<Value>) -> Answer {
    let (page, limit) = req.page_limit()?;
    let total = records.len();
    let pages = total.div_ceil(limit).max(1);
    let slice: Vec<Value> = records
        .into_iter()
        .skip((page - 1) * limit)
        .take(limit)
        .collect();
    let mut body = json!({
        "success": true,
        "pagination": {"limit": limit, "totalCount": total, "currentPage": page, "totalPageCount": pages},
    });
    body[key] = Value::Array(slice);
    Ok(body)
}

/// Percent-decodes one path segment.
pub(crate) fn decode_segment(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a record's numeric `id` is the one a path or filter names.
pub(crate) fn same_id(id: &Value, asked: &str) -> bool {
    id.as_i64().is_some_and(|n| asked.parse() == Ok(n))
}
