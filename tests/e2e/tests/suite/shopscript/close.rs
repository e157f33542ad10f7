//! SS-5: a closed deal completes (won) or deletes (lost) its order, and a
//! lost deal of a paid order is journalled, never refunded.

use super::*;

async fn closing_a_deal_completes_or_deletes_the_order(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    app.poll_deals().await;
    let (won, won_deal) = super::linked_order(&app, "anna@example.com").await;
    let (lost, lost_deal) = super::linked_order(&app, "boris@example.com").await;
    let (paid, paid_deal) = super::linked_order(&app, "vera@example.com").await;
    assert!(app.shop.act(paid, "pay").await);
    app.drain().await;

    app.crm.close(won_deal, true);
    app.crm.close(lost_deal, false);
    app.crm.close(paid_deal, false);
    app.poll_deals().await;
    app.drain().await;
    assert_eq!(app.shop.state_of(won), "completed", "won → completed");
    assert_eq!(app.shop.state_of(lost), "deleted", "lost → deleted");
    assert_eq!(
        app.shop.state_of(paid),
        "paid",
        "a paid order has no Delete: left as it is"
    );
    assert!(
        !app.shop.history(paid).contains(&"refund".to_owned()),
        "never refunded"
    );
    let notes = super::notes(&app, "SS-5").await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("neither deleted nor refunded"),
        "{notes:?}"
    );

    // Polled again, nothing is done twice.
    app.shop.clear_log();
    app.poll_deals().await;
    app.drain().await;
    assert_eq!(app.shop.calls("shop.order.action"), 0);
    assert_eq!(super::notes(&app, "SS-5").await.len(), 1);
}

on_both_backends! {
    closing_a_deal_completes_or_deletes_the_order => ss_5_closing_a_deal_completes_or_deletes_the_order_sqlite, ss_5_closing_a_deal_completes_or_deletes_the_order_aws;
}
