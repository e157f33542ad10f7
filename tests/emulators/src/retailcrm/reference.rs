//! `GET /reference/{sites,stores,statuses,payment-types,payment-statuses}`:
//! the account's reference books, as the settings pages read them. Shapes
//! as api-client-go `types.go` declares them: `stores` a list, the others
//! maps keyed by code (`[]` when empty, PHP). A new account has the CRM's
//! default books (set them with `RetailCrmEmulator::set_reference`).

use super::request::Answer;
use super::state::State;
use serde_json::{Map, Value, json};

/// The books other than sites (which come from the account's site codes).
#[derive(Debug, Clone)]
pub(crate) struct Books {
    pub stores: Vec<(String, String)>,
    pub statuses: Vec<(String, String)>,
    pub payment_types: Vec<(String, String)>,
    pub payment_statuses: Vec<(String, String)>,
}

fn pairs(entries: &[(&str, &str)]) -> Vec<(String, String)> {
    entries
        .iter()
        .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
        .collect()
}

impl Default for Books {
    fn default() -> Self {
        Books {
            stores: pairs(&[("main", "Main warehouse")]),
            statuses: pairs(&[
                ("new", "New"),
                ("assembling", "Assembling"),
                ("send-to-delivery", "Sent to delivery"),
                ("complete", "Complete"),
                ("cancel-other", "Cancelled"),
            ]),
            payment_types: pairs(&[("cash", "Cash"), ("bank-card", "Bank card")]),
            payment_statuses: pairs(&[("not-paid", "Not paid"), ("paid", "Paid")]),
        }
    }
}

fn keyed(entries: &[(String, String)]) -> Value {
    if entries.is_empty() {
        return json!([]);
    }
    let map: Map<String, Value> = entries
        .iter()
        .map(|(code, name)| {
            (
                code.clone(),
                json!({"code": code, "name": name, "active": true}),
            )
        })
        .collect();
    Value::Object(map)
}

/// One book's answer; `None` for a path that is not a book.
pub(crate) fn book(st: &State, name: &str) -> Option<Answer> {
    let b = &st.books;
    let body = match name {
        "sites" => {
            let sites: Vec<(String, String)> =
                st.sites.iter().map(|s| (s.clone(), s.clone())).collect();
            json!({"success": true, "sites": keyed(&sites)})
        }
        "stores" => {
            let stores: Vec<Value> = b
                .stores
                .iter()
                .map(|(code, name)| json!({"code": code, "name": name, "active": true, "type": "store-type-warehouse"}))
                .collect();
            json!({"success": true, "stores": stores})
        }
        "statuses" => json!({"success": true, "statuses": keyed(&b.statuses)}),
        "payment-types" => json!({"success": true, "paymentTypes": keyed(&b.payment_types)}),
        "payment-statuses" => {
            json!({"success": true, "paymentStatuses": keyed(&b.payment_statuses)})
        }
        _ => return None,
    };
    Some(Ok(body))
}
