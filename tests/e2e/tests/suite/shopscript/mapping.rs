//! SS-4's mapping is saved only if the live funnel and workflow have it
//! (the admin API checks both installs), and a deal move the CRM wants a
//! form for is journalled, not retried.

use super::*;
use reqwest::Method;

/// A stage of another funnel, an unknown funnel, an action the shop's
/// workflow lacks and a wrong token are each refused with their reason;
/// the fixed settings are saved.
async fn mapping_is_checked_against_the_live_funnel_and_workflow(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    let (other, other_stages) = app.crm.add_funnel("Wholesale", &["Lead", "Won"]);
    let (_, mut settings) = app.admin(Method::GET, "", None).await;
    let good = settings.clone();
    let funnel = app.funnel.to_string();
    let ss = &mut settings["shopscript"];
    ss["funnels"][&funnel][other_stages[0].to_string()] = json!("fulfilling");
    ss["funnels"]["999"] = json!({ "1": "ship" });
    ss["action_states"] = json!({ "confirm": "paid" });
    ss["funnels"][other.to_string()] = json!({ other_stages[1].to_string(): "confirm" });
    let (status, answer) = app.admin(Method::PUT, "", Some(&settings)).await;
    assert_eq!(status, 400, "{answer}");
    let message = answer["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "stage {} is not a stage of funnel {funnel}",
            other_stages[0]
        )),
        "{message}"
    );
    assert!(message.contains("the CRM has no funnel 999"), "{message}");
    assert!(message.contains("has no action \"confirm\""), "{message}");

    let mut wrong_token = good.clone();
    wrong_token["shopscript"]["crm_token"] = json!("not-the-token");
    let (status, answer) = app.admin(Method::PUT, "", Some(&wrong_token)).await;
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("refused shopscript.crm_token"),
        "{answer}"
    );

    let (status, answer) = app.admin(Method::PUT, "", Some(&good)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["shopscript"]["crm_token"], "***",
        "secrets never echoed"
    );
}

/// The deal is held by the CRM's own Shop-Script link too, which wants a
/// form for "Sent": the order's shipment cannot move the deal; the journal
/// says so once and the message is not retried.
async fn a_move_the_crm_wants_a_form_for_is_journalled(backend: Backend) {
    let app = SsApp::spawn(backend).await;
    let (order, deal) = super::linked_order(&app, "anna@example.com").await;
    app.crm.link_natively(deal, order);
    app.crm.native_form(&app.stages[3].to_string(), "ship");
    assert!(app.shop.act(order, "ship").await);
    app.drain().await;
    assert_eq!(
        app.crm.deal(deal).unwrap()["stage_id"],
        app.stages[0],
        "not moved"
    );
    assert_eq!(app.crm.calls("crm.deal.move"), 1, "asked once, not retried");
    let notes = super::notes(&app, "wants a form").await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("by hand"), "{notes:?}");
}

on_both_backends! {
    mapping_is_checked_against_the_live_funnel_and_workflow => ss_4_mapping_is_checked_against_the_live_funnel_and_workflow_sqlite, ss_4_mapping_is_checked_against_the_live_funnel_and_workflow_aws;
    a_move_the_crm_wants_a_form_for_is_journalled => ss_4_a_move_the_crm_wants_a_form_for_is_journalled_sqlite, ss_4_a_move_the_crm_wants_a_form_for_is_journalled_aws;
}
