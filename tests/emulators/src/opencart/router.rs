//! The one URL (`index.php?route=extension/synclane/api&op=…`): faults,
//! the checks every request passes in the extension's order (disabled,
//! repeated parameter, timestamp, signature, op, method, JSON body), the
//! dispatch to the ops, and the request log.

use super::auth::Request;
use super::error::ApiError;
use super::input::In;
use super::state::{ApiCall, Effect, State};
use super::{customers, ledger, orders};
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(crate) type SharedState = Arc<Mutex<State>>;

pub(crate) fn router(state: SharedState) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(state)
}

async fn handle(
    Shared(state): Shared<SharedState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (response, delay) = {
        let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
        serve(&mut st, &method, &uri, &headers, &body)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    response
}

fn serve(
    st: &mut State,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> (Response, Option<Duration>) {
    let req = Request::parse(method.as_str(), uri.query().unwrap_or(""), headers, body);
    if !matches!(uri.path(), "/" | "/index.php") || req.route != "extension/synclane/api" {
        // OpenCart's own "page not found" (a shop without the extension).
        return (page(404, "The page you requested cannot be found!"), None);
    }
    let op = req.param("op").unwrap_or_default().to_owned();
    let fault = take_fault(&mut st.faults, &op);
    let (status, answer, delay) = match fault {
        Some(Effect::Status(500)) => {
            let e = ApiError::new(500, "internal_error", "the shop failed; see its error log");
            (500, Some(e.body()), None)
        }
        // Maintenance mode, a proxy: a page from in front of the extension.
        Some(Effect::Status(status)) => (status, None, None),
        Some(Effect::LoseAnswer(after)) => {
            let (status, v) = api(st, &req);
            (status, Some(v), Some(after))
        }
        None => {
            let (status, v) = api(st, &req);
            (status, Some(v), None)
        }
    };
    st.log.push(ApiCall {
        method: req.method.clone(),
        op,
        params: req.query.clone(),
        body: serde_json::from_slice(body).unwrap_or(Value::Null),
        status,
        code: answer
            .as_ref()
            .and_then(|a| a["error"]["code"].as_str())
            .map(str::to_owned),
    });
    let response = match answer {
        Some(v) => json_response(status, &v),
        None => page(status, "Service unavailable"),
    };
    (response, delay)
}

fn api(st: &mut State, req: &Request) -> (u16, Value) {
    match dispatch(st, req) {
        Ok(answer) => answer,
        Err(e) => (e.status, e.body()),
    }
}

const GET_OPS: [&str; 6] = [
    "ping",
    "order.get",
    "customer.get",
    "customer.list",
    "customer_group.list",
    "transaction.list",
];
const POST_OPS: [&str; 5] = [
    "order.update",
    "customer.create",
    "customer.update",
    "customer.delete",
    "transaction.add",
];

fn dispatch(st: &mut State, req: &Request) -> Result<(u16, Value), ApiError> {
    if !st.enabled {
        return Err(ApiError::new(
            403,
            "disabled",
            "the Synclane extension is disabled or not configured",
        ));
    }
    req.authenticate(&st.secret, st.now())?;
    let op = req.param("op").unwrap_or_default();
    let takes = if GET_OPS.contains(&op) {
        "GET"
    } else if POST_OPS.contains(&op) {
        "POST"
    } else {
        let message = format!("unknown op \"{op}\"");
        return Err(ApiError::new(400, "unknown_op", message));
    };
    if req.method != takes {
        let message = format!("{op} takes {takes}");
        return Err(ApiError::new(405, "method_not_allowed", message));
    }
    let query = In::query(&req.query);
    if takes == "GET" {
        return match op {
            "ping" => {
                query.allow_only(&["op"])?;
                Ok((
                    200,
                    json!({"status": "ok", "extension_version": "1.0.0",
                    "opencart_version": st.flavour.version()}),
                ))
            }
            "order.get" => orders::get(st, &query),
            "customer.get" => customers::get(st, &query),
            "customer.list" => customers::list(st, &query),
            "customer_group.list" => ledger::groups(st, &query),
            _ => ledger::list(st, &query),
        };
    }
    let body = json_body(&req.body)?;
    match op {
        "order.update" => orders::update(st, &query, &body),
        "customer.create" => customers::create(st, &query, &body),
        "customer.update" => customers::update(st, &query, &body),
        "customer.delete" => customers::delete(st, &query, &body),
        _ => ledger::add(st, &query, &body),
    }
}

/// A POST body: a JSON object; an empty body counts as `{}`.
fn json_body(raw: &[u8]) -> Result<In, ApiError> {
    let text = String::from_utf8_lossy(raw);
    if text.trim().is_empty() {
        return Ok(In::new(Default::default()));
    }
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) if text.trim_start().starts_with('{') => Ok(In::new(map)),
        _ => Err(ApiError::new(
            400,
            "malformed_json",
            "the body must be a JSON object",
        )),
    }
}

fn take_fault(faults: &mut [super::state::Fault], op: &str) -> Option<Effect> {
    let fault = faults
        .iter_mut()
        .find(|f| f.remaining > 0 && f.op.as_deref().is_none_or(|o| o == op))?;
    fault.remaining -= 1;
    Some(fault.effect)
}

fn json_response(status: u16, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

fn page(status: u16, text: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let html = format!("<!DOCTYPE html><html><body><h1>{text}</h1></body></html>");
    let mut response = (status, html).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
