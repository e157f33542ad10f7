//! EW-5 and EW-6: which accounts are active, by the third party's flag and
//! its web setting; with a user meta (B2BKing's, the default) or a role.

use super::*;

fn contacts() -> Vec<Value> {
    vec![
        contact("C1", Some("web@dupont.fr"), true),
        contact("C2", Some("office@dupont.fr"), false),
    ]
}

/// EW-5: an inactive third party is not created; once it exists, turning
/// it inactive deactivates it and every contact.
async fn inactive_third_party(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[set(party("T9", V1, contacts()), "active", json!(false))])
        .await;
    app.drain().await;
    assert!(
        app.woo.customers().is_empty(),
        "an inactive third party is not created"
    );

    app.feed(&[party("T1", V1, contacts())]).await;
    app.drain().await;
    assert_eq!(app.woo.customers().len(), 3);
    let before = app.woo.customers();
    app.feed(&[set(party("T1", V2, contacts()), "active", json!(false))])
        .await;
    app.drain().await;
    for email in ["t1@erp.fr", "web@dupont.fr", "office@dupont.fr"] {
        assert_eq!(
            approved(&app.account(email)).as_deref(),
            Some("no"),
            "{email}"
        );
    }
    assert_eq!(app.woo.customers().len(), 3, "deactivated, not deleted");
    for (old, now) in before.iter().zip(app.woo.customers()) {
        assert_eq!(
            old["first_name"], now["first_name"],
            "only the status is written"
        );
    }

    app.feed(&[party("T1", V3, contacts())]).await;
    app.drain().await;
    for email in ["t1@erp.fr", "web@dupont.fr", "office@dupont.fr"] {
        assert_eq!(
            approved(&app.account(email)).as_deref(),
            Some("yes"),
            "{email} back on"
        );
    }
}

/// EW-6: "none" and "all" make every contact active; "web_only" only the
/// web contacts: the others are not created, and deactivated if they exist.
async fn web_mode_decides_which_contacts_are_active(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[
        party("T1", V1, contacts()),
        set(
            party("T2", V1, vec![contact("C1", Some("all@t2.fr"), false)]),
            "web_mode",
            json!("all"),
        ),
        set(
            party("T3", V1, contacts_of("t3")),
            "web_mode",
            json!("web_only"),
        ),
    ])
    .await;
    app.drain().await;
    for email in [
        "web@dupont.fr",
        "office@dupont.fr",
        "all@t2.fr",
        "web@t3.fr",
        "t3@erp.fr",
    ] {
        assert_eq!(
            approved(&app.account(email)).as_deref(),
            Some("yes"),
            "{email}"
        );
    }
    assert!(
        app.accounts("office@t3.fr").is_empty(),
        "a non-web contact is not created"
    );

    app.feed(&[set(
        party("T1", V2, contacts()),
        "web_mode",
        json!("web_only"),
    )])
    .await;
    app.drain().await;
    assert_eq!(
        approved(&app.account("web@dupont.fr")).as_deref(),
        Some("yes")
    );
    assert_eq!(
        approved(&app.account("office@dupont.fr")).as_deref(),
        Some("no")
    );
    assert_eq!(
        approved(&app.account("t1@erp.fr")).as_deref(),
        Some("yes"),
        "the third party's own account follows its own flag"
    );
}

fn contacts_of(domain: &str) -> Vec<Value> {
    vec![
        contact("C1", Some(&format!("web@{domain}.fr")), true),
        contact("C2", Some(&format!("office@{domain}.fr")), false),
    ]
}

/// EW-5/EW-6 with role deactivation: the role carries the status, set
/// through WordPress's users API.
async fn roles_carry_the_status(backend: Backend) {
    let app = EwApp::spawn_with(backend, |shop| {
        shop.deactivation = synclane::settings::Deactivation::Role {
            active: "customer".into(),
            inactive: "b2b_blocked".into(),
            wp_user: "sync".into(),
            application_password: synclane::secret::Secret::new("app pass"),
        };
    })
    .await;
    app.woo.add_role("b2b_blocked");
    app.woo.set_wp_admin("sync", "app pass");
    app.feed(&[set(party("T1", V1, contacts()), "web_mode", json!("all"))])
        .await;
    app.drain().await;
    assert_eq!(app.account("office@dupont.fr")["role"], "customer");
    app.feed(&[set(
        party("T1", V2, contacts()),
        "web_mode",
        json!("web_only"),
    )])
    .await;
    app.drain().await;
    assert_eq!(app.account("office@dupont.fr")["role"], "b2b_blocked");
    assert_eq!(app.account("web@dupont.fr")["role"], "customer");
    assert!(
        approved(&app.account("office@dupont.fr")).is_none(),
        "no meta written"
    );
}

on_both_backends! {
    inactive_third_party => ew_5_inactive_third_party_not_created_then_deactivated_sqlite, ew_5_inactive_third_party_not_created_then_deactivated_aws;
    web_mode_decides_which_contacts_are_active => ew_6_web_mode_decides_which_contacts_are_active_sqlite, ew_6_web_mode_decides_which_contacts_are_active_aws;
    roles_carry_the_status => ew_5_ew_6_roles_carry_the_status_sqlite, ew_5_ew_6_roles_carry_the_status_aws;
}
