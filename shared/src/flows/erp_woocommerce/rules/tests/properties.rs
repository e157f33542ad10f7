//! Properties over random third parties and shops: one account per e-mail,
//! never a duplicate of an existing account, inactive parties never created.

use super::*;
use proptest::prelude::*;
use std::collections::HashSet;

/// A small pool, so that e-mails collide often (case differs too).
const EMAILS: [&str; 6] = [
    "a@x.fr",
    "A@X.fr",
    "b@x.fr",
    "c@x.fr",
    "d@x.fr",
    "not-an-email",
];

fn email() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(proptest::sample::select(&EMAILS[..]).prop_map(str::to_owned))
}

fn mode() -> impl Strategy<Value = WebMode> {
    prop_oneof![
        Just(WebMode::None),
        Just(WebMode::All),
        Just(WebMode::WebOnly)
    ]
}

prop_compose! {
    fn arb_party()(active in any::<bool>(), mode in mode(), own in email(),
                   contacts in proptest::collection::vec((email(), any::<bool>()), 0..6))
                   -> ThirdParty {
        let contacts = contacts
            .into_iter()
            .enumerate()
            .map(|(i, (e, web))| contact(&format!("C{i}"), e.as_deref(), web))
            .collect();
        ThirdParty { email: own, ..third_party(active, mode, contacts) }
    }
}

prop_compose! {
    fn arb_shop()(picks in proptest::collection::vec((0usize..5, any::<bool>()), 0..4)) -> Vec<WooCustomer> {
        let mut seen = HashSet::new();
        picks
            .into_iter()
            .filter(|(i, _)| seen.insert(EMAILS[*i].to_ascii_lowercase()))
            .enumerate()
            .map(|(n, (i, on))| account(n as i64 + 1, EMAILS[i], Some(if on { "yes" } else { "no" })))
            .collect()
    }
}

proptest! {
    #[test]
    fn the_plan_never_creates_two_accounts_for_one_email(tp in arb_party(), shop in arb_shop()) {
        let s = settings();
        let input = Input { settings: &s, third_party: &tp, accounts: &shop, links: &[], last_applied: None };
        let Plan::Apply { accounts, .. } = plan(input) else {
            prop_assert!(tp.contacts.is_empty(), "only EW-7 skips here");
            return Ok(());
        };
        let mut created = HashSet::new();
        let mut touched = HashSet::new();
        for a in &accounts {
            match &a.action {
                Action::Create { fields, .. } => {
                    let e = a.email.to_ascii_lowercase();
                    prop_assert!(created.insert(e.clone()), "two creates for {}", e);
                    prop_assert!(!shop.iter().any(|c| c.email.eq_ignore_ascii_case(&e)),
                        "create for an existing e-mail {}", e);
                    prop_assert!(tp.active, "EW-5: an inactive third party creates nothing");
                    prop_assert_eq!(fields.meta_data[0].value.as_str(), "yes");
                }
                Action::Update { id, .. } | Action::Unchanged { id } => {
                    prop_assert!(touched.insert(*id), "account {} planned twice", id);
                }
                Action::NotCreated => {}
            }
        }
    }
}
