//! `GET entity/assortment`: products, variants and services in one read-only
//! list, the generated catalogue's goods among them (as products). Filtered
//! as MoySklad documents it (md/dictionaries/_assortment.md, md/_general.md
//! "Фильтрация выборки"): `=` repeated on one field is an OR (`id=a;id=b`),
//! `!=` repeated an AND, different fields AND; only active goods unless both
//! `archived` values are sent. A field the assortment is not filtered on is
//! refused (412, 1034) instead of ignored, so a connector's mistake fails
//! here rather than in production; documented filters this emulator does not
//! model are refused too, saying so. `expand=product` (pages of at most 100
//! rows) puts a variant's product in place of its reference.

use super::listing::{page, page_params, render};
use super::retail::effective_expand;
use super::state::{Shared, error};
use super::synthetic::Synthetic;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Fields MoySklad filters the assortment on (besides custom attributes):
/// the documented list, plus those only the legacy endpoint (the one served
/// without the `assortmentWithoutStock` beta header) takes.
const FIELDS: &[&str] = &[
    "archived",
    "barcode",
    "code",
    "description",
    "externalCode",
    "group",
    "id",
    "name",
    "pathName",
    "productFolder",
    "search",
    "supplier",
    "type",
    "updated",
    "withSubFolders",
    // Legacy endpoint only.
    "alcoholic.type",
    "article",
    "isSerialTrackable",
    "minimumBalance",
    "owner",
    "quantityMode",
    "salePrice",
    "shared",
    "stockMode",
    "stockMoment",
    "stockStore",
    "updatedBy",
    "weighed",
];
/// Of those, the ones modelled here.
const MODELLED: &[&str] = &[
    "archived",
    "code",
    "description",
    "externalCode",
    "id",
    "name",
    "search",
    "type",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Like,
}

struct Cond<'a> {
    field: &'a str,
    op: Op,
    value: &'a str,
}

fn refuse(text: &str) -> Response {
    error(
        StatusCode::PRECONDITION_FAILED,
        1034,
        &format!("Ошибка фильтрации: {text}"),
        None,
    )
}

fn parse(filter: &str) -> Result<Vec<Cond<'_>>, Response> {
    let mut out = Vec::new();
    for cond in filter.split(';').filter(|c| !c.is_empty()) {
        let Some(pos) = cond.find(['=', '!', '~', '<', '>']) else {
            return Err(refuse(&format!("условие '{cond}' без оператора")));
        };
        let (field, rest) = cond.split_at(pos);
        let ops = [
            ("!=", Some(Op::Ne)),
            ("~=", None),
            ("=~", None),
            ("<=", None),
            (">=", None),
            ("=", Some(Op::Eq)),
            ("~", Some(Op::Like)),
            ("<", None),
            (">", None),
        ];
        let Some((token, op)) = ops.into_iter().find(|(t, _)| rest.starts_with(t)) else {
            return Err(refuse(&format!("неверный оператор в условии '{cond}'")));
        };
        if !FIELDS.contains(&field) && !field.starts_with("http") {
            return Err(refuse(&format!(
                "поле '{field}' недоступно для фильтрации ассортимента"
            )));
        }
        let op = match op {
            Some(op) if MODELLED.contains(&field) => op,
            _ => {
                return Err(refuse(&format!(
                    "'{cond}' is valid but not modelled by the emulator"
                )));
            }
        };
        out.push(Cond {
            field,
            op,
            value: &rest[token.len()..],
        });
    }
    Ok(out)
}

/// The `archived` values asked for: active goods only by default.
fn archived(conds: &[Cond]) -> Result<Vec<bool>, Response> {
    let mut out = Vec::new();
    for c in conds.iter().filter(|c| c.field == "archived") {
        match (c.op, c.value) {
            (Op::Eq, "true") => out.push(true),
            (Op::Eq, "false") => out.push(false),
            _ => {
                let text = format!(
                    "Неверное значение '{}' параметра фильтрации 'archived'",
                    c.value
                );
                return Err(error(StatusCode::PRECONDITION_FAILED, 1014, &text, None));
            }
        }
    }
    Ok(if out.is_empty() { vec![false] } else { out })
}

fn text(row: &Value, field: &str) -> String {
    match if field == "type" {
        &row["meta"]["type"]
    } else {
        &row[field]
    } {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn matches(row: &Value, conds: &[Cond]) -> bool {
    let mut by_field: HashMap<&str, Vec<&Cond>> = HashMap::new();
    for c in conds.iter().filter(|c| c.field != "archived") {
        by_field.entry(c.field).or_default().push(c);
    }
    by_field.into_iter().all(|(field, conds)| {
        let fields: &[&str] = if field == "search" {
            &["name", "code", "externalCode", "article"]
        } else {
            &[field]
        };
        let have: Vec<String> = fields.iter().map(|f| text(row, f)).collect();
        let has = |c: &Cond| match c.op {
            Op::Eq if field == "search" => {
                let v = c.value.to_lowercase();
                have.iter().any(|h| h.to_lowercase().contains(&v))
            }
            Op::Eq | Op::Ne => have[0] == c.value,
            Op::Like => have[0].to_lowercase().contains(&c.value.to_lowercase()),
        };
        let eq: Vec<&&Cond> = conds.iter().filter(|c| c.op == Op::Eq).collect();
        (eq.is_empty() || eq.iter().any(|c| has(c)))
            && conds.iter().filter(|c| c.op != Op::Eq).all(|c| match c.op {
                Op::Ne => !has(c),
                _ => has(c),
            })
    })
}

/// Generated good `i` as the assortment (and `entity/product`) shows a product.
pub(crate) fn generated(shared: &Shared, syn: &Synthetic, i: u32) -> Value {
    let (id, code) = (syn.id(i), syn.external_code(i));
    json!({"meta": shared.meta(&format!("product/{id}"), "product"), "id": id,
        "name": format!("Generated {code}"), "code": code, "externalCode": code,
        "archived": false, "buyPrice": {"value": syn.line(i, 0).price},
        "salePrices": [{"value": (syn.line(i, 0).price * 1.5).round()}], "variantsCount": 0})
}

/// `GET entity/assortment`.
pub(crate) fn list(shared: &Shared, q: &HashMap<String, String>) -> Result<Value, Response> {
    let (limit, offset) = page_params(q)?;
    let conds = parse(q.get("filter").map_or("", String::as_str))?;
    let archived = archived(&conds)?;
    let expand = effective_expand(q, limit);
    let db = shared.db.lock().unwrap();
    let mut rows = Vec::new();
    for kind in ["product", "variant", "service"] {
        for row in db.tables.get(kind).into_iter().flat_map(|t| t.rows()) {
            if archived.contains(&row["archived"].as_bool().unwrap_or(false))
                && matches(row, &conds)
            {
                rows.push(render(shared, &db, kind, row, expand));
            }
        }
    }
    let syn = shared.synthetic.lock().unwrap();
    if let Some(syn) = syn.as_ref().filter(|_| archived.contains(&false)) {
        let mut ids: Vec<&str> = conds
            .iter()
            .filter(|c| c.field == "id" && c.op == Op::Eq)
            .map(|c| c.value)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        // By id, only those goods: a 100k catalogue is not walked for 40 ids.
        let picked: Vec<u32> = if ids.is_empty() {
            (0..syn.goods).collect()
        } else {
            ids.iter().filter_map(|id| syn.index_of(id)).collect()
        };
        for i in picked {
            let row = generated(shared, syn, i);
            if matches(&row, &conds) {
                rows.push(row);
            }
        }
    }
    Ok(page(
        &format!("{}/entity/assortment", shared.base()),
        "assortment",
        rows,
        limit,
        offset,
        q,
    ))
}
