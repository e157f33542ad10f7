//! Entity writes under `entity/{type}` and nested collections
//! (`entity/{type}/{id}/{collection}`): validation as the real API does it
//! (1037 wrong Content-Type, 3000 missing field, 413 arrays over 1000),
//! `syncId` idempotent creation, kopeck sums.

use super::listing::render;
use super::schema;
use super::state::{Db, Shared, error, not_found};
use super::webhooks::{self, Change};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
pub(crate) type Outcome = Result<(Value, Vec<Change>), Response>;

/// Documents MoySklad numbers itself when no `name` is sent.
const NUMBERED: [&str; 6] = [
    "customerorder",
    "demand",
    "salesreturn",
    "move",
    "paymentin",
    "cashin",
];

/// Now, as MoySklad writes moments: `2024-01-31 12:34:56.789`.
pub(crate) fn now_moment() -> String {
    let f = time::macros::format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:3]"
    );
    time::OffsetDateTime::now_utc()
        .format(f)
        .unwrap_or_default()
}

/// The JSON body of a write, after the Content-Type (1037) and size (413) checks.
pub(crate) fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, Response> {
    let json_ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !json_ct {
        return Err(error(
            StatusCode::BAD_REQUEST,
            1037,
            "Неверно указан Content-Type запроса",
            None,
        ));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        error(
            StatusCode::BAD_REQUEST,
            2016,
            &format!("Ошибка формата JSON: {e}"),
            None,
        )
    })?;
    if too_large(&value) {
        return Err(StatusCode::PAYLOAD_TOO_LARGE.into_response());
    }
    Ok(value)
}

/// Any array in the body longer than 1000 items.
fn too_large(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.len() > 1000 || a.iter().any(too_large),
        Value::Object(o) => o.values().any(too_large),
        _ => false,
    }
}

/// Stores one new row of `table` (whose rows are of `ty`), with its nested arrays.
pub(crate) fn insert(
    shared: &Shared,
    db: &mut Db,
    kind: &str,
    table: &str,
    ty: &str,
    mut body: Value,
) -> Result<Value, Response> {
    if !body.is_object() {
        return Err(error(
            StatusCode::BAD_REQUEST,
            2016,
            "Ожидался JSON-объект",
            None,
        ));
    }
    let sch = table.rsplit('/').next().unwrap_or(kind);
    if let Some(field) = schema::missing_field(if table.contains('/') { sch } else { kind }, &body)
    {
        let text = format!(
            "Ошибка сохранения объекта: поле '{field}' не может быть пустым или отсутствовать"
        );
        return Err(error(
            StatusCode::PRECONDITION_FAILED,
            3000,
            &text,
            Some(field),
        ));
    }
    if let Some(sync) = body.get("syncId").and_then(Value::as_str)
        && let Some(existing) = db
            .tables
            .get(table)
            .and_then(|t| t.rows().find(|r| r["syncId"] == sync))
    {
        return Ok(existing.clone());
    }
    let id = uuid::Uuid::new_v4().to_string();
    let o = body.as_object_mut().expect("checked above");
    o.insert("id".into(), json!(id));
    o.insert("accountId".into(), json!(shared.account_id));
    o.insert("meta".into(), shared.meta(&format!("{table}/{id}"), ty));
    let now = now_moment();
    o.insert("updated".into(), json!(now));
    o.entry("created").or_insert(json!(now));
    // A document saved without a number gets MoySklad's own (MS-S9/S14/S15).
    if NUMBERED.contains(&table) && o.get("name").is_none_or(Value::is_null) {
        let n = db.tables.get(table).map_or(0, |t| t.rows().count()) + 1;
        o.insert("name".into(), json!(format!("{n:05}")));
    }
    if table == kind {
        store_nested(shared, db, kind, &id, o)?;
        if kind == "retaildemand" {
            super::retail::complete_sale(db, o);
        }
    }
    db.table(table).insert(id, body.clone());
    Ok(body)
}

/// Moves nested arrays (positions, contact persons, accounts) into their tables and recomputes `sum`.
pub(crate) fn store_nested(
    shared: &Shared,
    db: &mut Db,
    kind: &str,
    id: &str,
    o: &mut Map<String, Value>,
) -> Result<(), Response> {
    for (coll, ty) in schema::nested(kind) {
        if let Some(Value::Array(items)) = o.remove(*coll) {
            let path = format!("{kind}/{id}/{coll}");
            db.table(&path).clear();
            for item in items {
                insert(shared, db, kind, &path, ty, item)?;
            }
        }
    }
    if schema::has_sum(kind) {
        let sum: i64 = db
            .tables
            .get(&format!("{kind}/{id}/positions"))
            .map(|t| {
                t.rows()
                    .map(|p| {
                        let (price, qty) = (
                            p["price"].as_f64().unwrap_or(0.0),
                            p["quantity"].as_f64().unwrap_or(0.0),
                        );
                        (price * qty * (1.0 - p["discount"].as_f64().unwrap_or(0.0) / 100.0))
                            .round() as i64
                    })
                    .sum()
            })
            .unwrap_or(0);
        o.insert("sum".into(), json!(sum));
    }
    Ok(())
}

/// `POST entity/{kind}`: one object, or an array of them (at most 1000).
pub(crate) fn create(shared: &Shared, kind: &str, body: Value) -> Outcome {
    let mut db = shared.db.lock().unwrap();
    let mut changes = Vec::new();
    let mut one = |db: &mut Db, item: Value| -> Result<Value, Response> {
        if kind == "webhook" {
            webhooks::validate(db, &item)?;
        }
        // A repeated syncId answers the first record: nothing is saved or fired again.
        if let Some(sync) = item.get("syncId").and_then(Value::as_str)
            && let Some(first) = db
                .tables
                .get(kind)
                .and_then(|t| t.rows().find(|r| r["syncId"] == sync))
        {
            let first = first.clone();
            return Ok(render(shared, db, kind, &first, ""));
        }
        super::documents::check(shared, db, kind, &item, None)?;
        let row = insert(shared, db, kind, kind, kind, item)?;
        super::documents_effects::created(db, kind, &row);
        let id = row["id"].as_str().unwrap_or_default().to_owned();
        changes.push(Change {
            kind: kind.into(),
            action: "CREATE",
            id: id.clone(),
            fields: Vec::new(),
        });
        Ok(render(shared, db, kind, &row, ""))
    };
    let out = match body {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|i| one(&mut db, i))
                .collect::<Result<_, _>>()?,
        ),
        item => one(&mut db, item)?,
    };
    Ok((out, changes))
}

/// `PUT entity/{kind}/{id}`: merges the fields sent; nested arrays replace.
pub(crate) fn update(shared: &Shared, kind: &str, id: &str, body: Value) -> Outcome {
    let Value::Object(mut fields) = body else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            2016,
            "Ожидался JSON-объект",
            None,
        ));
    };
    let mut db = shared.db.lock().unwrap();
    let Some(before) = db.find(kind, id).cloned() else {
        return Err(not_found(kind, id));
    };
    super::documents::check(
        shared,
        &db,
        kind,
        &Value::Object(fields.clone()),
        Some(&before),
    )?;
    let changed: Vec<String> = fields
        .keys()
        .filter(|k| !matches!(k.as_str(), "meta" | "id"))
        .cloned()
        .collect();
    fields.remove("meta");
    fields.remove("id");
    store_nested(shared, &mut db, kind, id, &mut fields)?;
    let row = db.table(kind).get_mut(id).expect("checked above");
    for (k, v) in fields {
        row[k] = v;
    }
    row["updated"] = json!(now_moment());
    let row = row.clone();
    super::documents_effects::updated(&mut db, kind, &before, &row);
    let out = render(shared, &db, kind, &row, "");
    Ok((
        out,
        vec![Change {
            kind: kind.into(),
            action: "UPDATE",
            id: id.into(),
            fields: changed,
        }],
    ))
}

/// `DELETE entity/{kind}/{id}`.
pub(crate) fn delete(shared: &Shared, kind: &str, id: &str) -> Outcome {
    let mut db = shared.db.lock().unwrap();
    db.table(kind)
        .remove(id)
        .ok_or_else(|| not_found(kind, id))?;
    super::documents_effects::deleted(&mut db, kind, id);
    Ok((
        Value::Null,
        vec![Change {
            kind: kind.into(),
            action: "DELETE",
            id: id.into(),
            fields: Vec::new(),
        }],
    ))
}
