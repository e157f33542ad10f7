//! Hook bodies: OpenCart, MoySklad, WooCommerce, ERP (JSON and CSV) and
//! Shop-Script, each through the function its hook calls on the raw bytes.

use crate::connectors::erp::{parse_csv, parse_json};
use crate::connectors::moysklad::WebhookPayload;
use crate::connectors::opencart::{parse_event, parse_hook_body};
use crate::connectors::webasyst::Notification;
use crate::connectors::woocommerce::WebhookDelivery;
use crate::fuzz_input::{config, deep, input};
use proptest::prelude::*;
use serde_json::Value;

const OPENCART: &[&str] = &[
    r#"{"route":"synclane/ping"}"#,
    r#"{"route":"checkout/order/deleteOrder","order_id":"42"}"#,
    r#"{"route":"customer/customer/editCustomer","customer_id":"7","customer":{"email":"a@b.c"},"addresses":[]}"#,
    r#"{"route":"account/customer.deleteCustomer","customer_id":7}"#,
    r#"{"route":"checkout/order/addOrder","order_id":5,"order":{"order_id":5,"email":"a@b.c","total":"10.50"},"products":[{"product_id":1,"quantity":2,"price":"5.25"}]}"#,
];

const MOYSKLAD: &[&str] = &[
    r#"{"auditContext":{"meta":{"type":"audit"},"uid":"admin@x","moment":"2024-05-01 10:00:00"},"events":[{"meta":{"type":"customerorder","href":"https://api.moysklad.ru/api/remap/1.2/entity/customerorder/5f4e3c2b-1a2b-11ee-0a80-000000000001"},"action":"UPDATE","accountId":"acc","updatedFields":["state"]}]}"#,
    r#"{"events":[{"meta":{"type":"retaildemand","href":"https://api.moysklad.ru/api/remap/1.2/entity/retaildemand/ab-12"},"action":"CREATE"}]}"#,
];

const WOOCOMMERCE: &[&str] = &[
    r#"{"id":12,"email":"a@b.c","first_name":"Ann","last_name":"Lee","role":"customer","billing":{"phone":"+33 6","company":"X"},"meta_data":[{"id":1,"key":"k","value":"v"}]}"#,
    r#"{"webhook_id":3}"#,
];

const ERP_JSON: &[&str] = &[
    r#"{"third_parties":[{"tiers_id":" T001 ","updated_at":"2024-05-01T10:00:00+02:00","active":true,"web_mode":"web_only","company":"Boulangerie","last_name":"Дмитриев","first_name":"Ёжик","email":"contact@eloise.fr","phone":"","mobile":"+33 6 12 34 56 78","contacts":[{"contact_id":"C1","is_web_contact":true,"email":"a@b.c"}]}]}"#,
    r#"{"third_parties":[{"tiers_id":"T1","updated_at":"2024-05-01T10:00:00Z","active":true}]}"#,
];

const ERP_CSV: &[&str] = &[concat!(
    "tiers_id,updated_at,active,web_mode,company,last_name,first_name,email,phone,mobile,billing_line1,billing_line2,billing_postcode,billing_city,billing_country,contact_id,contact_is_web_contact,contact_last_name,contact_first_name,contact_email,contact_phone\n",
    "T1,2024-05-01T10:00:00Z,oui,web_only,\"Dupont, Fils & Cie\",Дмитриев,Zoë,info@dupont.fr,0102030405,,\"12, rue \"\"Haute\"\"\",,75004,Paris,,C1,1,Müller,Jürgen,j@dupont.fr,0601\n",
    "T2,2024-05-01T10:00:00Z,0,,Solo,,,,,,,,,,,,,,,,\n",
)];

const SHOPSCRIPT: &[&str] = &[
    r#"{"order_id":"12","action_id":"pay","log_id":"77"}"#,
    r#"{"order":{"id":"12","state_id":"paid"},"action_data":{"id":78,"action_id":"ship"}}"#,
    "order_id=12&action_id=pay&log_id=77",
    "order%5Bid%5D=12&action_data%5Bid%5D=78&action_data%5Baction_id%5D=ship",
];

/// The WooCommerce hook's reading of a customer body: JSON, then a
/// positive integer `id` (shared with the hook through the same calls).
fn woo_customer_id(raw: &[u8]) -> Option<i64> {
    let payload: Value = serde_json::from_slice(raw).ok()?;
    payload
        .get("id")
        .and_then(Value::as_i64)
        .filter(|id| *id > 0)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn opencart_hook_body(raw in input(OPENCART)) {
        // Returning is the property; an accepted order or customer also
        // carries a positive id (never a clamped or defaulted one).
        match parse_event(&raw) {
            Ok(crate::connectors::opencart::HookEvent::Order(o)) => prop_assert!(o.order_id > 0),
            Ok(crate::connectors::opencart::HookEvent::OrderDeleted { order_id }) => {
                prop_assert!(order_id > 0)
            }
            Ok(crate::connectors::opencart::HookEvent::Customer(c)) => {
                prop_assert!(c.customer_id > 0)
            }
            _ => {}
        }
        if let Ok(body) = parse_hook_body(&raw) {
            prop_assert!(body.order_id > 0 && body.order.order_id == body.order_id);
        }
    }

    #[test]
    fn moysklad_webhook_body(raw in input(MOYSKLAD)) {
        let _ = serde_json::from_slice::<WebhookPayload>(&raw);
    }

    #[test]
    fn woocommerce_hook_body(raw in input(WOOCOMMERCE)) {
        let _ = woo_customer_id(&raw);
        let _ = WebhookDelivery::ping_id(&raw);
        let _ = serde_json::from_slice::<crate::connectors::woocommerce::WooCustomer>(&raw);
    }

    #[test]
    fn erp_feed_json(raw in input(ERP_JSON)) {
        let _ = parse_json(&raw);
    }

    #[test]
    fn erp_feed_csv(raw in input(ERP_CSV)) {
        let _ = parse_csv(&raw);
    }

    #[test]
    fn shopscript_notification(raw in input(SHOPSCRIPT)) {
        let _ = Notification::parse(&raw, None);
        let _ = Notification::parse(&raw, Some("application/x-www-form-urlencoded"));
        let _ = Notification::parse(&raw, Some("application/json"));
    }
}

/// Deep nesting is refused by serde_json's recursion limit, with the
/// parser's typed error, on the test thread's normal (2 MiB) stack.
#[test]
fn deep_nesting_is_refused_not_overflowed() {
    for open in ["[", "{\"a\":"] {
        let raw = deep(open);
        assert!(parse_event(&raw).is_err());
        assert!(parse_hook_body(&raw).is_err());
        assert!(serde_json::from_slice::<WebhookPayload>(&raw).is_err());
        assert!(woo_customer_id(&raw).is_none());
        assert!(parse_json(&raw).is_err());
        assert!(parse_csv(&raw).is_err());
        assert!(Notification::parse(&raw, None).is_err());
        let wrapped = format!("{{\"events\":{}", String::from_utf8_lossy(&raw));
        assert!(serde_json::from_slice::<WebhookPayload>(wrapped.as_bytes()).is_err());
    }
}

/// The seeds are valid bodies, so their mutations reach past the first
/// syntax check into each parser's own checks.
#[test]
fn hook_seeds_are_accepted() {
    for s in OPENCART {
        assert!(
            parse_event(s.as_bytes()).is_ok(),
            "{s}: {:?}",
            parse_event(s.as_bytes()).err()
        );
    }
    for s in MOYSKLAD {
        serde_json::from_str::<WebhookPayload>(s).unwrap();
    }
    assert_eq!(woo_customer_id(WOOCOMMERCE[0].as_bytes()), Some(12));
    for s in ERP_JSON {
        assert!(parse_json(s.as_bytes()).is_ok(), "{s}");
    }
    assert!(parse_csv(ERP_CSV[0].as_bytes()).is_ok());
    for s in SHOPSCRIPT {
        let form = (!s.starts_with('{')).then_some("application/x-www-form-urlencoded");
        assert!(Notification::parse(s.as_bytes(), form).is_ok(), "{s}");
    }
}
