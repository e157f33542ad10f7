//! EW-1 fields, EW-2 passwords, EW-3 the billing address.

use super::*;
use crate::connectors::woocommerce::{BillingWrite, CustomerWrite, MetaWrite};

fn created(plan: &AccountPlan) -> (&CustomerWrite, PasswordChoice, &Option<String>) {
    match &plan.action {
        Action::Create {
            fields,
            password,
            role,
        } => (fields, *password, role),
        other => panic!("expected a create: {other:?}"),
    }
}

#[test]
fn ew_1_create_sends_names_company_phone_email_and_status() {
    let tp = third_party(
        true,
        WebMode::None,
        vec![contact("C1", Some("zoe@eloise.fr"), false)],
    );
    let (plans, _) = apply(&settings(), &tp, &[], &[]);
    let (own, _, _) = created(for_email(&plans, "contact@eloise.fr"));
    assert_eq!(own.email.as_deref(), Some("contact@eloise.fr"));
    assert_eq!(own.last_name.as_deref(), Some("Martin"));
    assert_eq!(own.first_name.as_deref(), Some("Éloïse"));
    assert_eq!(own.billing.company.as_deref(), Some("Boulangerie Éloïse"));
    assert_eq!(
        own.billing.phone.as_deref(),
        Some("06 00 00 00 00"),
        "mobile when no phone"
    );
    assert_eq!(own.billing.email.as_deref(), Some("contact@eloise.fr"));
    assert_eq!(
        own.meta_data,
        vec![MetaWrite {
            key: KEY.into(),
            value: "yes".into()
        }]
    );
    let (c1, _, _) = created(for_email(&plans, "zoe@eloise.fr"));
    assert_eq!(c1.last_name.as_deref(), Some("Nom C1"));
    assert_eq!(
        c1.billing.company.as_deref(),
        Some("Boulangerie Éloïse"),
        "the contact's company"
    );
    assert_eq!(c1.billing.phone.as_deref(), Some("06 C1"));
    assert!(
        own.password.is_none(),
        "the password is made right before the request"
    );
}

#[test]
fn ew_1_update_sends_only_what_differs_and_a_redelivery_nothing() {
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let s = settings();
    let (plans, _) = apply(&s, &tp, &[], &[]);
    let (fields, _, _) = created(&plans[0]);
    // The shop now holds what we created, plus a changed last name.
    let mut shop = account(5, "CONTACT@eloise.fr", Some("yes"));
    shop.first_name = "Éloïse".into();
    shop.last_name = "Martin-Old".into();
    let b = &fields.billing;
    shop.billing = WooAddress {
        first_name: "Éloïse".into(),
        last_name: "Martin".into(),
        company: b.company.clone().unwrap(),
        address_1: b.address_1.clone().unwrap(),
        address_2: String::new(),
        postcode: "75004".into(),
        city: "Paris".into(),
        country: "FR".into(),
        email: "contact@eloise.fr".into(),
        phone: b.phone.clone().unwrap(),
        state: String::new(),
    };
    let links = [Link {
        erp: tiers(),
        woo_id: 5,
    }];
    let (plans, _) = apply(&s, &tp, std::slice::from_ref(&shop), &links);
    assert_eq!(
        plans[0].action,
        Action::Update {
            id: 5,
            fields: CustomerWrite {
                last_name: Some("Martin".into()),
                ..Default::default()
            },
            role: None,
            activation: None,
        },
        "e-mails compare without case; only the last name differs"
    );
    shop.last_name = "Martin".into();
    let (plans, _) = apply(&s, &tp, &[shop], &links);
    assert_eq!(plans[0].action, Action::Unchanged { id: 5 });
}

#[test]
fn ew_2_random_password_by_default() {
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let (plans, _) = apply(&settings(), &tp, &[], &[]);
    assert_eq!(created(&plans[0]).1, PasswordChoice::Random);
    let a = random_password();
    let b = random_password();
    assert!(a.expose().len() >= 24 && a.expose().chars().all(|c| c.is_ascii_alphanumeric()));
    assert_ne!(a.expose(), b.expose());
    assert!(!format!("{a:?} {a}").contains(a.expose()), "never printed");
}

#[test]
fn ew_2_welcome_email_leaves_the_password_to_the_shop() {
    let s = WooCommerceSettings {
        welcome_email: true,
        ..settings()
    };
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let (plans, _) = apply(&s, &tp, &[], &[]);
    assert_eq!(created(&plans[0]).1, PasswordChoice::ShopGenerated);
}

#[test]
fn ew_3_billing_address_with_france_by_default() {
    let tp = third_party(
        true,
        WebMode::None,
        vec![contact("C1", Some("zoe@eloise.fr"), false)],
    );
    let (plans, _) = apply(&settings(), &tp, &[], &[]);
    for p in &plans {
        let b = &created(p).0.billing;
        assert_eq!(b.address_1.as_deref(), Some("12 rue de l'Église"));
        assert_eq!(
            b.address_2.as_deref(),
            Some(""),
            "an empty line clears the shop's"
        );
        assert_eq!(
            (b.postcode.as_deref(), b.city.as_deref()),
            (Some("75004"), Some("Paris"))
        );
        assert_eq!(b.country.as_deref(), Some("FR"));
    }
}

#[test]
fn ew_3_addresses_off_or_no_erp_address_sends_none() {
    let off = WooCommerceSettings {
        addresses: false,
        ..settings()
    };
    let tp = third_party(true, WebMode::None, vec![contact("C1", None, false)]);
    let no_address = |b: &BillingWrite| {
        b.address_1.is_none() && b.postcode.is_none() && b.country.is_none() && b.city.is_none()
    };
    let (plans, _) = apply(&off, &tp, &[], &[]);
    let b = &created(&plans[0]).0.billing;
    assert!(
        no_address(b) && b.company.is_some() && b.phone.is_some(),
        "{b:?}"
    );
    let mut bare = tp.clone();
    bare.billing_address = None;
    let (plans, _) = apply(&settings(), &bare, &[], &[]);
    assert!(no_address(&created(&plans[0]).0.billing));
}
