//! EW-1..EW-4 and EW-7: what a feed creates in the shop, field by field.

use super::*;

/// EW-1: names, company, phone, e-mail and status reach the account; an
/// update sends only what changed.
async fn fields_reach_the_account(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let c1 = contact("C1", Some("zoe@dupont.fr"), false);
    app.feed(&[party("T1", V1, vec![c1.clone()])]).await;
    app.drain().await;
    let own = app.account("t1@erp.fr");
    assert_eq!(
        (own["first_name"].as_str(), own["last_name"].as_str()),
        (Some("Éloïse"), Some("Martin"))
    );
    assert_eq!(own["billing"]["company"], "Boulangerie T1");
    assert_eq!(own["billing"]["phone"], "01 02 03 04 05");
    assert_eq!(own["billing"]["email"], "t1@erp.fr");
    assert_eq!(approved(&own).as_deref(), Some("yes"), "the status");
    let zoe = app.account("zoe@dupont.fr");
    assert_eq!(zoe["first_name"], "Prénom-C1");
    assert_eq!(zoe["billing"]["company"], "Boulangerie T1", "its company's");

    app.woo.clear_log();
    let renamed = set(party("T1", V2, vec![c1]), "phone", json!("09 99 99 99 99"));
    app.feed(&[renamed]).await;
    app.drain().await;
    let batches: Vec<Value> = app
        .woo
        .requests()
        .into_iter()
        .filter(|r| r.path == "/wc/v3/customers/batch")
        .filter_map(|r| r.body)
        .collect();
    assert_eq!(batches.len(), 1, "{batches:#?}");
    assert_eq!(
        batches[0]["update"],
        json!([{"id": id(&own), "billing": {"phone": "09 99 99 99 99"}}]),
        "only the changed field is sent"
    );
    assert_eq!(
        app.account("t1@erp.fr")["billing"]["phone"],
        "09 99 99 99 99"
    );
}

/// EW-2: random passwords by default (no set-password link goes out); with
/// the welcome e-mail on, the shop makes the password and its e-mail
/// carries the set-password link.
async fn passwords_and_welcome_email(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[party(
        "T1",
        V1,
        vec![contact("C1", Some("c1@erp.fr"), true)],
    )])
    .await;
    app.drain().await;
    let (a, b) = (app.account("t1@erp.fr"), app.account("c1@erp.fr"));
    let (pa, pb) = (
        app.woo.password_of(id(&a)).unwrap(),
        app.woo.password_of(id(&b)).unwrap(),
    );
    assert_eq!((pa.len(), pb.len()), (32, 32));
    assert_ne!(pa, pb, "each account its own random password");
    assert!(pa.chars().all(|c| c.is_ascii_alphanumeric()));
    assert!(
        app.woo
            .new_account_emails()
            .iter()
            .all(|e| !e.set_password_link),
        "nobody is told the password"
    );
    let sent = app.woo.requests();
    let bodies = serde_json::to_string(&sent.iter().map(|r| &r.body).collect::<Vec<_>>()).unwrap();
    assert!(!bodies.contains(&pa), "the emulator's log never holds it");

    let app = EwApp::spawn_with(backend, |shop| shop.welcome_email = true).await;
    app.feed(&[party(
        "T2",
        V1,
        vec![contact("C1", Some("c2@erp.fr"), true)],
    )])
    .await;
    app.drain().await;
    let creates: Vec<Value> = app
        .woo
        .requests()
        .into_iter()
        .filter_map(|r| r.body?.get("create").cloned())
        .collect();
    assert!(
        creates
            .iter()
            .flat_map(|c| c.as_array().unwrap())
            .all(|c| c.get("password").is_none()),
        "no password sent: {creates:?}"
    );
    let emails = app.woo.new_account_emails();
    assert_eq!(emails.len(), 2);
    assert!(emails.iter().all(|e| e.set_password_link));
}

/// EW-3: the billing address, France by default; nothing else; off by setting.
async fn billing_address_with_france_by_default(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let mut belgian = party("T2", V1, vec![contact("C1", None, false)]);
    belgian["billing_address"]["country"] = json!("be");
    app.feed(&[party("T1", V1, vec![contact("C1", None, false)]), belgian])
        .await;
    app.drain().await;
    let billing = &app.account("t1@erp.fr")["billing"];
    assert_eq!(billing["address_1"], "12 rue de l'Église");
    assert_eq!(billing["address_2"], "Bâtiment B");
    assert_eq!(
        (billing["postcode"].as_str(), billing["city"].as_str()),
        (Some("75004"), Some("Paris"))
    );
    assert_eq!(billing["country"], "FR", "France by default");
    assert_eq!(app.account("t2@erp.fr")["billing"]["country"], "BE");
    let shipping = &app.account("t1@erp.fr")["shipping"];
    assert!(
        ["address_1", "city", "postcode"]
            .iter()
            .all(|f| shipping[*f].as_str().unwrap_or("").is_empty()),
        "no delivery address: {shipping}"
    );

    let app = EwApp::spawn_with(backend, |shop| shop.addresses = false).await;
    app.feed(&[party("T1", V1, vec![contact("C1", None, false)])])
        .await;
    app.drain().await;
    let billing = &app.account("t1@erp.fr")["billing"];
    assert_eq!(billing["address_1"], "");
    assert_eq!(billing["company"], "Boulangerie T1", "EW-1 fields still go");
}

/// EW-4: the third party and each contact with an e-mail get an account;
/// a contact sharing an e-mail shares its account; an existing account with
/// the e-mail is linked, never duplicated.
async fn third_party_and_contacts_become_accounts(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let existing = app.woo.seed_customer("C2@Dupont.fr", "customer");
    let contacts = vec![
        contact("C1", Some("c1@dupont.fr"), false),
        contact("C2", Some("c2@dupont.fr"), false),
        contact("C3", None, false),
        contact("C4", Some("T1@erp.fr"), false),
    ];
    app.feed(&[party("T1", V1, contacts)]).await;
    app.drain().await;
    assert_eq!(app.woo.customers().len(), 3, "{:#?}", app.woo.customers());
    let own = id(&app.account("t1@erp.fr"));
    assert_eq!(super::linked_account(&app, "T1").await, Some(own));
    assert_eq!(
        super::linked_account(&app, "T1/C4").await,
        Some(own),
        "one account per e-mail"
    );
    assert_eq!(
        super::linked_account(&app, "T1/C3").await,
        None,
        "no e-mail, no account"
    );
    let adopted = app.account("c2@dupont.fr");
    assert_eq!(id(&adopted), existing, "the shop's account is linked");
    assert_eq!(adopted["first_name"], "Prénom-C2", "and brought in line");
    assert_eq!(
        super::linked_party(&app, existing).await.as_deref(),
        Some("T1/C2")
    );
}

/// EW-7: a third party without contacts sends nothing, not even its own account.
async fn third_party_without_contacts_is_not_sent(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[party("T1", V1, vec![])]).await;
    app.drain().await;
    assert!(app.woo.customers().is_empty());
    assert!(app.woo.requests().is_empty(), "not a single request");
}

on_both_backends! {
    fields_reach_the_account => ew_1_fields_reach_the_account_sqlite, ew_1_fields_reach_the_account_aws;
    passwords_and_welcome_email => ew_2_random_passwords_and_optional_welcome_email_sqlite, ew_2_random_passwords_and_optional_welcome_email_aws;
    billing_address_with_france_by_default => ew_3_billing_address_with_france_by_default_sqlite, ew_3_billing_address_with_france_by_default_aws;
    third_party_and_contacts_become_accounts => ew_4_third_party_and_contacts_become_accounts_sqlite, ew_4_third_party_and_contacts_become_accounts_aws;
    third_party_without_contacts_is_not_sent => ew_7_third_party_without_contacts_is_not_sent_sqlite, ew_7_third_party_without_contacts_is_not_sent_aws;
}
