//! Routes of the emulated JSON API 1.2, below `/api/remap/1.2`.

use super::entities::{self, Outcome, parse_body};
use super::listing::{self, render};
use super::schema;
use super::state::{Shared, error, not_found};
use super::{current, limits, report, webhooks};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

type S = State<Arc<Shared>>;
type Q = Query<HashMap<String, String>>;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .route("/entity/{kind}", get(list).post(create))
        .route(
            "/entity/{kind}/{id}",
            get(get_one).put(update).delete(delete),
        )
        .route(
            "/entity/{kind}/{id}/{coll}",
            get(nested_list).post(nested_create),
        )
        .route("/entity/{kind}/{id}/{coll}/{nid}", get(nested_get))
        .route(
            "/entity/customentity/{dict}/{element}",
            get(super::retail::dictionary_element),
        )
        .route(
            "/entity/customentity/{dict}",
            get(super::dictionaries::list).post(super::dictionaries::create),
        )
        .route("/report/stock/all", get(stock))
        .route("/report/stock/all/current", get(stock_current))
        .route("/report/stock/bystore/current", get(stock_bystore_current))
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            limits::enforce,
        ))
        .with_state(shared);
    Router::new().nest("/api/remap/1.2", api)
}

fn known(kind: &str) -> Result<(), Response> {
    if schema::ENTITIES.contains(&kind) {
        Ok(())
    } else {
        Err(error(
            StatusCode::NOT_FOUND,
            1005,
            &format!("Неизвестный тип: {kind}"),
            None,
        ))
    }
}

fn answer(r: Result<Value, Response>) -> Response {
    r.map(|v| axum::Json(v).into_response())
        .unwrap_or_else(|e| e)
}

/// The DisableByPrefix values of a write: one prefix per header.
fn disabled(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("X-Lognex-WebHook-DisableByPrefix")
        .iter()
        .filter_map(|v| v.to_str().ok().map(|s| s.trim().to_owned()))
        .collect()
}

/// Answers a write and fires its webhooks unless silenced.
fn written(shared: &Arc<Shared>, headers: &HeaderMap, outcome: Outcome) -> Response {
    match outcome {
        Ok((body, changes)) => {
            webhooks::dispatch(shared, changes, disabled(headers));
            if body.is_null() {
                StatusCode::OK.into_response()
            } else {
                axum::Json(body).into_response()
            }
        }
        Err(e) => e,
    }
}

async fn list(State(s): S, Path(kind): Path<String>, Query(q): Q) -> Response {
    if kind == "assortment" {
        return answer(super::assortment::list(&s, &q));
    }
    answer(known(&kind).and_then(|_| listing::list(&s, &kind, &q)))
}

async fn get_one(State(s): S, Path((kind, id)): Path<(String, String)>, Query(q): Q) -> Response {
    if let Err(e) = known(&kind) {
        return e;
    }
    if id == "metadata" {
        return answer(Ok(metadata(&s, &kind)));
    }
    answer(listing::get(&s, &kind, &id, &q))
}

/// `entity/{kind}/metadata`: states and custom attributes.
fn metadata(s: &Shared, kind: &str) -> Value {
    let db = s.db.lock().unwrap();
    let all = |t: &str| {
        db.tables
            .get(t)
            .map(|t| t.rows().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    };
    let states: Vec<Value> = all("states")
        .into_iter()
        .filter(|st| st["entityType"] == kind)
        .collect();
    let attributes = all(&format!("{kind}/metadata/attributes"));
    json!({"meta": s.meta(&format!("{kind}/metadata"), "embeddedentity"), "states": states, "attributes": attributes})
}

async fn create(
    State(s): S,
    Path(kind): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let outcome = known(&kind)
        .and_then(|_| parse_body(&headers, &body))
        .and_then(|b| entities::create(&s, &kind, b));
    written(&s, &headers, outcome)
}

async fn update(
    State(s): S,
    Path((kind, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let outcome = known(&kind)
        .and_then(|_| parse_body(&headers, &body))
        .and_then(|b| entities::update(&s, &kind, &id, b));
    written(&s, &headers, outcome)
}

async fn delete(
    State(s): S,
    Path((kind, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let outcome = known(&kind).and_then(|_| entities::delete(&s, &kind, &id));
    written(&s, &headers, outcome)
}

fn nested_table(
    s: &Shared,
    kind: &str,
    id: &str,
    coll: &str,
) -> Result<(String, &'static str), Response> {
    known(kind)?;
    let ty = schema::nested_type(kind, coll).ok_or_else(|| {
        error(
            StatusCode::NOT_FOUND,
            1002,
            &format!("Неопознанный путь: {coll}"),
            None,
        )
    })?;
    if s.db.lock().unwrap().find(kind, id).is_none() {
        return Err(not_found(kind, id));
    }
    Ok((format!("{kind}/{id}/{coll}"), ty))
}

async fn nested_list(
    State(s): S,
    Path((kind, id, coll)): Path<(String, String, String)>,
    Query(q): Q,
) -> Response {
    if id == "metadata" && coll == "attributes" {
        return answer(attributes(&s, &kind, &q));
    }
    answer((|| {
        let (table, ty) = nested_table(&s, &kind, &id, &coll)?;
        let (limit, offset) = super::paging::page_params(&q)?;
        let db = s.db.lock().unwrap();
        let expand = super::retail::effective_expand(&q, limit);
        let rows = db
            .tables
            .get(&table)
            .map(|t| t.rows().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|mut r| {
                super::retail::expand_refs(&s, &db, &mut r, expand);
                r
            })
            .collect();
        drop(db);
        Ok(super::paging::page(
            &format!("{}/entity/{table}", s.base()),
            ty,
            rows,
            limit,
            offset,
            &q,
        ))
    })())
}

/// `entity/{kind}/metadata/attributes`: the custom attributes of `kind`, a list.
fn attributes(s: &Shared, kind: &str, q: &HashMap<String, String>) -> Result<Value, Response> {
    known(kind)?;
    let (limit, offset) = super::paging::page_params(q)?;
    let table = format!("{kind}/metadata/attributes");
    let rows =
        s.db.lock()
            .unwrap()
            .tables
            .get(&table)
            .map(|t| t.rows().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
    Ok(super::paging::page(
        &format!("{}/entity/{table}", s.base()),
        "attributemetadata",
        rows,
        limit,
        offset,
        q,
    ))
}

/// Adds rows to a nested collection: one object or an array in, an array out.
async fn nested_create(
    State(s): S,
    Path((kind, id, coll)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer((|| {
        let (table, ty) = nested_table(&s, &kind, &id, &coll)?;
        let items = match parse_body(&headers, &body)? {
            Value::Array(items) => items,
            one => vec![one],
        };
        let mut db = s.db.lock().unwrap();
        let created = items
            .into_iter()
            .map(|i| entities::insert(&s, &mut db, &kind, &table, ty, i))
            .collect::<Result<Vec<_>, _>>()?;
        // A new position changes the document's sum.
        let mut parent = db.find(&kind, &id).cloned().unwrap_or_default();
        if let Some(o) = parent.as_object_mut() {
            entities::store_nested(&s, &mut db, &kind, &id, o)?;
            db.table(&kind).insert(id.clone(), parent);
        }
        Ok(Value::Array(created))
    })())
}

async fn nested_get(
    State(s): S,
    Path((kind, id, coll, nid)): Path<(String, String, String, String)>,
) -> Response {
    answer((|| {
        let (table, ty) = nested_table(&s, &kind, &id, &coll)?;
        let db = s.db.lock().unwrap();
        let row = db.find(&table, &nid).ok_or_else(|| not_found(ty, &nid))?;
        Ok(render(&s, &db, ty, row, ""))
    })())
}

async fn stock(State(s): S, Query(q): Q) -> Response {
    answer(report::stock_all(&s, &q))
}

async fn stock_current(State(s): S, Query(q): Q) -> Response {
    answer(current::current(&s, &q, false))
}

async fn stock_bystore_current(State(s): S, Query(q): Q) -> Response {
    answer(current::current(&s, &q, true))
}
