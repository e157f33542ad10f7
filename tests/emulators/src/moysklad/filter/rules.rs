//! Checking conditions against a list's fields, and matching a row.

use super::fields::{self, EQ_NE, ORD_OPS, TEXT_OPS, Ty};
use super::syntax::{Op, Raw};
use super::{Cond, Spec, refuse, search, values};
use crate::moysklad::state::error;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;
use std::cmp::Ordering;

/// The condition `raw` checked against `spec`: a known field, an operator it
/// takes, a value of its type.
pub(super) fn check(spec: &Spec, raw: Raw) -> Result<Cond, Response> {
    let (ty, ops, attribute) = if raw.field.starts_with("http") {
        let (ty, ops, id) = attribute(spec, &raw.field)?;
        (ty, ops, Some(id))
    } else {
        let field = fields::find(spec.fields, &raw.field).ok_or_else(|| {
            refuse(&format!(
                "поле '{}' недоступно для фильтрации сущности '{}'",
                raw.field, spec.entity
            ))
        })?;
        if field.ty == Ty::Unmodelled {
            return Err(refuse(&format!(
                "'{}' is documented but not modelled by the emulator",
                raw.field
            )));
        }
        (field.ty, field.ops, None)
    };
    if !ops.contains(&raw.op) {
        return Err(refuse(&format!(
            "оператор '{}' недоступен для поля '{}'",
            raw.op.token(),
            raw.field
        )));
    }
    check_value(ty, &raw)?;
    Ok(Cond {
        field: raw.field,
        op: raw.op,
        value: raw.value,
        ty,
        attribute,
    })
}

/// A custom attribute named by its href (`.../metadata/attributes/{id}`):
/// its type decides the operators (md/_general.md, "Доступные операторы для
/// фильтрации доп. полей").
fn attribute(spec: &Spec, href: &str) -> Result<(Ty, &'static [Op], String), Response> {
    let Some(attributes) = &spec.attributes else {
        return Err(refuse(&format!(
            "сущность '{}' не фильтруется по доп. полям",
            spec.entity
        )));
    };
    let id = href
        .split_once("/metadata/attributes/")
        .map(|(_, id)| id.split(['?', '/']).next().unwrap_or(id));
    let Some((id, kind)) = id.and_then(|id| Some((id, attributes.get(id)?))) else {
        return Err(refuse(&format!("доп. поле '{href}' не найдено")));
    };
    let (ty, ops) = match kind.as_str() {
        "string" | "text" | "link" => (Ty::Text, TEXT_OPS),
        "long" | "double" => (Ty::Number, ORD_OPS),
        "time" => (Ty::Moment, ORD_OPS),
        "boolean" => (Ty::Flag, EQ_NE),
        "file" => {
            return Err(refuse(
                "фильтрация по доп. полю типа 'Файл' не поддерживается",
            ));
        }
        // A reference: a dictionary element, an employee, a counterparty...
        _ => (Ty::Ref, EQ_NE),
    };
    Ok((ty, ops, id.to_owned()))
}

/// A value the field cannot hold: 1035 for moments, 1014 otherwise.
fn check_value(ty: Ty, raw: &Raw) -> Result<(), Response> {
    let v = raw.value.as_str();
    let empty_ok = v.is_empty() && matches!(raw.op, Op::Eq | Op::Ne);
    let ok = match ty {
        Ty::Flag => v == "true" || v == "false",
        Ty::Id | Ty::RefId(_) => empty_ok || values::is_uuid(v),
        Ty::Ref | Ty::RefAt(_) => empty_ok || values::ref_key(v).is_some(),
        Ty::Number => empty_ok || v.parse::<f64>().is_ok(),
        Ty::Moment if empty_ok || values::moment(v).is_some() => true,
        Ty::Moment => {
            let text = "Ошибка фильтрации: неверный формат даты параметра фильтрации";
            return Err(error(StatusCode::PRECONDITION_FAILED, 1035, text, None));
        }
        _ => true,
    };
    if ok {
        return Ok(());
    }
    let text = format!(
        "Неверное значение '{v}' параметра фильтрации '{}'",
        raw.field
    );
    Err(error(StatusCode::PRECONDITION_FAILED, 1014, &text, None))
}

/// md/_general.md: "`filter=sum=100;sum>99` вызовет ошибку".
pub(super) fn check_combinations(conds: &[Cond]) -> Result<(), Response> {
    for c in conds.iter().filter(|c| c.op == Op::Eq) {
        if conds
            .iter()
            .any(|o| o.field == c.field && o.op.is_ordering())
        {
            return Err(refuse(&format!(
                "на поле '{}' наложены и равенство, и неравенство",
                c.field
            )));
        }
    }
    Ok(())
}

/// Whether `row` passes the conditions of one field (`group`).
pub(super) fn field_matches(row: &Value, group: &[&Cond]) -> bool {
    let first = group[0];
    if first.ty == Ty::Search {
        // The assortment's `filter=search=`: any of the values.
        return group
            .iter()
            .any(|c| search::ASSORTMENT.matches(row, &c.value.to_lowercase(), None));
    }
    let have = values::of(row, &first.field, first.ty, first.attribute.as_deref());
    let equal = |c: &Cond| {
        if c.value.is_empty() {
            return have.is_empty();
        }
        have.iter()
            .any(|h| values::compare(c.ty, h, &c.value) == Some(Ordering::Equal))
    };
    let eq: Vec<&&Cond> = group.iter().filter(|c| c.op == Op::Eq).collect();
    if !eq.is_empty() && !eq.iter().any(|c| equal(c)) {
        return false;
    }
    let mut seen = Vec::new();
    group.iter().filter(|c| c.op != Op::Eq).all(|c| {
        let like = |f: fn(&str, &str) -> bool| {
            let want = c.value.to_lowercase();
            have.iter().any(|h| f(&h.to_lowercase(), &want))
        };
        match c.op {
            Op::Ne => !equal(c),
            Op::Like => like(|h, w| h.contains(w)),
            Op::Prefix => like(|h, w| h.starts_with(w)),
            Op::Suffix => like(|h, w| h.ends_with(w)),
            // A repeated ordering keeps its first value only.
            op if seen.contains(&op) => true,
            op => {
                seen.push(op);
                have.iter().any(|h| {
                    values::compare(c.ty, h, &c.value).is_some_and(|o| match op {
                        Op::Lt => o.is_lt(),
                        Op::Gt => o.is_gt(),
                        Op::Le => o.is_le(),
                        _ => o.is_ge(),
                    })
                })
            }
        }
    })
}
