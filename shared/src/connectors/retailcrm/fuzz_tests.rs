//! Fuzzing of CRM answers and history entries (issue 18, item 2). It lives
//! here, not in `crate::fuzz`, because the wire types are private to the
//! connector; the harness is shared.

use super::details::CustomerDetailsAnswer;
use super::history::HistoryAnswer;
use super::order_details::OrderDetailsAnswer;
use super::retail_wire::{DeliveryTypesAnswer, RetailOrderAnswer};
use super::wire::{CorporatesAnswer, CustomersAnswer, OrderAnswer};
use crate::fuzz_input::{config, deep, input};
use proptest::prelude::*;

const HISTORY: &[&str] = &[
    r#"{"success":true,"history":[{"id":1,"createdAt":"2024-05-01 10:00:00","created":true,"source":"api","field":"status","apiKey":{"current":true},"order":{"id":5,"externalId":"oc-5"},"newValue":{"code":"new"}},{"id":2,"field":"payments","payment":{"id":9},"customer":{"id":3},"deleted":false,"oldValue":null}],"pagination":{"limit":100,"totalCount":2,"currentPage":1,"totalPageCount":1}}"#,
];

/// Answers with PHP's `[]` for an empty map next to the object form.
const ANSWERS: &[&str] = &[
    r#"{"success":true,"order":{"id":5,"externalId":"oc-5","number":"5A","status":"new","firstName":"Ann","phone":"+7 900","customer":{"id":3},"items":[{"id":1,"quantity":2,"initialPrice":10.5,"offer":{"externalId":"p1"}}],"delivery":{"code":"courier","cost":0,"address":{"text":"x"}},"payments":[],"customFields":[]}}"#,
    r#"{"success":true,"order":{"id":5,"payments":{"9":{"id":9,"status":"paid","amount":10}},"customFields":{"k":"v"},"items":[],"site":"shop"}}"#,
    r#"{"success":true,"customer":{"id":3,"firstName":"Ann","phones":[{"number":"+7 900"}],"customFields":[],"address":{"text":"x"},"contragent":{"contragentType":"individual"}}}"#,
    r#"{"success":true,"customers":[{"id":3,"externalId":"e","email":"a@b.c"}],"pagination":{"limit":20,"totalCount":1,"currentPage":1,"totalPageCount":1}}"#,
    r#"{"success":true,"customersCorporate":[{"id":4,"nickName":"X","customFields":[]}]}"#,
    r#"{"success":true,"deliveryTypes":[],"order":{"id":1,"payments":[]}}"#,
];

/// Decodes `raw` as every answer type; only panics matter.
fn decode_all(raw: &[u8]) {
    let _ = serde_json::from_slice::<HistoryAnswer>(raw);
    let _ = serde_json::from_slice::<OrderAnswer>(raw);
    let _ = serde_json::from_slice::<OrderDetailsAnswer>(raw);
    let _ = serde_json::from_slice::<CustomerDetailsAnswer>(raw);
    let _ = serde_json::from_slice::<CustomersAnswer>(raw);
    let _ = serde_json::from_slice::<CorporatesAnswer>(raw);
    let _ = serde_json::from_slice::<RetailOrderAnswer>(raw);
    let _ = serde_json::from_slice::<DeliveryTypesAnswer>(raw);
    let _ = super::errors::ErrorBody::parse(raw);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn crm_history_entries(raw in input(HISTORY)) {
        let _ = serde_json::from_slice::<HistoryAnswer>(&raw);
    }

    #[test]
    fn crm_answers(raw in input(ANSWERS)) {
        decode_all(&raw);
    }
}

#[test]
fn crm_deep_nesting_is_refused() {
    for open in ["[", "{\"a\":"] {
        let raw = deep(open);
        assert!(serde_json::from_slice::<HistoryAnswer>(&raw).is_err());
        decode_all(&raw);
        // Nested inside a PHP-map field, where `php::map` takes over.
        let inner = format!(
            r#"{{"order":{{"payments":{}"#,
            String::from_utf8_lossy(&raw)
        );
        assert!(serde_json::from_slice::<RetailOrderAnswer>(inner.as_bytes()).is_err());
    }
}

#[test]
fn crm_seeds_are_accepted() {
    serde_json::from_str::<HistoryAnswer>(HISTORY[0]).unwrap();
    serde_json::from_str::<OrderAnswer>(ANSWERS[0]).unwrap();
    serde_json::from_str::<RetailOrderAnswer>(ANSWERS[1]).unwrap();
    serde_json::from_str::<CustomerDetailsAnswer>(ANSWERS[2]).unwrap();
    serde_json::from_str::<CustomersAnswer>(ANSWERS[3]).unwrap();
    serde_json::from_str::<CorporatesAnswer>(ANSWERS[4]).unwrap();
}
