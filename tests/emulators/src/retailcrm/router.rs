//! Request handling shared by every method: fault injection, the API key,
//! body format, routing, logging.

use super::history::{self, Actor};
use super::request::{Answer, ApiError, Req, decode_segment};
use super::state::{LoggedRequest, State};
use super::{
    corporate, corporate_edit, custom_fields, customers, dictionaries, inventories, orders, packs,
    payments, products, reference, tasks,
};
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, Mutex};

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
    let (response, delay) = answer(&state, method, uri, headers, body);
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    response
}

/// The answer, and how long to hold it back (see `limits::SlowAnswer`).
fn answer(
    state: &SharedState,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (Response, Option<std::time::Duration>) {
    let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
    let path = uri
        .path()
        .strip_prefix("/api/v5")
        .unwrap_or(uri.path())
        .to_owned();
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default();
    let form: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let mut logged = LoggedRequest {
        method: method.to_string(),
        path: path.clone(),
        params: if method == Method::GET {
            query.clone()
        } else {
            form.clone()
        },
        status: 0,
    };
    logged.params.retain(|(k, _)| k != "apiKey");

    let fault = super::limits::take_fault(&mut st.faults, &path, &logged.params);
    let throttled = fault.is_none()
        && st
            .rate_limit
            .as_mut()
            .is_some_and(|limit| !limit.admit(std::time::Instant::now()));
    let response = match (fault, throttled) {
        (Some((status, retry_after)), _) => {
            let mut r = ApiError::new(status, "Service temporarily unavailable").into_response();
            if let Some(secs) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            r
        }
        (None, true) => ApiError::new(503, "Service temporarily unavailable").into_response(),
        (None, false) => match process(&mut st, &method, &path, &headers, query, form) {
            Ok(mut body) => {
                super::php::encode(&mut body);
                // The CRM answers its create methods with 201 Created.
                let status = if path.ends_with("/create") {
                    StatusCode::CREATED
                } else {
                    StatusCode::OK
                };
                (status, axum::Json(body)).into_response()
            }
            Err(e) => e.into_response(),
        },
    };
    logged.status = response.status().as_u16();
    st.log.push(logged);
    let delay = super::limits::take_delay(&mut st.slow_answers, &path);
    (response, delay)
}

fn process(
    st: &mut State,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    query: Vec<(String, String)>,
    form: Vec<(String, String)>,
) -> Answer {
    let key = headers
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let key = key.or_else(|| {
        query
            .iter()
            .find(|(k, _)| k == "apiKey")
            .map(|(_, v)| v.clone())
    });
    match key {
        None => return Err(ApiError::new(403, "\"apiKey\" is missing.")),
        Some(k) if k != st.api_key => return Err(ApiError::new(403, "Wrong \"apiKey\" value.")),
        Some(_) => {}
    }
    st.actor = Actor::Api(st.api_key.clone());
    let params = if *method == Method::POST {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !content_type.is_empty()
            && !content_type.starts_with("application/x-www-form-urlencoded")
        {
            return Err(ApiError::entity_format(
                "body",
                "The body must be application/x-www-form-urlencoded.",
            ));
        }
        form.into_iter().chain(query).collect()
    } else {
        query
    };
    let req = Req { params };
    let Some(rest) = path.strip_prefix('/') else {
        return Err(not_found());
    };
    let segs: Vec<String> = rest.split('/').map(decode_segment).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    route(st, method.as_str(), &segs, &req)
}

fn route(st: &mut State, method: &str, segs: &[&str], req: &Req) -> Answer {
    match (method, segs) {
        (
            "GET",
            [
                feed @ ("orders" | "customers" | "customers-corporate"),
                "history",
            ],
        ) => {
            let key = st.api_key.clone();
            history::list(st, req, feed, &key)
        }
        ("GET", ["custom-fields"]) => custom_fields::list(st, req),
        ("GET", ["custom-fields", "dictionaries", code]) => dictionaries::dictionary(st, code),
        ("GET", ["custom-fields", entity, code]) => dictionaries::field(st, entity, code),
        ("GET", ["users", id]) => tasks::user(st, id),
        ("POST", ["tasks", "create"]) => tasks::create(st, req),
        ("GET", ["tasks"]) => tasks::list(st, req),
        ("GET", ["tasks", id]) => tasks::get(st, id),
        ("GET", ["orders", "packs"]) => packs::list(st, req),
        ("POST", ["custom-fields", entity, "create"]) => custom_fields::create(st, req, entity),
        ("GET", ["customers"]) => customers::list(st, req),
        ("POST", ["customers", "create"]) => customers::create(st, req),
        ("GET", ["customers", id]) => customers::get(st, req, id),
        ("POST", ["customers", id, "edit"]) => customers::edit(st, req, id),
        ("GET", ["customers-corporate"]) => corporate::list(st, req),
        ("POST", ["customers-corporate", "create"]) => corporate::create(st, req),
        ("GET", ["customers-corporate", id]) => corporate::get(st, req, id),
        (
            "GET",
            [
                "customers-corporate",
                id,
                part @ ("addresses" | "companies" | "contacts"),
            ],
        ) => corporate::parts(st, req, id, part),
        (
            "POST",
            [
                "customers-corporate",
                id,
                part @ ("addresses" | "companies" | "contacts"),
                "create",
            ],
        ) => corporate::add_part(st, req, id, part),
        ("POST", ["customers-corporate", id, "edit"]) => corporate_edit::edit(st, req, id),
        ("POST", ["customers-corporate", id, "addresses", address, "edit"]) => {
            corporate_edit::edit_address(st, req, id, address)
        }
        ("POST", ["orders", "payments", "create"]) => payments::create(st, req),
        ("POST", ["orders", "payments", id, "delete"]) => payments::delete(st, id),
        ("POST", ["orders", "payments", id, "edit"]) => payments::edit(st, req, id),
        ("GET", ["reference", "delivery-types"]) => payments::delivery_types(st),
        ("GET", ["reference", book]) => {
            reference::book(st, book).unwrap_or_else(|| Err(not_found()))
        }
        ("POST", ["store", "inventories", "upload"]) => inventories::upload(st, req),
        ("GET", ["store", "products"]) => products::list(st, req),
        ("GET", ["orders"]) => orders::list(st, req),
        ("POST", ["orders", "create"]) => orders::create(st, req),
        ("GET", ["orders", id]) => orders::get(st, req, id),
        ("POST", ["orders", id, "edit"]) => orders::edit(st, req, id),
        _ => Err(not_found()),
    }
}

fn not_found() -> ApiError {
    ApiError::new(404, "API method not found")
}
