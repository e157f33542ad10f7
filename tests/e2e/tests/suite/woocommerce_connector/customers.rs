//! Customers: paging, e-mails, creates, updates, forced deletes, read-only
//! fields, new-account e-mails.

use super::{customer, raw, setup};
use reqwest::Method;
use serde_json::json;
use synclane::Error;
use synclane::connectors::woocommerce::{CreateOutcome, CustomerWrite, MetaWrite};

#[tokio::test]
async fn paging_reads_250_customers_of_every_role() {
    let (emu, woo) = setup().await;
    for i in 0..250 {
        let role = if i % 10 == 0 {
            "b2b_blocked"
        } else {
            "customer"
        };
        emu.seed_customer(&format!("c{i:03}@shop.fr"), role);
    }
    let all = woo.customers(None).await.unwrap();
    assert_eq!(all.len(), 250, "role=all shows the accounts a plugin moved");
    let ids: Vec<i64> = all.iter().map(|c| c.id).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "oldest first, no repeats"
    );
    let pages: Vec<_> = emu
        .requests()
        .iter()
        .map(|r| {
            let get = |k: &str| r.query.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            (get("page"), get("per_page"), get("role"))
        })
        .collect();
    assert_eq!(pages.len(), 3);
    assert_eq!(
        pages[2],
        (Some("3".into()), Some("100".into()), Some("all".into()))
    );
    // Without role=all, WooCommerce hides the other roles.
    let default = raw(&emu, Method::GET, "customers?per_page=100")
        .send()
        .await
        .unwrap();
    assert_eq!(default.headers()["x-wp-total"], "225");
}

#[tokio::test]
async fn an_existing_email_is_its_own_outcome() {
    let (emu, woo) = setup().await;
    let CreateOutcome::Created(first) = woo
        .customer_create(&customer("zoe@eloise.fr"))
        .await
        .unwrap()
    else {
        panic!("created");
    };
    let again = woo
        .customer_create(&customer("ZOE@eloise.fr"))
        .await
        .unwrap();
    let CreateOutcome::EmailExists { message } = again else {
        panic!("{again:?}");
    };
    assert!(message.contains("already registered"), "{message}");
    let found = woo.customers_by_email("zoe@ELOISE.fr").await.unwrap();
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [first.id]);
    assert_eq!(emu.customers().len(), 1);
}

#[tokio::test]
async fn updates_keep_meta_by_key_and_ignore_role_and_refuse_username() {
    let (emu, woo) = setup().await;
    let id = emu.seed_customer("a@b.fr", "customer");
    let meta = |v: &str| CustomerWrite {
        meta_data: vec![MetaWrite {
            key: "b2bking_account_approved".into(),
            value: v.into(),
        }],
        ..Default::default()
    };
    woo.customer_update(id, &meta("no")).await.unwrap().unwrap();
    let c = woo
        .customer_update(id, &meta("yes"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.meta_data.len(), 1, "updated by key, not added");
    assert_eq!(c.meta("b2bking_account_approved").as_deref(), Some("yes"));
    let r = raw(&emu, Method::PUT, &format!("customers/{id}"))
        .json(&json!({"role": "administrator", "first_name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        emu.customer(id).unwrap()["role"],
        "customer",
        "role is read-only"
    );
    let r = raw(&emu, Method::PUT, &format!("customers/{id}"))
        .json(&json!({"username": "someone-else"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "woocommerce_rest_customer_invalid_argument");
    assert_eq!(
        woo.customer_update(999, &meta("no")).await.unwrap(),
        None,
        "gone: None"
    );
}

#[tokio::test]
async fn delete_needs_force() {
    let (emu, woo) = setup().await;
    let id = emu.seed_customer("a@b.fr", "customer");
    let r = raw(&emu, Method::DELETE, &format!("customers/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 501);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["code"], "woocommerce_rest_trash_not_supported");
    assert!(emu.customer(id).is_some());
    let gone = woo.customer_delete(id).await.unwrap().unwrap();
    assert_eq!(gone.email, "a@b.fr");
    assert!(emu.customer(id).is_none());
    assert_eq!(woo.customer_delete(id).await.unwrap(), None);
    let admin = emu.seed_customer("boss@b.fr", "administrator");
    let err = woo.customer_delete(admin).await.unwrap_err();
    assert!(
        matches!(err, Error::PeerAuth { .. }),
        "only customers and subscribers: {err}"
    );
}

#[tokio::test]
async fn new_account_emails_follow_the_shop_and_who_made_the_password() {
    let (emu, woo) = setup().await;
    woo.customer_create(&customer("ours@b.fr")).await.unwrap();
    let shop_made = CustomerWrite {
        password: None,
        ..customer("shop@b.fr")
    };
    woo.customer_create(&shop_made).await.unwrap();
    let mails = emu.new_account_emails();
    assert_eq!(mails.len(), 2, "sent for every REST create while enabled");
    assert!(!mails[0].set_password_link && mails[1].set_password_link);
    emu.set_new_account_email(false);
    woo.customer_create(&customer("quiet@b.fr")).await.unwrap();
    assert_eq!(emu.new_account_emails().len(), 2);
    emu.set_generate_password(false);
    let err = woo
        .customer_create(&CustomerWrite {
            password: None,
            ..customer("nopass@b.fr")
        })
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::PeerRejected { status: 400, message, .. } if message.contains("rest_missing_callback_param")),
        "{err}"
    );
}
