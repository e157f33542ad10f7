//! SS-4: per funnel, stages map to order actions both ways.

use super::*;

/// Without the "Done" stage mapped (New → -, Processing → process, Paid →
/// pay, Sent → ship, Done → -).
fn without_done(app_stages: &mut synclane::settings::ShopScriptSettings) {
    for stages in app_stages.funnels.values_mut() {
        stages.retain(|_, action| action != "complete");
    }
}

/// A deal dragged to a mapped stage runs the action on the order; an
/// order action moves the deal to its stage; each side's echo of the
/// other's change costs no call; an unmapped stage runs nothing.
async fn stages_and_actions_move_each_other(backend: Backend) {
    let app = SsApp::spawn_with(backend, without_done).await;
    app.poll_deals().await;
    let (order, deal) = super::linked_order(&app, "anna@example.com").await;

    assert!(app.crm.drag(deal, app.stages[2]));
    app.poll_deals().await;
    app.drain().await;
    assert_eq!(app.shop.state_of(order), "paid", "the deal's stage ran pay");
    assert_eq!(app.shop.calls("shop.order.action"), 1);
    assert_eq!(
        app.crm.calls("crm.deal.move"),
        0,
        "the pay notification found the deal there"
    );

    assert!(app.shop.act(order, "ship").await);
    app.drain().await;
    assert_eq!(
        app.crm.deal(deal).unwrap()["stage_id"],
        app.stages[3],
        "ship moved the deal"
    );
    assert_eq!(app.crm.calls("crm.deal.move"), 1);

    app.shop.clear_log();
    app.poll_deals().await;
    app.drain().await;
    assert_eq!(
        app.shop.requests(),
        vec![],
        "our own move costs the shop nothing"
    );

    assert!(app.crm.drag(deal, app.stages[4]));
    app.poll_deals().await;
    app.drain().await;
    assert_eq!(
        app.shop.state_of(order),
        "shipped",
        "an unmapped stage runs nothing"
    );
    assert_eq!(app.shop.requests(), vec![]);
}

/// Order actions move a deal only forward: a deal ahead of the order's
/// action stays where it is.
async fn order_actions_never_move_a_deal_back(backend: Backend) {
    let app = SsApp::spawn_with(backend, without_done).await;
    app.poll_deals().await;
    let (order, deal) = super::linked_order(&app, "anna@example.com").await;
    assert!(app.crm.drag(deal, app.stages[4]));
    app.poll_deals().await;
    app.drain().await;
    assert_eq!(app.shop.state_of(order), "new");

    assert!(app.shop.act(order, "pay").await);
    app.drain().await;
    assert_eq!(app.shop.state_of(order), "paid");
    assert_eq!(
        app.crm.deal(deal).unwrap()["stage_id"],
        app.stages[4],
        "Done stays Done"
    );
    assert_eq!(app.crm.calls("crm.deal.move"), 0);
}

on_both_backends! {
    stages_and_actions_move_each_other => ss_4_stages_and_actions_move_each_other_sqlite, ss_4_stages_and_actions_move_each_other_aws;
    order_actions_never_move_a_deal_back => ss_4_order_actions_never_move_a_deal_back_sqlite, ss_4_order_actions_never_move_a_deal_back_aws;
}
