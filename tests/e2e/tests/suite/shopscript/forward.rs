//! SS-6: orders move forward only, once; deals move any number of times,
//! and a move that would take the order back is journalled, not applied.

use super::*;

/// The order is paid (its deal at "Paid"). The deal is dragged back to
/// "Processing" and forth to "Paid" ten times, each move polled and
/// handled: the order stays paid, no action is asked of the shop, and
/// each backward move leaves exactly one journal entry.
async fn deal_dragged_back_and_forth_ten_times(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    app.poll_deals().await;
    let (order, deal) = super::linked_order(&app, "anna@example.com").await;
    assert!(app.shop.act(order, "pay").await);
    app.drain().await;
    assert_eq!(app.crm.deal(deal).unwrap()["stage_id"], app.stages[2]);
    app.shop.clear_log();

    for round in 1..=10 {
        assert!(app.crm.drag(deal, app.stages[1]), "back, round {round}");
        app.poll_deals().await;
        app.drain().await;
        assert!(app.crm.drag(deal, app.stages[2]), "forth, round {round}");
        app.poll_deals().await;
        app.drain().await;
        assert_eq!(
            super::notes(&app, "SS-6").await.len(),
            round,
            "one entry per backward move"
        );
    }
    assert_eq!(app.shop.state_of(order), "paid");
    assert_eq!(
        app.shop.history(order),
        vec!["create", "pay"],
        "the order passed each state once"
    );
    assert_eq!(
        app.shop.calls("shop.order.action"),
        0,
        "nothing asked of the shop"
    );
    let notes = super::notes(&app, "SS-6").await;
    assert!(
        notes[0].contains(&format!("#100{order}")) && notes[0].contains("\"paid\""),
        "{notes:?}"
    );

    // A forward move still applies.
    assert!(app.crm.drag(deal, app.stages[3]));
    app.poll_deals().await;
    app.drain().await;
    assert_eq!(app.shop.state_of(order), "shipped");
    assert_eq!(super::notes(&app, "SS-6").await.len(), 10);
}

on_both_backends! {
    deal_dragged_back_and_forth_ten_times => ss_6_deal_dragged_back_and_forth_ten_times_sqlite, ss_6_deal_dragged_back_and_forth_ten_times_aws;
}
