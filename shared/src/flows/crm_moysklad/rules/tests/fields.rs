//! Custom fields, managers and problems: MS-M12, MS-C1, MS-B7.

use super::*;
use crate::connectors::moysklad::{AttributeMeta, AttributeValue, Meta, NamedRef};
use crate::connectors::retailcrm::{CrmDictionaryElement, CrmUser};
use crate::error::Error;
use crate::flows::crm_moysklad::rules::copy_fields::attribute_meta;
use crate::flows::crm_moysklad::rules::custom_fields::{CrmDictionaries, Wanted, forward, reverse};
use crate::flows::crm_moysklad::rules::manager::employee_of;
use crate::flows::crm_moysklad::rules::problems::problem_of;
use crate::settings::FieldMapping;
use serde_json::json;

fn pair(crm: &str, ms: &str) -> FieldMapping {
    FieldMapping {
        crm: crm.into(),
        moysklad: ms.into(),
    }
}

fn colors() -> CrmDictionaries {
    let e = |code: &str, name: &str| CrmDictionaryElement {
        code: code.into(),
        name: name.into(),
    };
    BTreeMap::from([(
        "color".into(),
        vec![e("red", "Красный"), e("blue", "Синий")],
    )])
}

fn metas() -> Vec<AttributeMeta> {
    vec![
        AttributeMeta {
            id: "a-color".into(),
            name: "Цвет".into(),
            kind: "customentity".into(),
            custom_entity_meta: Some(Meta {
                href: format!("{BASE}/entity/customentity/dict-1/metadata"),
                ..Meta::entity(BASE, "customentitymetadata", "dict-1")
            }),
        },
        AttributeMeta {
            id: "a-count".into(),
            name: "Мест".into(),
            kind: "long".into(),
            custom_entity_meta: None,
        },
    ]
}

fn value(id: &str, v: serde_json::Value) -> AttributeValue {
    AttributeValue {
        meta: attribute_meta(BASE, "customerorder", id),
        id: Some(id.into()),
        name: None,
        kind: None,
        value: v,
    }
}

#[test]
fn ms_m12_dictionary_values_pass_as_values_and_numbers_as_numbers() {
    let pairs = [
        pair("color", "a-color"),
        pair("places", "a-count"),
        pair("x", "a-gone"),
    ];
    let crm = BTreeMap::from([
        ("color".into(), json!("red")),
        ("places".into(), json!("3")),
    ]);
    let (wanted, notes) = forward(&pairs, &crm, &colors(), &metas());
    assert_eq!(
        wanted[0],
        Wanted::Element {
            attribute: "a-color".into(),
            dictionary: "dict-1".into(),
            name: "Красный".into()
        },
        "the element's name, not the CRM code"
    );
    assert_eq!(
        wanted[1],
        Wanted::Value {
            attribute: "a-count".into(),
            value: json!(3)
        }
    );
    assert!(notes[0].contains("a-gone"));
    let (wanted, _) = forward(&pairs[1..2], &BTreeMap::new(), &colors(), &metas());
    assert_eq!(
        wanted[0],
        Wanted::Value {
            attribute: "a-count".into(),
            value: json!(null)
        },
        "cleared"
    );
}

#[test]
fn ms_m12_reverse_last_mapping_wins_and_never_the_manager() {
    let pairs = [
        pair("color", "a-color"),
        pair("note", "a-first"),
        pair("note", "a-second"),
        pair("mgr", "a-mgr"),
    ];
    let element = json!({"meta": {"href": format!("{BASE}/entity/customentity/dict-1/e-1")}, "name": "Синий"});
    let values = [
        value("a-color", element),
        value("a-first", json!("one")),
        value("a-second", json!("two")),
        value("a-mgr", json!({"meta": {"href": "x"}, "name": "Ivanov"})),
    ];
    let back = reverse(&pairs, Some("a-mgr"), &values, &colors());
    assert_eq!(
        back["color"],
        json!("blue"),
        "back to the CRM code of the same name"
    );
    assert_eq!(back["note"], json!("two"), "the last mapping wins");
    assert!(
        !back.contains_key("mgr"),
        "MS-C1: the manager is not taken from MoySklad"
    );
}

#[test]
fn ms_c1_manager_matches_an_employee_by_email_and_phone() {
    let user = CrmUser {
        id: 5,
        email: Some("Ivan@Shop.example".into()),
        phone: Some("+79031112233".into()),
        ..CrmUser::default()
    };
    let employee = |id: &str, phone: &str| NamedRef {
        id: Some(id.into()),
        email: Some("ivan@shop.example".into()),
        phone: Some(phone.into()),
        ..NamedRef::default()
    };
    let found = employee_of(
        &user,
        &[
            employee("e-1", "+7 000"),
            employee("e-2", "8 (903) 111-22-33"),
        ],
    );
    assert_eq!(found.as_deref(), Ok("e-2"));
    let missing = employee_of(&user, &[employee("e-1", "+7 000")]).unwrap_err();
    assert!(missing.contains("not created"), "{missing}");
    let no_phone = CrmUser {
        phone: None,
        ..user
    };
    assert!(employee_of(&no_phone, &[]).unwrap_err().contains("both"));
}

#[test]
fn ms_b7_auth_first_and_access_refusals_are_problems() {
    let auth = Error::PeerAuth {
        peer: "moysklad",
        message: "1056".into(),
    };
    let p = problem_of(&auth).unwrap();
    assert_eq!(p.code, "moysklad-auth");
    assert!(p.task_text().starts_with(&p.marker()));
    let denied = Error::PeerRejected {
        peer: "moysklad",
        status: 403,
        message: "1016".into(),
    };
    assert_eq!(problem_of(&denied).unwrap().code, "moysklad-access");
    let busy = Error::PeerUnavailable {
        peer: "moysklad",
        message: "429".into(),
        retry_after: None,
    };
    assert_eq!(
        problem_of(&busy),
        None,
        "retried, not a problem for the merchant"
    );
    let crm = Error::PeerAuth {
        peer: "retailcrm",
        message: "403".into(),
    };
    assert_eq!(
        problem_of(&crm),
        None,
        "no task can be set in a CRM that refuses us"
    );
}
