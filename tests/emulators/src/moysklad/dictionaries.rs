//! User dictionaries' elements (md/dictionaries/_customentity.md): listed
//! by `GET entity/customentity/{dictionary}` (filtered by `name`, `code`,
//! ...) and created by `POST entity/customentity/{dictionary}`, whose one
//! required field is `name`. Also the seeding helpers of dictionaries,
//! employees and organization accounts that the documents flow uses.

use super::MoySkladEmulator;
use super::entities::parse_body;
use super::filter::{Filter, Spec};
use super::paging::{page, page_params};
use super::state::{Shared, error, not_found};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

type S = State<Arc<Shared>>;

fn answer(r: Result<Value, Response>) -> Response {
    r.map(|v| axum::Json(v).into_response())
        .unwrap_or_else(|e| e)
}

/// `GET entity/customentity/{dictionary}`.
pub(crate) async fn list(
    State(s): S,
    Path(dict): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    answer((|| {
        let (limit, offset) = page_params(&q)?;
        let db = s.db.lock().unwrap();
        if db.find("customentity", &dict).is_none() {
            return Err(not_found("customentity", &dict));
        }
        let filter = Filter::parse(&Spec::entity("customentity", &db), q.get("filter"))?;
        let table = format!("customentity/{dict}");
        let rows: Vec<Value> = db
            .tables
            .get(&table)
            .map(|t| t.rows().filter(|r| filter.matches(r)).cloned().collect())
            .unwrap_or_default();
        let href = format!("{}/entity/{table}", s.base());
        Ok(page(&href, "customentity", rows, limit, offset, &q))
    })())
}

/// `POST entity/customentity/{dictionary}`: a new element.
pub(crate) async fn create(
    State(s): S,
    Path(dict): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    answer((|| {
        let mut body = parse_body(&headers, &body)?;
        let mut db = s.db.lock().unwrap();
        if db.find("customentity", &dict).is_none() {
            return Err(not_found("customentity", &dict));
        }
        if body["name"].as_str().is_none_or(|n| n.trim().is_empty()) {
            let text =
                "Ошибка сохранения объекта: поле 'name' не может быть пустым или отсутствовать";
            return Err(error(
                StatusCode::PRECONDITION_FAILED,
                3000,
                text,
                Some("name"),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        body["id"] = json!(id);
        body["accountId"] = json!(s.account_id);
        body["meta"] = s.meta(&format!("customentity/{dict}/{id}"), "customentity");
        db.table(&format!("customentity/{dict}"))
            .insert(id, body.clone());
        Ok(body)
    })())
}

impl MoySkladEmulator {
    /// An attribute of `entity_type` whose values come from dictionary `dict`.
    pub fn seed_dictionary_attribute(&self, entity_type: &str, name: &str, dict: &str) -> String {
        let id = self.seed_attribute(entity_type, name, "customentity");
        let meta = json!({"href": format!("{}/entity/customentity/{dict}/metadata", self.base_url()),
            "type": "customentitymetadata", "mediaType": "application/json"});
        let table = format!("{entity_type}/metadata/attributes");
        if let Some(row) = self.shared.db.lock().unwrap().table(&table).get_mut(&id) {
            row["customEntityMeta"] = meta;
        }
        id
    }

    /// An employee (MoySklad requires `lastName`); returns its id.
    pub fn seed_employee(&self, last: &str, first: &str, email: &str, phone: &str) -> String {
        self.seed(
            "employee",
            json!({"lastName": last, "firstName": first,
            "name": format!("{last} {first}"), "email": email, "phone": phone}),
        )
    }

    /// A bank account of organization `org`; returns its id.
    pub fn seed_org_account(&self, org: &str, number: &str) -> String {
        let mut db = self.shared.db.lock().unwrap();
        let row = super::entities::insert(
            &self.shared,
            &mut db,
            "organization",
            &format!("organization/{org}/accounts"),
            "account",
            json!({"accountNumber": number}),
        )
        .expect("a valid account");
        row["id"].as_str().unwrap_or_default().to_owned()
    }

    /// The elements of dictionary `dict`.
    pub fn dictionary_values(&self, dict: &str) -> Vec<Value> {
        self.nested_rows(&format!("customentity/{dict}"))
    }

    fn nested_rows(&self, table: &str) -> Vec<Value> {
        self.shared
            .db
            .lock()
            .unwrap()
            .tables
            .get(table)
            .map(|t| t.rows().cloned().collect())
            .unwrap_or_default()
    }

    /// (stock, reserve, in transit) of `good` in `store`.
    pub fn stock_of(&self, good: &str, store: &str) -> (f64, f64, f64) {
        let db = self.shared.db.lock().unwrap();
        db.stock
            .get(&(good.to_owned(), store.to_owned()))
            .copied()
            .unwrap_or_default()
    }
}
