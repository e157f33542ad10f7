//! What both Webasyst apps share: the `/api.php/<app>.<method>` routing,
//! the token rules and the error answers, as the framework has them
//! (`waAPIController::dispatch/execute/checkToken`, `waAPIMethod`,
//! `waAPIException`): a missing token is 400 `token_required`, an unknown
//! one 401 `invalid_token` (with the token's `sha256`), a token whose scope
//! lacks the app 403 `access_denied`, an unknown method 404
//! `invalid_method`, a wrong HTTP verb 405 `invalid_request` (checked by
//! the method, after the token). Errors are `{"error", "error_description"}`.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// One API call as a method handler sees it.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub verb: Method,
    /// `shop.order.search`, `crm.deal.move`.
    pub method: String,
    /// Query parameters in order (`fields[]` may repeat).
    pub query: Vec<(String, String)>,
    /// A form body's fields.
    pub form: Vec<(String, String)>,
    /// A JSON body.
    pub json: Option<Value>,
}

impl Call {
    /// A query parameter, else a form field (PHP's `waRequest::request`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .chain(self.form.iter())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A form field only (`waRequest::post`).
    pub fn post(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated query parameter (`fields[]`).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// 405 unless the verb is `verb` (`waAPIMethod::getResponse`).
    pub fn expect(&self, verb: &str) -> Result<(), Answer> {
        if self.verb.as_str() == verb {
            return Ok(());
        }
        Err(Answer::error(
            405,
            "invalid_request",
            &format!("Method {} not allowed", self.verb),
        ))
    }

    /// `waAPIMethod::get/post($name, true)`: 400 when missing or empty.
    pub fn required<'a>(&'a self, value: Option<&'a str>, name: &str) -> Result<&'a str, Answer> {
        value.filter(|v| !v.is_empty() && *v != "0").ok_or_else(|| {
            Answer::error(
                400,
                "invalid_param",
                &format!("Required parameter is missing: “{name}”."),
            )
        })
    }
}

/// A method's answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub status: u16,
    /// `Value::Null` with 204: no body.
    pub body: Value,
}

impl Answer {
    pub fn ok(body: Value) -> Self {
        Answer { status: 200, body }
    }

    pub fn with(status: u16, body: Value) -> Self {
        Answer { status, body }
    }

    pub fn error(status: u16, code: &str, description: &str) -> Self {
        let mut body = json!({ "error": code });
        if !description.is_empty() {
            body["error_description"] = json!(description);
        }
        Answer { status, body }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        if self.status == 204 {
            return status.into_response();
        }
        let mut r = (status, self.body.to_string()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/json; charset=utf-8"),
        );
        r
    }
}

/// Splits a request into a `Call`, checking the token for `app` first.
pub(crate) fn call(
    app: &str,
    token: &str,
    verb: Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Call, Answer> {
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    let form_body = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("x-www-form-urlencoded"));
    let form: Vec<(String, String)> = if form_body {
        serde_urlencoded::from_bytes(body).unwrap_or_default()
    } else {
        Vec::new()
    };
    let json = if form_body {
        None
    } else {
        serde_json::from_slice(body).ok()
    };
    let presented = query
        .iter()
        .chain(form.iter())
        .find(|(k, _)| k == "access_token")
        .map(|(_, v)| v.clone())
        .or_else(|| {
            let auth = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
            let token = auth.trim();
            let token = token
                .strip_prefix("Bearer ")
                .or_else(|| token.strip_prefix("bearer "))
                .unwrap_or(token);
            Some(token.trim().to_owned())
        })
        .filter(|t| !t.is_empty());
    let Some(presented) = presented else {
        return Err(Answer::error(
            400,
            "token_required",
            "Access token is missing",
        ));
    };
    if presented != token {
        let mut answer = Answer::error(401, "invalid_token", "Invalid access token");
        answer.body["sha256"] = json!(hex::encode(Sha256::digest(presented.as_bytes())));
        return Err(answer);
    }
    let path = uri.path().trim_start_matches('/');
    let method = path
        .strip_prefix("api.php/")
        .map(|m| m.replace('/', "."))
        .unwrap_or_default();
    if !method.starts_with(&format!("{app}.")) {
        // The token's scope holds this app only.
        return Err(Answer::error(403, "access_denied", ""));
    }
    Ok(Call {
        verb,
        method,
        query: query
            .into_iter()
            .filter(|(k, _)| k != "access_token")
            .collect(),
        form: form
            .into_iter()
            .filter(|(k, _)| k != "access_token")
            .collect(),
        json,
    })
}

/// One request as an emulator logged it (never the token).
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedCall {
    pub verb: String,
    /// `shop.order.search`.
    pub method: String,
    pub query: Vec<(String, String)>,
    /// The JSON body, or the form as an object of strings.
    pub body: Option<Value>,
    pub status: u16,
}

impl LoggedCall {
    pub(crate) fn of(call: &Call, status: u16) -> Self {
        let body = call.json.clone().or_else(|| {
            (!call.form.is_empty()).then(|| {
                Value::Object(
                    call.form
                        .iter()
                        .map(|(k, v)| (k.clone(), json!(v)))
                        .collect::<Map<_, _>>(),
                )
            })
        });
        LoggedCall {
            verb: call.verb.to_string(),
            method: call.method.clone(),
            query: call.query.clone(),
            body,
            status,
        }
    }
}

/// The next `remaining` calls fail with `status`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fault {
    pub remaining: u32,
    pub status: u16,
}

impl Fault {
    /// The answer of a call the fault plan fails, if it does.
    pub fn take(&mut self) -> Option<Answer> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(Answer::error(self.status, "server_error", "Emulated fault"))
    }
}

/// `Y-m-d H:i:s`, the shop's own format (UTC here).
pub(crate) fn shop_time(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    t.format(&f).unwrap_or_default()
}

/// `Y-m-d\TH:i:s.u\Z`, the CRM API's datetimes (`formatDatetimeToISO8601`).
pub(crate) fn crm_time(t: time::OffsetDateTime) -> String {
    let f = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
    );
    t.to_offset(time::UtcOffset::UTC)
        .format(&f)
        .unwrap_or_default()
}
