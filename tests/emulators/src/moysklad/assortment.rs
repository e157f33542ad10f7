//! `GET entity/assortment`: products, variants and services in one read-only
//! list, the generated catalogue's goods among them (as products). Filtered
//! as MoySklad documents it (md/dictionaries/_assortment.md, "Атрибуты
//! доступные для фильтрации", and md/_general.md; see `filter`): only active
//! goods unless both `archived` values are sent. `expand=product` (pages of
//! at most 100 rows) puts a variant's product in place of its reference.

use super::filter::fields::{EQ_NE, Field, TEXT_OPS, Ty, field, unmodelled};
use super::filter::{self, Filter, Op, Spec, search};
use super::listing::{generated_matching, render};
use super::paging::{page, page_params};
use super::retail::effective_expand;
use super::state::Shared;
use super::synthetic::Synthetic;
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::HashMap;

/// Fields MoySklad filters the assortment on (besides custom attributes):
/// the documented list, with its operators ("Оператор `!=` не
/// поддерживается" for `barcode`, only `=` for `type`, no `!=` for
/// `updated`), then those only the legacy endpoint (the one served without
/// the `assortmentWithoutStock` beta header) takes.
const FIELDS: &[Field] = &[
    field("archived", Ty::Flag, &[Op::Eq]),
    field(
        "barcode",
        Ty::Barcode,
        &[Op::Eq, Op::Like, Op::Prefix, Op::Suffix],
    ),
    field("code", Ty::Text, TEXT_OPS),
    field("description", Ty::Text, TEXT_OPS),
    field("externalCode", Ty::Text, TEXT_OPS),
    field("group", Ty::Ref, EQ_NE),
    field("id", Ty::Id, EQ_NE),
    field("name", Ty::Text, TEXT_OPS),
    field("pathName", Ty::Text, TEXT_OPS),
    unmodelled("productFolder"),
    field("search", Ty::Search, &[Op::Eq]),
    field("supplier", Ty::Ref, EQ_NE),
    field("type", Ty::MetaType, &[Op::Eq]),
    field(
        "updated",
        Ty::Moment,
        &[Op::Eq, Op::Lt, Op::Gt, Op::Le, Op::Ge],
    ),
    unmodelled("withSubFolders"),
    // Legacy endpoint only.
    unmodelled("alcoholic.type"),
    field("article", Ty::Text, TEXT_OPS),
    unmodelled("isSerialTrackable"),
    unmodelled("minimumBalance"),
    unmodelled("owner"),
    unmodelled("quantityMode"),
    unmodelled("salePrice"),
    unmodelled("shared"),
    unmodelled("stockMode"),
    unmodelled("stockMoment"),
    unmodelled("stockStore"),
    unmodelled("updatedBy"),
    unmodelled("weighed"),
];

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
    let expand = effective_expand(q, limit);
    let db = shared.db.lock().unwrap();
    let spec = Spec {
        entity: "assortment",
        fields: &[FIELDS],
        attributes: Some(filter::attribute_types(
            &db,
            &["product", "variant", "service"],
        )),
    };
    let filter = Filter::parse(&spec, q.get("filter"))?;
    let search = search::parse("assortment", q.get("search"))?;
    // Active goods only by default; both values for all.
    let archived: Vec<bool> = match filter.equal_to("archived") {
        asked if asked.is_empty() => vec![false],
        asked => asked.iter().map(|v| *v == "true").collect(),
    };
    let found = |row: &Value| {
        archived.contains(&row["archived"].as_bool().unwrap_or(false))
            && filter.matches(row)
            && search
                .as_ref()
                .is_none_or(|(s, text)| s.matches(row, text, None))
    };
    let mut rows = Vec::new();
    for kind in ["product", "variant", "service"] {
        for row in db.tables.get(kind).into_iter().flat_map(|t| t.rows()) {
            if found(row) {
                rows.push(render(shared, &db, kind, row, expand));
            }
        }
    }
    let syn = shared.synthetic.lock().unwrap();
    if let Some(syn) = syn.as_ref() {
        rows.extend(generated_matching(shared, syn, &filter, found));
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
