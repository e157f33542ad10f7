//! Repeated and reordered feeds: one account per person, in the newest
//! version's state, and no request for what is already applied.

use super::*;

fn people() -> Vec<Value> {
    vec![
        contact("C1", Some("anna@sirius.fr"), false),
        contact("C2", Some("boris@sirius.fr"), false),
    ]
}

/// The same feed posted three times leaves one account per person; the
/// repeats cost the shop nothing.
async fn same_feed_three_times(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let feed = [
        party("T1", V1, people()),
        party("T2", V1, vec![contact("C1", Some("vera@t2.fr"), true)]),
    ];
    app.feed(&feed).await;
    app.drain().await;
    let after_first = app.woo.requests().len();
    for _ in 0..2 {
        app.feed(&feed).await;
        app.drain().await;
    }
    for email in [
        "t1@erp.fr",
        "anna@sirius.fr",
        "boris@sirius.fr",
        "t2@erp.fr",
        "vera@t2.fr",
    ] {
        app.account(email);
    }
    assert_eq!(app.woo.customers().len(), 5);
    assert_eq!(
        app.woo.requests().len(),
        after_first,
        "repeats send nothing"
    );
    assert_eq!(super::creates_sent(&app), 5);
}

/// Two versions out of order: the newest stands, whichever comes last.
async fn versions_out_of_order(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let old = set(party("T1", V1, people()), "company", json!("Old Name"));
    let new = set(party("T1", V2, people()), "company", json!("New Name"));
    app.feed(std::slice::from_ref(&new)).await;
    app.drain().await;
    app.woo.clear_log();
    app.feed(std::slice::from_ref(&old)).await;
    app.drain().await;
    assert!(
        app.woo.requests().is_empty(),
        "a stale version reads nothing: {:#?}",
        app.woo.requests()
    );
    for email in ["t1@erp.fr", "anna@sirius.fr", "boris@sirius.fr"] {
        assert_eq!(
            app.account(email)["billing"]["company"],
            "New Name",
            "{email}"
        );
    }
    // Both in one request, newest first, then both again in another.
    let newer = set(party("T1", V3, people()), "company", json!("Newest"));
    let r = app.post_feed(&[newer.clone(), old.clone()]).await;
    assert_eq!(
        r.status(),
        400,
        "one id twice in a feed is refused: which wins is not ours to guess"
    );
    app.feed(&[newer]).await;
    app.feed(&[old]).await;
    app.drain().await;
    assert_eq!(app.woo.customers().len(), 3);
    assert_eq!(
        app.account("anna@sirius.fr")["billing"]["company"],
        "Newest"
    );
}

/// A version touched in the ERP without any change we send costs no
/// request either, and moves the stale guard on.
async fn a_new_version_without_changes_sends_nothing(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    app.feed(&[party("T1", V1, people())]).await;
    app.drain().await;
    app.woo.clear_log();
    app.feed(&[party("T1", V2, people())]).await;
    app.drain().await;
    assert!(app.woo.requests().is_empty(), "{:#?}", app.woo.requests());
    app.feed(&[set(party("T1", V1, people()), "company", json!("Stale"))])
        .await;
    app.drain().await;
    assert_eq!(
        app.account("t1@erp.fr")["billing"]["company"],
        "Boulangerie T1"
    );
}

on_both_backends! {
    same_feed_three_times => ew_same_feed_three_times_one_account_per_person_sqlite, ew_same_feed_three_times_one_account_per_person_aws;
    versions_out_of_order => ew_versions_out_of_order_leave_the_newest_sqlite, ew_versions_out_of_order_leave_the_newest_aws;
    a_new_version_without_changes_sends_nothing => ew_unchanged_new_version_sends_nothing_sqlite, ew_unchanged_new_version_sends_nothing_aws;
}
