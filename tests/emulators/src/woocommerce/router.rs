//! Request handling shared by every route: fault injection, authentication,
//! JSON bodies, routing, logging. The order is WordPress's: authentication
//! errors first, then the route, then argument checks, then permissions.

use super::auth::{self, Who};
use super::request::{Answer, ApiError, Query, Reply};
use super::state::{LoggedRequest, State};
use super::{batch, create, customers, users};
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
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
    let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
    let path = uri
        .path()
        .strip_prefix("/wp-json")
        .unwrap_or(uri.path())
        .to_owned();
    let query = Query(serde_urlencoded::from_str(uri.query().unwrap_or("")).unwrap_or_default());
    let json: Option<Value> = serde_json::from_slice(&body).ok();
    let mut logged = LoggedRequest {
        method: method.to_string(),
        path: path.clone(),
        query: query
            .0
            .iter()
            .filter(|(k, _)| k != "consumer_key" && k != "consumer_secret")
            .cloned()
            .collect(),
        body: json.clone().map(redact),
        query_auth: query.get("consumer_key").is_some(),
        status: 0,
    };
    let faulty = st
        .fault
        .as_mut()
        .filter(|f| f.remaining > 0 && f.path.as_deref().is_none_or(|p| path.starts_with(p)));
    let response = match faulty {
        Some(fault) => {
            fault.remaining -= 1;
            let (status, retry_after) = (fault.status, fault.retry_after);
            let mut r = ApiError::new(status, "emulated_fault", "Service temporarily unavailable")
                .into_response();
            if let Some(secs) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            r
        }
        None => match process(&mut st, &method, &path, &headers, &query, &body, json) {
            Ok(reply) => {
                let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
                let mut r = (status, axum::Json(reply.body)).into_response();
                for (name, value) in reply.headers {
                    if let Ok(v) = HeaderValue::from_str(&value) {
                        r.headers_mut().insert(name, v);
                    }
                }
                r
            }
            Err(e) => e.into_response(),
        },
    };
    logged.status = response.status().as_u16();
    st.log.push(logged);
    response
}

fn process(
    st: &mut State,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    query: &Query,
    raw: &[u8],
    json: Option<Value>,
) -> Answer {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let body = match json {
        Some(Value::Object(m)) => m,
        None if raw.iter().all(u8::is_ascii_whitespace) => Map::new(),
        _ => {
            return Err(ApiError::new(
                400,
                "rest_invalid_json",
                "Invalid JSON body passed.",
            ));
        }
    };
    let write = matches!(method.as_str(), "POST" | "PUT" | "PATCH");
    match segs.as_slice() {
        ["wc", "v3", "customers", rest @ ..] => {
            let who = auth::woo(st, method, headers, query)?;
            let denied = |code: &str, message: &str| Err(ApiError::new(401, code, message));
            match (method.as_str(), rest) {
                ("GET", []) => {
                    let reply = customers::list(st, query)?;
                    if who == Who::Anonymous {
                        return denied(
                            "woocommerce_rest_cannot_view",
                            "Sorry, you cannot list resources.",
                        );
                    }
                    Ok(reply)
                }
                ("POST", []) => {
                    create::create_args(st, &body)?;
                    if who == Who::Anonymous {
                        return denied(
                            "woocommerce_rest_cannot_create",
                            "Sorry, you are not allowed to create resources.",
                        );
                    }
                    let created = create::create(st, &body, true)?;
                    let location = format!("/wp-json/wc/v3/customers/{}", created["id"]);
                    Ok(Reply {
                        status: 201,
                        body: created,
                        headers: vec![("location", location)],
                    })
                }
                (_, ["batch"]) if write => {
                    if who == Who::Anonymous {
                        return denied(
                            "woocommerce_rest_cannot_batch",
                            "Sorry, you are not allowed to batch manipulate this resource.",
                        );
                    }
                    batch::run(st, &body)
                }
                (m, [id]) => {
                    let Ok(id) = id.parse::<i64>() else {
                        return Err(no_route());
                    };
                    // The permission callbacks look the user up first: 404 before 401.
                    if st.index(id).is_none()
                        && matches!(m, "GET" | "PUT" | "POST" | "PATCH" | "DELETE")
                    {
                        return Err(ApiError::new(404, "wc_user_invalid_id", "Invalid user ID."));
                    }
                    match m {
                        "GET" if who == Who::Anonymous => denied(
                            "woocommerce_rest_cannot_view",
                            "Sorry, you cannot view this resource.",
                        ),
                        "GET" => customers::get(st, id),
                        _ if write && who == Who::Anonymous => denied(
                            "woocommerce_rest_cannot_edit",
                            "Sorry, you are not allowed to edit this resource.",
                        ),
                        _ if write => Ok(Reply::json(customers::update(st, id, &body, true)?)),
                        "DELETE" if who == Who::Anonymous => denied(
                            "woocommerce_rest_cannot_delete",
                            "Sorry, you are not allowed to delete this resource.",
                        ),
                        "DELETE" => Ok(Reply::json(customers::delete(
                            st,
                            id,
                            query.flag("force"),
                            true,
                        )?)),
                        _ => Err(no_route()),
                    }
                }
                _ => Err(no_route()),
            }
        }
        ["wp", "v2", "users", id] if write => {
            let who = auth::wordpress(st, headers)?;
            let id = id.parse::<i64>().map_err(|_| no_route())?;
            users::update(st, who, id, &body)
        }
        _ => Err(no_route()),
    }
}

fn no_route() -> ApiError {
    ApiError::new(
        404,
        "rest_no_route",
        "No route was found matching the URL and request method.",
    )
}

/// Passwords never reach the log.
fn redact(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k == "password" {
                        *x = json!("***");
                    } else {
                        walk(x);
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}
