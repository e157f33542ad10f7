//! Stale versions, links, adoption by e-mail, and accounts we must not touch.

use super::*;
use time::Duration;

#[test]
fn an_older_version_than_the_last_applied_is_skipped() {
    let s = settings();
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let input = |last| Input {
        settings: &s,
        third_party: &tp,
        accounts: &[],
        links: &[],
        last_applied: Some(last),
    };
    let later = V1 + Duration::minutes(5);
    assert_eq!(
        plan(input(later)),
        Plan::Skip(Skip::Stale {
            got: V1,
            last_applied: later
        })
    );
    let Plan::Apply { version, .. } = plan(input(V1)) else {
        panic!("the same version is applied again (a redelivery)");
    };
    assert_eq!(version, V1);
}

#[test]
fn a_link_wins_over_the_email_and_carries_an_email_change() {
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let shop = [
        account(7, "old@eloise.fr", Some("yes")),
        account(8, "someone@else.fr", Some("yes")),
    ];
    let links = [Link {
        erp: tiers(),
        woo_id: 7,
    }];
    let (plans, _) = apply(&settings(), &tp, &shop, &links);
    let Action::Update { id, fields, .. } = &plans[0].action else {
        panic!("{plans:?}");
    };
    assert_eq!(*id, 7);
    assert_eq!(fields.email.as_deref(), Some("contact@eloise.fr"));
}

#[test]
fn an_existing_account_with_the_email_is_adopted_not_duplicated() {
    let tp = third_party(
        true,
        WebMode::None,
        vec![contact("C1", Some("zoe@eloise.fr"), false)],
    );
    let shop = [account(12, "ZOE@eloise.fr", None)];
    let (plans, _) = apply(&settings(), &tp, &shop, &[]);
    let p = for_email(&plans, "zoe@eloise.fr");
    assert!(matches!(p.action, Action::Update { id: 12, .. }), "{p:?}");
    assert_eq!(p.parties, vec![of("C1")], "the link is written");
}

#[test]
fn a_linked_account_deleted_in_the_shop_is_created_again() {
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let links = [Link {
        erp: tiers(),
        woo_id: 99,
    }];
    let (plans, _) = apply(&settings(), &tp, &[], &links);
    assert!(matches!(plans[0].action, Action::Create { .. }));
}

#[test]
fn an_administrator_with_a_contact_email_is_left_alone() {
    let tp = third_party(
        true,
        WebMode::None,
        vec![contact("C1", Some("boss@eloise.fr"), false)],
    );
    let mut admin = account(1, "boss@eloise.fr", None);
    admin.role = "administrator".into();
    let (plans, notes) = apply(&settings(), &tp, &[admin], &[]);
    assert!(
        plans.iter().all(|p| p.email != "boss@eloise.fr"),
        "{plans:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("administrator")),
        "{notes:?}"
    );
}

#[test]
fn an_email_change_onto_another_account_is_not_sent() {
    let tp = third_party(
        true,
        WebMode::None,
        vec![contact("C1", Some("zoe@eloise.fr"), false)],
    );
    // The third party's link points at 7, whose e-mail differs; 8 already
    // has the third party's e-mail but is linked to nobody.
    let shop = [
        account(7, "old@eloise.fr", Some("yes")),
        account(8, "contact@eloise.fr", Some("yes")),
    ];
    let links = [Link {
        erp: tiers(),
        woo_id: 7,
    }];
    let (plans, notes) = apply(&settings(), &tp, &shop, &links);
    let Action::Update { id: 7, fields, .. } = &plans[0].action else {
        panic!("{plans:?}");
    };
    assert_eq!(fields.email, None);
    assert!(
        notes.iter().any(|n| n.contains("another account holds it")),
        "{notes:?}"
    );
}
