//! Peer answers: MoySklad and WooCommerce wire types, MoySklad error
//! bodies, and the MoySklad href check of the webhook hook. (CRM answers are
//! fuzzed in `connectors::retailcrm::fuzz_tests`: their types are private.)

use crate::connectors::moysklad::{
    Assortment, Counterparty, CustomerOrder, Document, StockRow, Store, Webhook, errors,
};
use crate::connectors::woocommerce::WooCustomer;
use crate::fuzz_input::{config, deep, input};
use crate::hooks::moysklad::entity_id;
use proptest::prelude::*;
use serde::Deserialize;

/// MoySklad's list envelope (`rows`), as the client reads pages.
#[derive(Deserialize)]
struct Rows<T> {
    #[allow(dead_code)]
    rows: Vec<T>,
}

const MOYSKLAD: &[&str] = &[
    r#"{"meta":{"href":"https://api.moysklad.ru/api/remap/1.2/entity/customerorder/1","type":"customerorder"},"id":"1","name":"00001","externalCode":"oc-5","moment":"2024-05-01 10:00:00.000","sum":1050,"state":{"meta":{"href":"https://api.moysklad.ru/api/remap/1.2/entity/customerorder/metadata/states/s1","type":"state"}},"positions":[{"quantity":2,"price":525,"assortment":{"meta":{"href":"h","type":"product"}}}]}"#,
    r#"{"rows":[{"id":"c1","name":"Ann","phone":"+7","email":"a@b.c","tags":["x"],"companyType":"individual"}],"meta":{"size":1,"limit":1000,"offset":0}}"#,
    r#"{"rows":[{"meta":{"href":"https://api.moysklad.ru/api/remap/1.2/entity/product/p1","type":"product"},"name":"P","code":"c","externalCode":"e","stock":1.5,"reserve":0,"inTransit":0,"quantity":1.5,"price":100,"salePrice":150}]}"#,
    r#"{"errors":[{"error":"bad","code":1021,"moreInfo":"m","parameter":"x"}]}"#,
];

const WOOCOMMERCE: &[&str] = &[
    r#"[{"id":12,"email":"a@b.c","first_name":"Ann","last_name":"Lee","role":"customer","username":"ann","billing":{"phone":"+33 6","company":"X","address_1":"a","postcode":"75004","country":"FR"},"shipping":{},"meta_data":[{"id":1,"key":"k","value":{"a":[1]}}],"date_modified_gmt":"2024-05-01T10:00:00"}]"#,
    r#"{"code":"woocommerce_rest_invalid_id","message":"Invalid ID.","data":{"status":404}}"#,
];

const HREFS: &[&str] = &[
    "https://api.moysklad.ru/api/remap/1.2/entity/customerorder/5f4e3c2b-1a2b-11ee-0a80-000000000001",
    "https://online.moysklad.ru/api/remap/1.2/entity/customerorder/ab12?expand=state#x",
    "https://api.moysklad.ru/api/remap/1.2/entity/retaildemand/../../../etc/passwd",
];

const BASE: &str = "https://api.moysklad.ru/api/remap/1.2";

fn decode_moysklad(raw: &[u8]) {
    let _ = serde_json::from_slice::<CustomerOrder>(raw);
    let _ = serde_json::from_slice::<Rows<CustomerOrder>>(raw);
    let _ = serde_json::from_slice::<Rows<Counterparty>>(raw);
    let _ = serde_json::from_slice::<Rows<StockRow>>(raw);
    let _ = serde_json::from_slice::<Rows<Assortment>>(raw);
    let _ = serde_json::from_slice::<Rows<Store>>(raw);
    let _ = serde_json::from_slice::<Rows<Webhook>>(raw);
    let _ = serde_json::from_slice::<Document>(raw);
    let _ = errors::parse_errors(raw);
}

fn decode_woocommerce(raw: &[u8]) {
    let _ = serde_json::from_slice::<Vec<WooCustomer>>(raw);
    let _ = serde_json::from_slice::<WooCustomer>(raw);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn moysklad_answers(raw in input(MOYSKLAD)) {
        decode_moysklad(&raw);
    }

    #[test]
    fn woocommerce_answers(raw in input(WOOCOMMERCE)) {
        decode_woocommerce(&raw);
    }

    /// Whatever the href, an accepted id is a plain MoySklad id on the
    /// tenant's own base: never a path, never empty, never another host.
    #[test]
    fn moysklad_href_check(raw in input(HREFS)) {
        let href = String::from_utf8_lossy(&raw);
        for kind in ["customerorder", "retaildemand"] {
            if let Some(id) = entity_id(&href, BASE, kind) {
                prop_assert!(!id.is_empty() && id.len() <= 64);
                prop_assert!(id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'));
                let own = href.starts_with(BASE)
                    || href.starts_with("https://online.moysklad.ru/api/remap/1.2");
                prop_assert!(own, "{href} accepted");
                let path = format!("/entity/{kind}/{id}");
                prop_assert!(href.contains(&path));
            }
        }
    }
}

#[test]
fn answers_deep_nesting_is_refused() {
    for open in ["[", "{\"a\":"] {
        let raw = deep(open);
        decode_moysklad(&raw);
        decode_woocommerce(&raw);
        assert!(serde_json::from_slice::<Rows<CustomerOrder>>(&raw).is_err());
        assert!(errors::parse_errors(&raw).is_empty());
    }
}

#[test]
fn answer_seeds_are_accepted() {
    serde_json::from_str::<CustomerOrder>(MOYSKLAD[0]).unwrap();
    serde_json::from_str::<Rows<Counterparty>>(MOYSKLAD[1]).unwrap();
    serde_json::from_str::<Rows<StockRow>>(MOYSKLAD[2]).unwrap();
    assert!(!errors::parse_errors(MOYSKLAD[3].as_bytes()).is_empty());
    serde_json::from_str::<Vec<WooCustomer>>(WOOCOMMERCE[0]).unwrap();
    assert!(entity_id(HREFS[0], BASE, "customerorder").is_some());
    assert!(entity_id(HREFS[1], BASE, "customerorder").is_some());
    assert!(entity_id(HREFS[2], BASE, "retaildemand").is_none());
}
