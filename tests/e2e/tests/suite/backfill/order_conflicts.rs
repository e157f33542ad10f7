//! The order pass's conflicts through the admin API, on each store backend:
//! listed with every pass's (`pass=orders` narrows), a resolution refused
//! while the shop order is linked to another CRM order (nothing changes),
//! accepted once that stale link is cleared: linked both ways under the
//! keys the `opencart_crm` flow reads (a shop event afterwards edits that
//! CRM order); another dismissed; no peer written by the backfill.

use super::conflicts::{call as api, ids};
use super::orders::{crm_order, key, run_to_the_end, shop_order};
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use crate::support::on_both_backends;
use serde_json::json;
use synclane::backfill::link_pair;
use synclane::model::System;
use synclane_emulators::opencart::OrderEvent;

async fn order_conflicts_resolved_and_dismissed(backend: Backend) {
    let app = OcApp::spawn(backend).await;
    for id in 1..=3 {
        shop_order(&app, id);
    }
    let a = crm_order(&app, Some("1".into()));
    let b = crm_order(&app, Some("2".into()));
    crm_order(&app, Some("3".into()));
    // Shop orders 1 and 2 belong to CRM orders the CRM no longer has.
    let links = app.store().links.clone();
    for (stale, shop) in [(777_777, 1), (888_888, 2)] {
        let crm = key(&app, System::RetailCrm, stale);
        link_pair(links.as_ref(), &crm, &key(&app, System::OpenCart, shop))
            .await
            .unwrap();
    }
    let (status, _) = api(&app, "GET", "/conflicts", None).await;
    assert_eq!(status, 404, "no pass has run");

    let answer = run_to_the_end(&app).await;
    assert_eq!(answer["progress"]["conflicts"], 2, "{answer}");
    let (a_id, b_id) = (
        format!("orders-retailcrm-{a}"),
        format!("orders-retailcrm-{b}"),
    );
    let all = api(&app, "GET", "/conflicts", None).await.1;
    let orders = api(&app, "GET", "/conflicts?pass=orders", None).await.1;
    let customers = api(&app, "GET", "/conflicts?pass=customers", None).await.1;
    assert_eq!(ids(&all), vec![a_id.clone(), b_id.clone()]);
    assert_eq!(ids(&orders), ids(&all));
    assert_eq!(customers["total"], 0);
    let first = &all["conflicts"][0];
    assert_eq!(
        (
            first["pass"].as_str(),
            first["kind"].as_str(),
            first["candidate_system"].as_str(),
            first["candidates"][0].as_str()
        ),
        (Some("orders"), Some("order"), Some("opencart"), Some("1")),
        "{first}"
    );

    let resolve = format!("/conflicts/{a_id}/resolve");
    let (status, refused) = api(&app, "POST", &resolve, Some(json!({"candidate": "1"}))).await;
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["message"].as_str().unwrap().contains("777777"),
        "{refused}"
    );
    let crm_a = key(&app, System::RetailCrm, a);
    assert!(links.get_link(&crm_a).await.unwrap().is_none(), "unchanged");
    let (status, _) = api(&app, "POST", &resolve, Some(json!({"candidate": "2"}))).await;
    assert_eq!(status, 400, "not its candidate");

    // The merchant clears the stale link of shop order 1; the pair links.
    let shop_1 = key(&app, System::OpenCart, 1);
    let mut stale = links.get_link(&shop_1).await.unwrap().unwrap();
    let version = stale.version;
    stale.peers.clear();
    links.replace_link(&shop_1, &stale, version).await.unwrap();
    let (status, resolved) = api(&app, "POST", &resolve, Some(json!({"candidate": "1"}))).await;
    assert_eq!(
        (status, resolved["decision"].as_str()),
        (200, Some("resolved")),
        "{resolved}"
    );
    let forward = links.get_link(&crm_a).await.unwrap().unwrap();
    let back = links.get_link(&shop_1).await.unwrap().unwrap();
    assert_eq!(forward.peer(System::OpenCart), Some("1"));
    assert_eq!(back.peer(System::RetailCrm), Some(a.to_string().as_str()));
    assert_eq!(forward.group, back.group);

    let (status, dismissed) = api(&app, "POST", &format!("/conflicts/{b_id}/dismiss"), None).await;
    assert_eq!(
        (status, dismissed["decision"].as_str()),
        (200, Some("dismissed"))
    );
    let open = api(&app, "GET", "/conflicts", None).await.1;
    assert_eq!(open["total"], 0, "{open}");
    assert!(app.crm.requests().iter().all(|r| r.method == "GET"));
    assert!(app.shop.requests().iter().all(|r| r.method == "GET"));

    // The flow reads the resolved link: a shop event edits CRM order `a`.
    let before = app.crm.orders().len();
    assert_eq!(app.shop.post_order_event(1, OrderEvent::History).await, 202);
    app.drain().await;
    assert_eq!(app.crm.orders().len(), before, "no CRM order created");
    assert_eq!(app.crm_order_of(1).await, a);
}

on_both_backends! {
    order_conflicts_resolved_and_dismissed => backfill_order_conflicts_resolved_and_dismissed_sqlite, backfill_order_conflicts_resolved_and_dismissed_aws;
}
