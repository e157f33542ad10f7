//! SS-2 automatic mode and SS-3 what the deal shows.

use super::*;

/// A new order on an automatic storefront → its notification → a deal in
/// the funnel's first stage, for the customer's new CRM contact; the
/// customer's next order gets its own deal and reuses the contact; a buyer
/// with another e-mail and the same phone gets a contact of her own; an
/// order of a storefront without automatic mode gets none.
async fn every_new_order_creates_a_deal(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    let (first, deal) = super::linked_order(&app, "anna@example.com").await;
    let shown = app.crm.deal(deal).unwrap();
    assert_eq!(shown["stage_id"], app.stages[0], "{shown}");
    assert_eq!(shown["status_id"], "OPEN");
    assert_eq!(shown["name"], format!("Order #100{first}"));
    let contacts = app.crm.contacts();
    assert_eq!(contacts.len(), 1, "{contacts:?}");
    assert_eq!(shown["contact_id"], contacts[0].0);
    assert_eq!(contacts[0].2, vec!["anna@example.com".to_owned()]);

    let (second, other) = super::linked_order(&app, "anna@example.com").await;
    assert_ne!(deal, other, "one deal per order");
    assert_eq!(
        app.crm.contacts().len(),
        1,
        "the customer's contact is reused"
    );
    assert_eq!(app.crm.deal(other).unwrap()["contact_id"], contacts[0].0);
    assert_eq!(
        app.crm.calls("crm.contact.list"),
        1,
        "the e-mail for the first order; the link spares the second's"
    );
    assert_ne!(first, second);

    // `place` gives every buyer the same phone: another e-mail is another
    // person all the same, with a contact of her own.
    let (_, vera) = super::linked_order(&app, "vera@example.com").await;
    let contacts = app.crm.contacts();
    assert_eq!(contacts.len(), 2, "{contacts:?}");
    assert_ne!(
        app.crm.deal(vera).unwrap()["contact_id"],
        shown["contact_id"]
    );

    let elsewhere = app
        .shop
        .place_order(synclane_emulators::webasyst::NewOrder {
            storefront: Some("other.example/".into()),
            name: "Boris".into(),
            email: Some("boris@example.com".into()),
            phone: None,
            items: vec![("Cup".into(), 1.0, 10.0)],
            currency: "RUB".into(),
        })
        .await;
    app.drain().await;
    assert_eq!(app.deal_of(elsewhere).await, None, "not in automatic mode");
    assert_eq!(app.crm.deals().len(), 3);
}

/// The deal shows the items (name, quantity, price, total) and the order's
/// backend link, and follows an edit of the order; an action that changes
/// nothing shown does not rewrite it.
async fn the_deal_shows_the_order_and_follows_it(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    let (order, deal) = super::linked_order(&app, "anna@example.com").await;
    let shown = app.crm.deal(deal).unwrap();
    let description = shown["description"].as_str().unwrap().to_owned();
    let link = format!(
        "{}/webasyst/shop/?action=orders#/order/{order}/",
        app.shop.base_url()
    );
    assert!(description.contains(&link), "{description}");
    assert!(
        description.contains("<td>Tea &amp; cups</td><td>2</td><td>500.00</td><td>1000.00</td>"),
        "{description}"
    );
    assert!(
        description.contains("<td>Teapot</td><td>1</td><td>500.00</td><td>500.00</td>"),
        "{description}"
    );
    assert!(description.contains("Total: 1500.00 RUB"), "{description}");
    assert_eq!(shown["amount"], 1500.0);
    assert_eq!(shown["currency_id"], "RUB");

    assert!(
        app.shop
            .edit_items(order, &[("Samovar", 1.0, 7000.0)])
            .await
    );
    app.drain().await;
    let edited = app.crm.deal(deal).unwrap();
    let description = edited["description"].as_str().unwrap();
    assert!(
        description.contains("<td>Samovar</td><td>1</td><td>7000.00</td><td>7000.00</td>"),
        "{description}"
    );
    assert!(!description.contains("Teapot"), "{description}");
    assert_eq!(edited["amount"], 7000.0);

    app.crm.clear_log();
    assert!(app.shop.act(order, "comment").await);
    app.drain().await;
    assert_eq!(app.crm.calls("crm.deal.patch"), 0, "nothing shown changed");
}

on_both_backends! {
    every_new_order_creates_a_deal => ss_2_every_new_order_creates_a_deal_sqlite, ss_2_every_new_order_creates_a_deal_aws;
    the_deal_shows_the_order_and_follows_it => ss_3_the_deal_shows_the_order_and_follows_it_sqlite, ss_3_the_deal_shows_the_order_and_follows_it_aws;
}
