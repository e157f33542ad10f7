//! MS-B10: the MoySklad id in a CRM custom field, on orders, customers and
//! corporate customers; written once, never again for the same id.

use super::super::MOYSKLAD_ID_FIELD;
use super::super::moysklad_id::{ShowId, field_entity, show_moysklad_id};
use crate::model::EntityKind;
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn shown(value: Option<Value>) -> BTreeMap<String, Value> {
    let mut fields = BTreeMap::from([("other".to_owned(), json!("kept"))]);
    if let Some(v) = value {
        fields.insert(MOYSKLAD_ID_FIELD.to_owned(), v);
    }
    fields
}

fn write(entity: &'static str, id: &str) -> Option<ShowId> {
    Some(ShowId {
        entity,
        custom_fields: [(MOYSKLAD_ID_FIELD.to_owned(), id.to_owned())].into(),
    })
}

#[test]
fn ms_b10_corporate_customer_gets_the_counterparty_id_in_its_own_field() {
    assert_eq!(
        show_moysklad_id(EntityKind::CorporateCustomer, &shown(None), "cp-1"),
        write("customer_corporate", "cp-1"),
        "the corporate entity's field, only the MoySklad id written"
    );
}

#[test]
fn ms_b10_each_linked_kind_has_its_crm_entity() {
    assert_eq!(field_entity(EntityKind::Order), Some("order"));
    assert_eq!(field_entity(EntityKind::Customer), Some("customer"));
    assert_eq!(
        field_entity(EntityKind::CorporateCustomer),
        Some("customer_corporate")
    );
    for kind in [
        EntityKind::Product,
        EntityKind::Payment,
        EntityKind::RetailSale,
    ] {
        assert_eq!(field_entity(kind), None, "{kind:?} has no CRM record");
        assert_eq!(show_moysklad_id(kind, &shown(None), "x"), None);
    }
}

#[test]
fn ms_b10_redelivery_writes_nothing_when_the_id_is_shown() {
    for kind in [
        EntityKind::Order,
        EntityKind::Customer,
        EntityKind::CorporateCustomer,
    ] {
        assert_eq!(
            show_moysklad_id(kind, &shown(Some(json!("ms-1"))), "ms-1"),
            None,
            "{kind:?}"
        );
    }
}

#[test]
fn ms_b10_another_or_emptied_value_is_rewritten() {
    let kind = EntityKind::CorporateCustomer;
    for old in [json!("cp-old"), json!(""), Value::Null, json!(17)] {
        assert_eq!(
            show_moysklad_id(kind, &shown(Some(old.clone())), "cp-1"),
            write("customer_corporate", "cp-1"),
            "{old}"
        );
    }
    assert_eq!(
        show_moysklad_id(kind, &shown(None), ""),
        None,
        "no id, no write"
    );
}
