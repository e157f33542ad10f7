//! `filter=` on lists, as MoySklad documents it (md/_general.md,
//! "Фильтрация выборки с помощью параметра filter"): conditions separated by
//! `;`; different fields AND; `=` repeated on one field is an OR (`id=a;id=b`),
//! `!=` repeated an AND; a repeated `<`, `>`, `<=`, `>=` keeps its first value;
//! `=` together with an ordering on one field is an error; `field=` finds an
//! empty field and `field!=` a filled one; `~`, `~=`, `=~` ignore case.
//!
//! Each list names the fields it is filtered on and their operators
//! (`fields`). Anything else is refused with 412 and MoySklad's filter error
//! (1034) instead of ignored, so a connector's mistake fails here rather than
//! in production; documented filters this emulator does not model are
//! refused too, saying so. Values that cannot be a field's (`archived=maybe`,
//! a malformed UUID, href or moment) get the codes MoySklad names for them.

mod dictionaries;
mod documents;
pub(crate) mod fields;
mod rules;
pub(crate) mod search;
mod syntax;
#[cfg(test)]
mod tests;
mod values;

pub(crate) use syntax::Op;

use super::state::{Db, error};
use axum::http::StatusCode;
use axum::response::Response;
use fields::{Field, Ty};
use serde_json::Value;
use std::collections::HashMap;

/// 412 with code 1034, MoySklad's "Ошибка фильтрации: {текст ошибки}".
pub(crate) fn refuse(text: &str) -> Response {
    error(
        StatusCode::PRECONDITION_FAILED,
        1034,
        &format!("Ошибка фильтрации: {text}"),
        None,
    )
}

/// What one list is filtered on.
pub(crate) struct Spec<'a> {
    /// Named in refusals (`counterparty`, `assortment`).
    pub entity: &'a str,
    pub fields: &'a [&'a [Field]],
    /// Custom attributes by id, with their `type`; `None` when the list is
    /// not filtered on custom attributes.
    pub attributes: Option<HashMap<String, String>>,
}

impl<'a> Spec<'a> {
    /// The list `entity/{kind}`, its custom attributes read from `db`.
    pub fn entity(kind: &'a str, db: &Db) -> Spec<'a> {
        let table = fields::of(kind);
        Spec {
            entity: kind,
            fields: table.as_ref().map_or(&[], |t| t.parts),
            attributes: table
                .filter(|t| t.attributes)
                .map(|_| attribute_types(db, &[kind])),
        }
    }
}

/// Custom attributes of the `kinds` (`{kind}/metadata/attributes`): id → type.
pub(crate) fn attribute_types(db: &Db, kinds: &[&str]) -> HashMap<String, String> {
    kinds
        .iter()
        .filter_map(|k| db.tables.get(&format!("{k}/metadata/attributes")))
        .flat_map(|t| t.rows())
        .filter_map(|a| Some((a["id"].as_str()?.to_owned(), a["type"].as_str()?.to_owned())))
        .collect()
}

/// One checked condition.
#[derive(Debug)]
struct Cond {
    field: String,
    op: Op,
    value: String,
    ty: Ty,
    /// The custom attribute's id, when the field is one.
    attribute: Option<String>,
}

/// A parsed `filter=`.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    conds: Vec<Cond>,
}

impl Filter {
    /// Parses and checks `text` against `spec`.
    pub fn parse(spec: &Spec, text: Option<&String>) -> Result<Filter, Response> {
        let raw = syntax::split(text.map_or("", String::as_str)).map_err(|e| refuse(&e))?;
        let conds = raw
            .into_iter()
            .map(|r| rules::check(spec, r))
            .collect::<Result<Vec<_>, _>>()?;
        rules::check_combinations(&conds)?;
        Ok(Filter { conds })
    }

    pub fn is_empty(&self) -> bool {
        self.conds.is_empty()
    }

    /// Whether any condition is on `field`.
    pub fn has(&self, field: &str) -> bool {
        self.conds.iter().any(|c| c.field == field)
    }

    /// The values `field` is asked to equal (`id=a;id=b` → `[a, b]`).
    pub fn equal_to(&self, field: &str) -> Vec<&str> {
        self.conds
            .iter()
            .filter(|c| c.field == field && c.op == Op::Eq)
            .map(|c| c.value.as_str())
            .collect()
    }

    /// Leaves the conditions on `field` out (a filter MoySklad ignores).
    pub fn ignore(&mut self, field: &str) {
        self.conds.retain(|c| c.field != field);
    }

    /// Whether `row` passes every field's conditions.
    pub fn matches(&self, row: &Value) -> bool {
        let mut by_field: Vec<(&str, Vec<&Cond>)> = Vec::new();
        for c in &self.conds {
            match by_field.iter_mut().find(|(f, _)| *f == c.field) {
                Some((_, group)) => group.push(c),
                None => by_field.push((&c.field, vec![c])),
            }
        }
        by_field
            .iter()
            .all(|(_, group)| rules::field_matches(row, group))
    }
}
