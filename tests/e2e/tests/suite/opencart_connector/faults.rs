//! Retries: what is retried, what is not, and why a create is never sent
//! twice after an answer was lost (API.md §1).

use super::{SECRET, connector, setup};
use std::time::Duration;
use synclane::Error;
use synclane::connectors::opencart::OpenCart;
use synclane::connectors::opencart::api::{Created, CustomerFields, NewTransaction};
use synclane::secret::Secret;

fn dora() -> CustomerFields {
    CustomerFields {
        customer_group_id: Some(1),
        firstname: Some("Dora".into()),
        lastname: Some("Lee".into()),
        email: Some("dora@example.com".into()),
        ..CustomerFields::default()
    }
}

#[tokio::test]
async fn unavailable_answers_are_retried_refusals_are_not() {
    let (shop, oc) = setup().await;
    shop.fail_next(2, 503);
    assert!(oc.order_get(42).await.unwrap().is_some());
    assert_eq!(shop.calls("order.get"), 3, "two 503s, then the answer");
    shop.fail_op_next("order.get", 3, 500);
    let e = oc.order_get(42).await.unwrap_err();
    assert!(e.is_retryable(), "{e}");
    assert!(e.to_string().contains("internal_error"), "{e}");
    assert_eq!(
        shop.calls("order.get"),
        6,
        "three tries, the policy's limit"
    );
    shop.set_enabled(false);
    assert!(matches!(
        oc.order_get(42).await,
        Err(Error::PeerAuth { .. })
    ));
    assert_eq!(shop.calls("order.get"), 7, "refusals are not retried");
    let closed = {
        let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        socket.local_addr().unwrap()
    };
    let nowhere = OpenCart::new(
        reqwest::Client::new(),
        format!("http://{closed}/index.php"),
        Secret::new(SECRET),
    );
    let e = nowhere.order_get(42).await.unwrap_err();
    assert!(matches!(e, Error::PeerUnavailable { .. }), "{e}");
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_is_found_not_repeated() {
    let (shop, _) = setup().await;
    let oc = connector(&shop, SECRET).with_timeout(Duration::from_secs(1));
    shop.lose_answer_next("customer.create", 1, Duration::from_secs(3));
    let Created::Customer(record) = oc.customer_create(&dora()).await.unwrap() else {
        panic!("the lost create is ours")
    };
    assert_eq!(record.customer.email.as_deref(), Some("dora@example.com"));
    assert_eq!(shop.customer_count(), 1, "created once");
    assert_eq!(
        shop.calls("customer.create"),
        1,
        "looked up, not sent again"
    );
    // A 503 from in front of the shop: nothing landed, so it is sent again.
    shop.fail_op_next("customer.create", 1, 503);
    let eve = CustomerFields {
        firstname: Some("Eve".into()),
        email: Some("eve@example.com".into()),
        ..dora()
    };
    assert!(matches!(
        oc.customer_create(&eve).await.unwrap(),
        Created::Customer(_)
    ));
    assert_eq!(shop.customer_count(), 2);
    assert_eq!(shop.calls("customer.create"), 3);
}

#[tokio::test]
async fn a_transaction_whose_answer_was_lost_is_found_not_repeated() {
    let (shop, _) = setup().await;
    let oc = connector(&shop, SECRET).with_timeout(Duration::from_secs(1));
    let id =
        shop.seed_customer(serde_json::json!({"firstname": "Boris", "email": "b@example.com"}));
    let credit = NewTransaction {
        description: "Goodwill".into(),
        amount: "10".into(),
        order_id: None,
    };
    oc.transaction_add(id, &credit).await.unwrap().unwrap();
    shop.lose_answer_next("transaction.add", 1, Duration::from_secs(3));
    let second = oc.transaction_add(id, &credit).await.unwrap().unwrap();
    let page = oc.transaction_list(id, 1, 50).await.unwrap().unwrap();
    assert_eq!(page.total, 2, "one per call, none twice: {page:?}");
    assert_eq!(page.transactions[0], second);
    assert_eq!(shop.calls("transaction.add"), 2);
    // Written but refused by a 500 after the write? The extension rolls
    // back; the look-up finds nothing and the write is sent again.
    shop.fail_op_next("transaction.add", 1, 500);
    oc.transaction_add(id, &credit).await.unwrap().unwrap();
    let page = oc.transaction_list(id, 1, 50).await.unwrap().unwrap();
    assert_eq!((page.total, page.balance.as_str()), (3, "30.0000"));
}
