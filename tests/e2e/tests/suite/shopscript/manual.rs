//! SS-1: an order linked by hand through the admin API, to an open deal of
//! the same client or to a new deal.

use super::*;
use reqwest::Method;

/// No automatic mode: the order gets no deal by itself. The admin lists
/// the client's open deals (a closed one and another client's left out),
/// links the order to one, and the deal is brought up to the order at
/// once; a second order is linked to a new deal; a linked order or
/// another client's deal is refused.
async fn link_to_an_open_deal_of_the_client_or_a_new_one(backend: Backend) {
    let app = SsApp::spawn_with(backend, |ss| ss.automatic.clear()).await;
    let anna = app
        .crm
        .add_contact("Anna Petrova", Some("anna@example.com"), None);
    let boris = app
        .crm
        .add_contact("Boris", Some("boris@example.com"), None);
    let open = app.crm.add_deal("Samovar for Anna", anna, app.stages[0]);
    let closed = app.crm.add_deal("Old deal", anna, app.stages[1]);
    app.crm.close(closed, true);
    let theirs = app.crm.add_deal("Boris's deal", boris, app.stages[0]);
    let order = app.place("anna@example.com").await;
    app.drain().await;
    assert_eq!(app.deal_of(order).await, None, "no automatic mode");

    let path = format!("/shopscript/orders/{order}/deal");
    let (status, listed) = app.admin(Method::GET, &path, None).await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["client"], anna);
    let ids: Vec<i64> = listed["open_deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![open], "{listed}");

    let (status, refused) = app
        .admin(Method::POST, &path, Some(&json!({ "deal_id": theirs })))
        .await;
    assert_eq!(status, 400, "another client's deal: {refused}");
    let (status, linked) = app
        .admin(Method::POST, &path, Some(&json!({ "deal_id": open })))
        .await;
    assert_eq!(status, 200, "{linked}");
    assert_eq!(
        (linked["deal_id"].as_i64(), linked["created"].as_bool()),
        (Some(open), Some(false))
    );
    assert_eq!(app.deal_of(order).await, Some(open));
    let shown = app.crm.deal(open).unwrap();
    assert!(
        shown["description"].as_str().unwrap().contains("Teapot"),
        "SS-3 at once: {shown}"
    );
    assert_eq!(
        shown["name"], "Samovar for Anna",
        "the merchant's deal keeps its name"
    );

    let (status, again) = app
        .admin(
            Method::POST,
            &path,
            Some(&json!({ "stage_id": app.stages[1] })),
        )
        .await;
    assert_eq!(status, 409, "{again}");

    let second = app.place("anna@example.com").await;
    let path = format!("/shopscript/orders/{second}/deal");
    let (status, listed) = app.admin(Method::GET, &path, None).await;
    assert_eq!(status, 200);
    assert_eq!(
        listed["open_deals"],
        json!([]),
        "the linked deal is not offered again"
    );
    let (status, made) = app
        .admin(
            Method::POST,
            &path,
            Some(&json!({ "stage_id": app.stages[1] })),
        )
        .await;
    assert_eq!(status, 200, "{made}");
    assert_eq!(made["created"], true);
    let new = made["deal_id"].as_i64().unwrap();
    let shown = app.crm.deal(new).unwrap();
    assert_eq!(
        (shown["contact_id"].as_i64(), shown["stage_id"].as_i64()),
        (Some(anna), Some(app.stages[1]))
    );
    assert_eq!(
        app.crm.contacts().len(),
        2,
        "the client was found, not made"
    );
    let (status, _) = app
        .admin(Method::GET, "/shopscript/orders/999999/deal", None)
        .await;
    assert_eq!(status, 404);
}

on_both_backends! {
    link_to_an_open_deal_of_the_client_or_a_new_one => ss_1_link_to_an_open_deal_of_the_client_or_a_new_one_sqlite, ss_1_link_to_an_open_deal_of_the_client_or_a_new_one_aws;
}
