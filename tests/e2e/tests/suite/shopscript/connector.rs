//! The Webasyst connectors against the emulators' contracts: token rules,
//! typed errors, an action the order's state does not offer, the deal
//! fields the CRM refuses, and the 409 a move or close may answer.

use super::*;
use synclane::Error;
use synclane::connectors::webasyst::{
    ActionOutcome, Crm, DealQuery, MoveOutcome, NewDeal, ShopScript, Webasyst,
};
use synclane::secret::Secret;
use synclane_emulators::webasyst::{NewOrder, ShopScriptEmulator, WebasystCrmEmulator};

const TOKEN: &str = "connector-token";

fn shop(emu: &ShopScriptEmulator, token: &str) -> ShopScript {
    ShopScript::new(Webasyst::new(
        reqwest::Client::new(),
        "shopscript",
        &emu.base_url(),
        Secret::new(token),
    ))
}

fn crm(emu: &WebasystCrmEmulator, token: &str) -> Crm {
    Crm::new(Webasyst::new(
        reqwest::Client::new(),
        "webasyst_crm",
        &emu.base_url(),
        Secret::new(token),
    ))
}

fn order() -> NewOrder {
    NewOrder {
        storefront: None,
        name: "Anna".into(),
        email: Some("anna@example.com".into()),
        phone: None,
        items: vec![("Tea".into(), 1.0, 100.0)],
        currency: "RUB".into(),
    }
}

#[tokio::test]
async fn webasyst_connector_token_rules_are_typed_errors() {
    let emu = ShopScriptEmulator::start(TOKEN).await;
    let wrong = shop(&emu, "wrong").info().await.unwrap_err();
    assert!(
        matches!(&wrong, Error::PeerAuth { message, .. } if message.contains("invalid_token")),
        "{wrong}"
    );
    let missing = shop(&emu, "").info().await.unwrap_err();
    assert!(
        matches!(&missing, Error::PeerAuth { message, .. } if message.contains("token_required")),
        "{missing}"
    );
    let crm_emu = WebasystCrmEmulator::start(TOKEN).await;
    // The shop's token has no `crm` scope.
    let on_shop = Crm::new(Webasyst::new(
        reqwest::Client::new(),
        "webasyst_crm",
        &emu.base_url(),
        Secret::new(TOKEN),
    ));
    let scope = on_shop.funnels().await.unwrap_err();
    assert!(matches!(scope, Error::PeerAuth { .. }), "{scope}");
    assert!(crm(&crm_emu, TOKEN).funnels().await.unwrap().is_empty());
    emu.set_fail_next(5, 503);
    let down = shop(&emu, TOKEN).info().await.unwrap_err();
    assert!(down.is_retryable(), "{down}");
}

#[tokio::test]
async fn ss_4_an_action_the_state_does_not_offer_is_its_own_outcome() {
    let emu = ShopScriptEmulator::start(TOKEN).await;
    let id = emu.place_order(order()).await;
    let api = shop(&emu, TOKEN);
    assert_eq!(
        api.run_action(id, "refund").await.unwrap(),
        ActionOutcome::Unavailable
    );
    assert_eq!(
        api.run_action(id + 1000, "pay").await.unwrap(),
        ActionOutcome::NoOrder
    );
    assert_eq!(
        api.run_action(id, "pay").await.unwrap(),
        ActionOutcome::Done
    );
    assert_eq!(
        api.run_action(id, "pay").await.unwrap(),
        ActionOutcome::Unavailable,
        "paid has no pay"
    );
    let offered: Vec<String> = api
        .actions(id)
        .await
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(
        offered.contains(&"refund".to_owned()) && !offered.contains(&"delete".to_owned()),
        "{offered:?}"
    );
    let log: Vec<Option<String>> = api
        .log(id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action_id)
        .collect();
    assert_eq!(log, vec![Some("create".into()), Some("pay".into())]);
    let order = api.order(id).await.unwrap().unwrap();
    assert_eq!((order.state_id.as_str(), order.total), ("paid", 100.0));
    assert!(api.order(id + 1000).await.unwrap().is_none());
    let page = api
        .search("search/update_datetime=NULL", "create_datetime ASC", 0, 10)
        .await
        .unwrap();
    assert!(page.orders.is_empty(), "a paid order has an update time");
    let page = api
        .search(&format!("search/id={id}"), "update_datetime DESC", 0, 10)
        .await
        .unwrap();
    assert_eq!(page.orders.len(), 1);
    let capped = api.search("", "id ASC", 0, 5000).await.unwrap();
    assert_eq!(
        capped.orders.len(),
        1,
        "the connector caps the page at 1000"
    );
}

#[tokio::test]
async fn ss_1_deal_fields_the_crm_refuses_and_ignores() {
    let emu = WebasystCrmEmulator::start(TOKEN).await;
    let (_, stages) = emu.add_funnel("Sales", &["New", "Paid"]);
    let contact = emu.add_contact("Anna", Some("anna@example.com"), None);
    let api = crm(&emu, TOKEN);
    // `external_id` is not read by crm.deal.add: the CRM's own link
    // cannot be made from outside.
    let raw = reqwest::Client::new()
        .post(format!("{}/api.php/crm.deal.add", emu.base_url()))
        .bearer_auth(TOKEN)
        .json(&json!({ "name": "D", "stage_id": stages[0], "contact_id": contact, "external_id": "shop:7" }))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 201);
    let id: i64 = raw.json().await.unwrap();
    assert_eq!(emu.deal(id).unwrap()["external_id"], Value::Null);
    let refused = api
        .patch_deal(id, &[("external_id", json!("shop:7"))])
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, Error::PeerRejected { status: 400, message, .. } if message.contains("field_unacceptable")),
        "{refused}"
    );
    assert!(
        api.patch_deal(id, &[("description", json!("<p>x</p>"))])
            .await
            .unwrap()
    );
    assert!(
        !api.patch_deal(id + 1000, &[("description", json!("x"))])
            .await
            .unwrap()
    );
    let unknown = NewDeal {
        name: "E".into(),
        stage_id: stages[0],
        contact_id: contact,
        description: String::new(),
        amount: Some((5.0, "XYZ".into())),
    };
    let error = api.add_deal(&unknown).await.unwrap_err();
    assert!(
        matches!(&error, Error::PeerRejected { status: 400, message, .. } if message.contains("currency_id")),
        "{error}"
    );
    assert_eq!(
        api.find_contact("email", "ANNA@example.com").await.unwrap(),
        Some(contact)
    );
    let page = api
        .deals(&DealQuery {
            contact_id: Some(contact),
            limit: 10,
            ..DealQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(page.data.len(), 1);
}

#[tokio::test]
async fn ss_4_a_move_or_close_that_needs_a_form_answers_409() {
    let emu = WebasystCrmEmulator::start(TOKEN).await;
    let (_, stages) = emu.add_funnel("Sales", &["New", "Paid", "Sent"]);
    let contact = emu.add_contact("Anna", None, None);
    let deal = emu.add_deal("D", contact, stages[0]);
    let api = crm(&emu, TOKEN);
    assert_eq!(
        api.move_deal(deal, stages[1], true).await.unwrap(),
        MoveOutcome::Moved
    );
    emu.link_natively(deal, 12);
    emu.native_form(&stages[2].to_string(), "ship");
    emu.native_form("LOST", "delete");
    let MoveOutcome::NeedsForm {
        dialog_html,
        action_id,
    } = api.move_deal(deal, stages[2], true).await.unwrap()
    else {
        panic!("a form is needed");
    };
    assert!(dialog_html.contains("<form>"), "{dialog_html}");
    assert_eq!(action_id.as_deref(), Some("ship"));
    assert!(matches!(
        api.close_deal(deal, false, true).await.unwrap(),
        MoveOutcome::NeedsForm { .. }
    ));
    assert_eq!(
        api.close_deal(deal, true, true).await.unwrap(),
        MoveOutcome::Moved
    );
    assert_eq!(
        api.move_deal(deal + 1000, stages[1], true).await.unwrap(),
        MoveOutcome::NoDeal
    );
    assert_eq!(emu.deal(deal).unwrap()["status_id"], "WON");
}
