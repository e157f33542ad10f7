//! EW-4 accounts per party and e-mail, EW-7 third parties without contacts.

use super::*;

#[test]
fn ew_4_third_party_and_each_contact_with_email_get_accounts() {
    let tp = third_party(
        true,
        WebMode::None,
        vec![
            contact("C1", Some("zoe@eloise.fr"), false),
            contact("C2", Some("jean@eloise.fr"), true),
        ],
    );
    let (plans, notes) = apply(&settings(), &tp, &[], &[]);
    let emails: Vec<&str> = plans.iter().map(|p| p.email.as_str()).collect();
    assert_eq!(
        emails,
        ["contact@eloise.fr", "zoe@eloise.fr", "jean@eloise.fr"]
    );
    assert_eq!(plans[0].parties, vec![tiers()]);
    assert_eq!(plans[2].parties, vec![of("C2")]);
    assert!(
        plans
            .iter()
            .all(|p| matches!(p.action, Action::Create { .. }))
    );
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn ew_4_contacts_without_a_usable_email_are_skipped_with_a_note() {
    let tp = third_party(
        true,
        WebMode::None,
        vec![
            contact("C1", None, false),
            contact("C2", Some("pas une adresse"), false),
            contact("C3", Some("ok@eloise.fr"), false),
        ],
    );
    let (plans, notes) = apply(&settings(), &tp, &[], &[]);
    assert_eq!(plans.len(), 2);
    assert!(
        notes.iter().any(|n| n.contains("T1/C1 has no e-mail")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("T1/C2")), "{notes:?}");
}

#[test]
fn ew_4_a_contact_sharing_the_third_party_email_shares_its_account() {
    let tp = third_party(
        true,
        WebMode::WebOnly,
        vec![contact("C1", Some("Contact@Eloise.fr"), false)],
    );
    let (plans, _) = apply(&settings(), &tp, &[], &[]);
    assert_eq!(plans.len(), 1, "one account per e-mail");
    assert_eq!(plans[0].parties, vec![tiers(), of("C1")], "both get linked");
    assert!(
        matches!(plans[0].action, Action::Create { .. }),
        "active when any of its parties is"
    );
}

#[test]
fn ew_7_third_party_without_contacts_is_not_sent() {
    let tp = third_party(true, WebMode::None, vec![]);
    let s = settings();
    let existing = [account(3, "contact@eloise.fr", Some("yes"))];
    let input = Input {
        settings: &s,
        third_party: &tp,
        accounts: &existing,
        links: &[],
        last_applied: None,
    };
    assert_eq!(plan(input), Plan::Skip(Skip::NoContacts));
    assert!(!is_sent(&tp));
}
