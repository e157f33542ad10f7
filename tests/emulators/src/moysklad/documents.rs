//! What MoySklad checks on a document before it saves it, beyond its
//! required fields (md/_errors.md; md/_general.md "Работа с
//! дополнительными полями"; md/documents/_sales_return.md "Создать Возврат
//! покупателя"):
//! - attributes: only the document type's own (14000), known ones (14003),
//!   dictionary values from the attribute's dictionary, employees that exist;
//! - a position's reserve never exceeds its quantity (17003);
//! - a move carries goods, not services (17022);
//! - a return on a demand has the demand's agent and organization (3004),
//!   only the demand's goods, at most their quantity (3036), at their price;
//! - an organization account belongs to the document's organization (17000).

use super::state::{Db, Shared, error};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

/// The id at the end of a reference's href.
pub(crate) fn ref_id(v: &Value) -> Option<&str> {
    let href = v["meta"]["href"].as_str()?;
    href.split('?').next()?.rsplit('/').next()
}

/// The entity type a reference's href names (`.../entity/{type}/{id}`).
fn ref_type(v: &Value) -> Option<&str> {
    let href = v["meta"]["href"].as_str()?;
    let path = href.split("/entity/").nth(1)?;
    path.split('/').next()
}

fn fail(code: i64, text: &str, parameter: Option<&str>) -> Response {
    error(StatusCode::PRECONDITION_FAILED, code, text, parameter)
}

/// Every check of a new or updated `kind` body (`stored`: the row before an update).
pub(crate) fn check(
    shared: &Shared,
    db: &Db,
    kind: &str,
    body: &Value,
    stored: Option<&Value>,
) -> Result<(), Response> {
    attributes(shared, db, kind, body)?;
    for p in body["positions"].as_array().into_iter().flatten() {
        let quantity = p["quantity"].as_f64().unwrap_or(0.0);
        if p["reserve"].as_f64().unwrap_or(0.0) > quantity + 1e-9 {
            let text = "Ошибка сохранения позиции документа: количество зарезервированных товаров не может превышать общее количество";
            return Err(fail(17003, text, Some("reserve")));
        }
        if kind == "move" && ref_type(&p["assortment"]) == Some("service") {
            let text = "Ошибка сохранения документа: услуга не может быть в составе позиции документа типа перемещение";
            return Err(fail(17022, text, None));
        }
    }
    let field = |f: &str| body.get(f).or_else(|| stored.and_then(|s| s.get(f)));
    if let Some(account) = body.get("organizationAccount").filter(|a| !a.is_null()) {
        let org = field("organization").and_then(ref_id).unwrap_or_default();
        let acc = ref_id(account).unwrap_or_default();
        if db
            .find(&format!("organization/{org}/accounts"), acc)
            .is_none()
        {
            let text = "Ошибка сохранения документа: счет организации не принадлежит указанной организации";
            return Err(fail(17000, text, Some("organizationAccount")));
        }
    }
    if kind == "salesreturn" && stored.is_none() {
        return_on_demand(db, body)?;
    }
    Ok(())
}

/// Attribute values: the type's own attributes, with values that exist.
fn attributes(shared: &Shared, db: &Db, kind: &str, body: &Value) -> Result<(), Response> {
    let own = format!("{}/entity/{kind}/metadata/attributes/", shared.base());
    for a in body["attributes"].as_array().into_iter().flatten() {
        let href = a["meta"]["href"].as_str().unwrap_or_default();
        let Some(id) = href.strip_prefix(&own) else {
            let text = format!(
                "Ошибка сохранения дополнительного поля: поле '{href}' не относится к реестру '{kind}'"
            );
            return Err(fail(14000, &text, None));
        };
        let Some(def) = db.find(&format!("{kind}/metadata/attributes"), id) else {
            let text = "Ошибка сохранения дополнительного поля: идентификатор метаданных указывает на несуществующий объект";
            return Err(fail(14003, text, None));
        };
        let value = &a["value"];
        if value.is_null() {
            continue;
        }
        let found = match def["type"].as_str() {
            Some("customentity") => {
                let dict = def["customEntityMeta"]["meta"]["href"]
                    .as_str()
                    .or(def["customEntityMeta"]["href"].as_str())
                    .and_then(|h| h.trim_end_matches("/metadata").rsplit('/').next())
                    .unwrap_or_default();
                ref_id(value).is_some_and(|e| db.find(&format!("customentity/{dict}"), e).is_some())
            }
            Some("employee") => ref_id(value).is_some_and(|e| db.find("employee", e).is_some()),
            _ => true,
        };
        if !found {
            let text = "Ошибка сохранения дополнительного поля: идентификатор метаданных указывает на несуществующий объект";
            return Err(fail(14003, text, Some("value")));
        }
    }
    Ok(())
}

/// A return "with a base": the demand's agent and organization, its goods,
/// at most its quantities, at its prices.
fn return_on_demand(db: &Db, body: &Value) -> Result<(), Response> {
    let Some(demand_id) = body.get("demand").and_then(ref_id) else {
        return Ok(());
    };
    let Some(demand) = db.find("demand", demand_id) else {
        return Err(super::state::not_found("demand", demand_id));
    };
    for f in ["agent", "organization"] {
        if ref_id(&body[f]) != ref_id(&demand[f]) {
            let text = format!(
                "Ошибка сохранения объекта: поле '{f}' не соответствует полю связанного объекта"
            );
            return Err(fail(3004, &text, Some(f)));
        }
    }
    let shipped: Vec<&Value> = db
        .tables
        .get(&format!("demand/{demand_id}/positions"))
        .map(|t| t.rows().collect())
        .unwrap_or_default();
    for p in body["positions"].as_array().into_iter().flatten() {
        let good = ref_id(&p["assortment"]);
        let Some(base) = shipped.iter().find(|s| ref_id(&s["assortment"]) == good) else {
            let text = "Ошибка валидации сохраняемого объекта: позиции нет в документе-основании";
            return Err(fail(3007, text, Some("positions")));
        };
        let (q, max) = (p["quantity"].as_f64(), base["quantity"].as_f64());
        if q.unwrap_or(0.0) > max.unwrap_or(0.0) + 1e-9 {
            let text = "Ошибка сохранения: количество возвращаемого товара не может быть больше отгруженного";
            return Err(fail(3036, text, Some("quantity")));
        }
        if p.get("price")
            .is_some_and(|price| price.as_f64() != base["price"].as_f64())
        {
            let text =
                "Ошибка сохранения объекта: поле 'price' не соответствует полю связанного объекта";
            return Err(fail(3004, text, Some("price")));
        }
    }
    Ok(())
}
