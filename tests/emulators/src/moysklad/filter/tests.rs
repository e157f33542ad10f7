//! The filter rules of md/_general.md on rows of real entity shapes.

use super::{Filter, Spec};
use crate::moysklad::state::Db;
use axum::response::Response;
use serde_json::{Value, json};

fn counterparties() -> Vec<Value> {
    let store = |id: &str| json!({"meta": {"href": format!("http://127.0.0.1:9/api/remap/1.2/entity/store/{id}")}});
    vec![
        json!({"id": "00000000-0000-4000-8000-000000000001", "name": "Иванов", "email": "a@x.ru",
            "tags": ["опт"], "updated": "2024-01-31 12:00:00.000", "archived": false, "owner": store("s1"),
            "attributes": [{"id": "at", "value": "красный"}]}),
        json!({"id": "00000000-0000-4000-8000-000000000002", "name": "Петров", "email": "b@x.ru",
            "phone": "+79031234567", "updated": "2024-02-01 09:30:00.000", "archived": true}),
        json!({"id": "00000000-0000-4000-8000-000000000003", "name": "Сидоров a;b", "archived": false,
            "updated": "2024-03-01 00:00:00.000"}),
    ]
}

fn spec<'a>(kind: &'a str, db: &Db) -> Spec<'a> {
    let mut s = Spec::entity(kind, db);
    if let Some(a) = s.attributes.as_mut() {
        a.insert("at".into(), "string".into());
    }
    s
}

/// Names of the counterparties `filter` finds.
fn names(filter: &str) -> Vec<String> {
    let f = Filter::parse(
        &spec("counterparty", &Db::default()),
        Some(&filter.to_owned()),
    )
    .unwrap_or_else(|e| panic!("{filter}: refused with {}", e.status()));
    counterparties()
        .into_iter()
        .filter(|r| f.matches(r))
        .map(|r| r["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The status and error code of a refused filter on `kind`.
async fn refusal(kind: &str, filter: &str) -> (u16, i64) {
    let answer: Response = Filter::parse(&spec(kind, &Db::default()), Some(&filter.to_owned()))
        .err()
        .unwrap_or_else(|| panic!("{kind}?filter={filter} was accepted"));
    let status = answer.status().as_u16();
    let body = axum::body::to_bytes(answer.into_body(), 1 << 16)
        .await
        .unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    (status, body["errors"][0]["code"].as_i64().unwrap())
}

#[test]
fn repeated_equality_on_one_field_is_an_or() {
    assert_eq!(names("email=a@x.ru;email=b@x.ru"), ["Иванов", "Петров"]);
    assert_eq!(names("archived=true;archived=false").len(), 3);
}

#[test]
fn repeated_not_equal_is_an_and_and_different_fields_and() {
    assert_eq!(names("email!=a@x.ru;email!=b@x.ru"), ["Сидоров a;b"]);
    assert_eq!(
        names("email=a@x.ru;email=b@x.ru;archived=false"),
        ["Иванов"]
    );
}

#[test]
fn empty_value_finds_empty_fields_and_not_equal_empty_filled_ones() {
    assert_eq!(names("phone="), ["Иванов", "Сидоров a;b"]);
    assert_eq!(names("phone!="), ["Петров"]);
}

#[test]
fn likeness_operators_ignore_case_and_anchor_as_documented() {
    assert_eq!(names("name~ИВ"), ["Иванов"]);
    assert_eq!(names("name~=пет"), ["Петров"]);
    assert_eq!(names("name=~ОВ"), ["Иванов", "Петров"]);
    assert_eq!(names("tags=опт"), ["Иванов"]);
}

#[test]
fn orderings_compare_moments_and_a_repeated_one_keeps_its_first_value() {
    assert_eq!(
        names("updated>=2024-02-01 09:30"),
        ["Петров", "Сидоров a;b"]
    );
    assert_eq!(
        names("updated<2024-02-01 09:30:00;updated<2025-01-01 00:00"),
        ["Иванов"]
    );
}

#[test]
fn escaped_semicolon_references_and_custom_attributes() {
    assert_eq!(names(r"name=Сидоров a\;b"), ["Сидоров a;b"]);
    let owner = "owner=https://api.moysklad.ru/api/remap/1.2/entity/store/s1";
    assert_eq!(names(owner), ["Иванов"]);
    let attr =
        "https://api.moysklad.ru/api/remap/1.2/entity/counterparty/metadata/attributes/at~крас";
    assert_eq!(names(attr), ["Иванов"]);
}

#[tokio::test]
async fn fields_an_entity_is_not_filtered_on_are_refused_with_1034() {
    for (kind, filter) in [
        ("counterparty", "idd=00000000-0000-4000-8000-000000000001"),
        ("counterparty", "externalcode=x"),
        ("counterparty", "id~0000"),
        ("counterparty", "accounts.accountnumber=1"),
        (
            "counterparty",
            "https://h/api/remap/1.2/entity/counterparty/metadata/attributes/nope=1",
        ),
        (
            "move",
            "agent=https://h/api/remap/1.2/entity/counterparty/x",
        ),
        ("variant", "description=x"),
        ("webhook", "url=http://x"),
        ("customerorder", "sum=100;sum>99"),
        ("product", "name"),
    ] {
        assert_eq!(
            refusal(kind, filter).await,
            (412, 1034),
            "{kind}?filter={filter}"
        );
    }
}

#[tokio::test]
async fn values_a_field_cannot_hold_get_their_own_codes() {
    assert_eq!(refusal("counterparty", "archived=maybe").await, (412, 1014));
    assert_eq!(refusal("counterparty", "id=42").await, (412, 1014));
    assert_eq!(refusal("customerorder", "agent=42").await, (412, 1014));
    assert_eq!(
        refusal("customerorder", "moment>yesterday").await,
        (412, 1035)
    );
}

#[test]
fn documented_general_filters_are_taken() {
    let db = Db::default();
    for (kind, filter) in [
        ("customerorder", "isDeleted=false;state!="),
        (
            "retaildemand",
            "retailstore=https://h/api/remap/1.2/entity/retailstore/1",
        ),
        ("variant", "productid=00000000-0000-4000-8000-000000000001"),
        ("product", "barcode~460"),
    ] {
        let parsed = Filter::parse(&spec(kind, &db), Some(&filter.to_owned()));
        assert!(parsed.is_ok(), "{kind}?filter={filter}");
    }
}
