//! EW-5 inactive third parties, EW-6 web mode, in both deactivation modes.

use super::*;
use crate::connectors::woocommerce::{CustomerWrite, MetaWrite};

fn status_only(value: &str) -> CustomerWrite {
    CustomerWrite {
        meta_data: vec![MetaWrite {
            key: KEY.into(),
            value: value.into(),
        }],
        ..Default::default()
    }
}

#[test]
fn ew_5_inactive_third_party_is_not_created() {
    let tp = third_party(
        false,
        WebMode::All,
        vec![contact("C1", Some("zoe@eloise.fr"), true)],
    );
    let (plans, _) = apply(&settings(), &tp, &[], &[]);
    assert!(
        plans.iter().all(|p| p.action == Action::NotCreated),
        "{plans:#?}"
    );
}

#[test]
fn ew_5_inactive_third_party_deactivates_every_contact() {
    let tp = third_party(
        false,
        WebMode::None,
        vec![
            contact("C1", Some("zoe@eloise.fr"), true),
            contact("C2", Some("jean@eloise.fr"), false),
        ],
    );
    let shop = [
        account(1, "contact@eloise.fr", Some("yes")),
        account(2, "zoe@eloise.fr", None),
        account(3, "jean@eloise.fr", Some("no")),
    ];
    let (plans, _) = apply(&settings(), &tp, &shop, &[]);
    for (email, id) in [("contact@eloise.fr", 1), ("zoe@eloise.fr", 2)] {
        assert_eq!(
            for_email(&plans, email).action,
            Action::Update {
                id,
                fields: status_only("no"),
                role: None,
                activation: Some(Activation::Deactivate),
            },
            "status only, nothing else"
        );
    }
    assert_eq!(
        for_email(&plans, "jean@eloise.fr").action,
        Action::Unchanged { id: 3 }
    );
}

#[test]
fn ew_5_reactivated_third_party_is_activated_with_its_fields() {
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let shop = [account(1, "contact@eloise.fr", Some("no"))];
    let (plans, _) = apply(&settings(), &tp, &shop, &[]);
    let Action::Update {
        fields, activation, ..
    } = &plans[0].action
    else {
        panic!("{plans:?}");
    };
    assert_eq!(*activation, Some(Activation::Activate));
    assert_eq!(fields.meta_data[0].value, "yes");
    assert_eq!(fields.last_name.as_deref(), Some("Martin"));
}

#[test]
fn ew_6_none_and_all_make_every_contact_active() {
    for mode in [WebMode::None, WebMode::All] {
        let tp = third_party(
            true,
            mode,
            vec![contact("C1", Some("zoe@eloise.fr"), false)],
        );
        let (plans, _) = apply(&settings(), &tp, &[], &[]);
        assert!(
            matches!(
                for_email(&plans, "zoe@eloise.fr").action,
                Action::Create { .. }
            ),
            "{mode:?}"
        );
    }
}

#[test]
fn ew_6_web_only_keeps_web_contacts_active_and_the_others_inactive() {
    let tp = third_party(
        true,
        WebMode::WebOnly,
        vec![
            contact("C1", Some("web@eloise.fr"), true),
            contact("C2", Some("office@eloise.fr"), false),
            contact("C3", Some("old@eloise.fr"), false),
        ],
    );
    let shop = [account(9, "old@eloise.fr", Some("yes"))];
    let (plans, _) = apply(&settings(), &tp, &shop, &[]);
    assert!(matches!(
        for_email(&plans, "contact@eloise.fr").action,
        Action::Create { .. }
    ));
    assert!(matches!(
        for_email(&plans, "web@eloise.fr").action,
        Action::Create { .. }
    ));
    assert_eq!(
        for_email(&plans, "office@eloise.fr").action,
        Action::NotCreated
    );
    assert_eq!(
        for_email(&plans, "old@eloise.fr").action,
        Action::Update {
            id: 9,
            fields: status_only("no"),
            role: None,
            activation: Some(Activation::Deactivate),
        }
    );
}

#[test]
fn ew_5_ew_6_with_roles_the_role_carries_the_status() {
    let s = role_settings();
    let tp = third_party(
        true,
        WebMode::WebOnly,
        vec![contact("C1", Some("office@eloise.fr"), false)],
    );
    let mut office = account(4, "office@eloise.fr", None);
    office.role = "b2b_customer".into();
    let (plans, _) = apply(&s, &tp, &[office], &[]);
    let Action::Create { role, fields, .. } = &for_email(&plans, "contact@eloise.fr").action else {
        panic!("{plans:?}");
    };
    assert_eq!(
        role.as_deref(),
        Some("b2b_customer"),
        "set after the create"
    );
    assert!(fields.meta_data.is_empty(), "no status meta with roles");
    assert_eq!(
        for_email(&plans, "office@eloise.fr").action,
        Action::Update {
            id: 4,
            fields: CustomerWrite::default(),
            role: Some("b2b_blocked".into()),
            activation: Some(Activation::Deactivate),
        }
    );
}
