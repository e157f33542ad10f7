//! `search=`: contextual search as each entity's page describes it. Most
//! dictionaries match each word of the query against the start of a word of
//! their main fields (md/_general.md, "Контекстный поиск": `120` finds
//! `пазл детский 1200 штук`); counterparties, legal entities and variants
//! ("поиск не префиксный и без токенизации") and documents
//! (md/documents/_common_info.md: `иван` finds `диван`) match the query as
//! a substring. Case is ignored. An entity whose page does not document
//! search (`webhook`) refuses it rather than guess.

use super::refuse;
use crate::moysklad::state::Db;
use axum::response::Response;
use serde_json::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    Substring,
    WordPrefix,
}

/// How one entity is searched.
#[derive(Clone, Copy)]
pub(crate) struct Search {
    how: How,
    fields: &'static [&'static str],
    /// Counterparties are found by their contact persons' name, e-mail, phone.
    contact_persons: bool,
}

const fn search(how: How, fields: &'static [&'static str]) -> Search {
    Search {
        how,
        fields,
        contact_persons: false,
    }
}

/// The assortment: its page names no fields; these are the goods' texts
/// (also what its `filter=search=` matches).
pub(crate) const ASSORTMENT: Search =
    search(How::Substring, &["name", "code", "externalCode", "article"]);

/// How `kind` is searched; `None` when its docs do not say it is.
fn of(kind: &str) -> Option<Search> {
    Some(match kind {
        "counterparty" => Search {
            contact_persons: true,
            ..search(
                How::Substring,
                &[
                    "name",
                    "code",
                    "legalTitle",
                    "discountCardNumber",
                    "email",
                    "phone",
                ],
            )
        },
        "organization" => search(
            How::Substring,
            &["name", "code", "legalTitle", "email", "phone"],
        ),
        "variant" => search(How::Substring, &["name"]),
        "product" => search(How::WordPrefix, &["name", "code", "article"]),
        "service" | "productfolder" | "store" => search(How::WordPrefix, &["name", "code"]),
        // Its page documents search but names no fields.
        "retailstore" => search(How::WordPrefix, &["name"]),
        "assortment" => ASSORTMENT,
        "customerorder" | "demand" | "move" | "salesreturn" | "paymentin" | "cashin"
        | "retaildemand" | "retailshift" => {
            search(How::Substring, &["name", "description", "incomingNumber"])
        }
        _ => return None,
    })
}

/// The `search=` of a list of `kind`, if one was sent.
pub(crate) fn parse(
    kind: &str,
    text: Option<&String>,
) -> Result<Option<(Search, String)>, Response> {
    let Some(text) = text else {
        return Ok(None);
    };
    match of(kind) {
        Some(s) => Ok(Some((s, text.to_lowercase()))),
        None => Err(refuse(&format!(
            "контекстный поиск по сущности '{kind}' не поддерживается"
        ))),
    }
}

impl Search {
    /// Whether `row` is found by `query` (lower case); `db` holds a
    /// counterparty's contact persons.
    pub fn matches(&self, row: &Value, query: &str, db: Option<&Db>) -> bool {
        let mut texts: Vec<String> = self.fields.iter().filter_map(|f| text(row, f)).collect();
        if self.contact_persons
            && let (Some(db), Some(id)) = (db, row["id"].as_str())
            && let Some(t) = db.tables.get(&format!("counterparty/{id}/contactpersons"))
        {
            for p in t.rows() {
                texts.extend(["name", "email", "phone"].iter().filter_map(|f| text(p, f)));
            }
        }
        match self.how {
            How::Substring => texts.iter().any(|t| t.contains(query)),
            How::WordPrefix => query.split_whitespace().all(|q| {
                texts
                    .iter()
                    .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
                    .any(|w| w.starts_with(q))
            }),
        }
    }
}

fn text(row: &Value, field: &str) -> Option<String> {
    row[field].as_str().map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn goods_are_found_by_the_start_of_any_word_documents_by_any_substring() {
        let product = of("product").unwrap();
        let row = json!({"name": "Пазл детский 1200 штук", "description": "возврат"});
        assert!(product.matches(&row, "120", None));
        assert!(product.matches(&row, "дет 120", None));
        assert!(!product.matches(&row, "200", None));
        assert!(
            !product.matches(&row, "возврат", None),
            "description is not searched"
        );
        let order = of("customerorder").unwrap();
        assert!(order.matches(&json!({"name": "Диван"}), "иван", None));
    }

    #[test]
    fn webhooks_refuse_search() {
        assert!(parse("webhook", Some(&"x".to_owned())).is_err());
        assert!(parse("webhook", None).unwrap().is_none());
    }
}
