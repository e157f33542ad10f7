//! Error mapping and retries: 403 → `PeerAuth`, 503 retried with backoff,
//! persistent 503 → retryable `PeerUnavailable`, 400 → `PeerRejected`, never retried.

use super::{connector, customer, setup};
use std::time::Duration;
use synclane::Error;
use synclane::connectors::retailcrm::{By, CrmBuyer, NewOrder};
use synclane::model::Person;

#[tokio::test]
async fn wrong_key_is_peer_auth_and_not_retried() {
    let (emu, _crm) = setup().await;
    let crm = connector(&emu.base_url(), "not-the-key");
    let err = crm.customer_get(By::Id, "1").await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerAuth { message, .. } if message.contains("Wrong \"apiKey\" value.")),
        "{err}"
    );
    assert!(!err.is_retryable());
    assert_eq!(emu.calls("GET", "/customers/1"), 1);
}

#[tokio::test]
async fn two_503_then_success_is_retried() {
    let (emu, crm) = setup().await;
    emu.set_fail_next(2, 503);
    let id = crm
        .customer_create(
            Some("oc-1"),
            &customer("Ivan", "Petrov", "ivan@example.com", "+79031234567"),
        )
        .await
        .unwrap();
    assert_eq!(emu.calls("POST", "/customers/create"), 3);
    assert_eq!(emu.customers().len(), 1);
    assert_eq!(emu.customers()[0]["id"], id);
}

#[tokio::test]
async fn persistent_503_is_retryable_peer_unavailable() {
    let (emu, crm) = setup().await;
    emu.set_fail_next(100, 503);
    let err = crm
        .customers_by_email("ivan@example.com")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PeerUnavailable { .. }), "{err}");
    assert!(err.is_retryable());
    assert_eq!(emu.calls("GET", "/customers"), 3, "three attempts in all");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_goes_back_to_the_caller() {
    let (emu, crm) = setup().await;
    emu.set_fail_next_with_retry_after(1, 503, 30);
    let err = crm.customer_get(By::Id, "1").await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(
        emu.calls("GET", "/customers/1"),
        1,
        "the worker waits, not the connector"
    );
}

#[tokio::test]
async fn rejected_400_is_not_retried() {
    let (emu, crm) = setup().await;
    let order = NewOrder {
        external_id: "1".into(),
        number: None,
        status: None,
        buyer: CrmBuyer::Private { customer_id: 999 },
        person: Person::default(),
        billing_address: None,
        delivery_address: None,
        lines: vec![],
        comment: None,
    };
    let err = crm.order_create(&order).await.unwrap_err();
    assert!(
        matches!(&err, Error::PeerRejected { status: 400, message, .. } if message.contains("customer.id")),
        "{err}"
    );
    assert!(!err.is_retryable());
    assert_eq!(emu.calls("POST", "/orders/create"), 1);
    assert!(emu.orders().is_empty());
}

#[tokio::test]
async fn connection_refused_is_retryable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = connector(&url, "k")
        .customer_get(By::Id, "1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::PeerUnavailable { .. }), "{err}");
    assert!(err.is_retryable());
}

/// OC-X1, found by the chaos soak: a guest's customer (no externalId) was
/// made twice when the CRM applied `customers/create` and its answer was
/// lost (a cut-off 200 body), because the client retried the create blindly.
/// Now the create is tried once; the failure is retryable, so the message is
/// redelivered, and the redelivery finds the customer by e-mail.
#[tokio::test]
async fn oc_x1_a_lost_create_answer_never_makes_a_second_customer() {
    use synclane_emulators::faults::{FaultKind, When};
    let (emu, crm) = setup().await;
    let kinds = [FaultKind::CutBody, FaultKind::Reset, FaultKind::Unavailable];
    for (n, kind) in kinds.into_iter().enumerate() {
        let email = format!("guest{n}@example.com");
        let guest = customer("Guest", "Buyer", &email, &format!("+7903000000{n}"));
        emu.chaos().strike_next(kind, When::After);
        let err = crm.customer_create(None, &guest).await.unwrap_err();
        assert!(err.is_retryable(), "{kind:?}: {err}");
        let found = crm.customers_by_email(&email).await.unwrap();
        assert_eq!(
            found.len(),
            1,
            "{kind:?}: one customer, found on redelivery"
        );
        assert_eq!(emu.customers().len(), n + 1, "{kind:?}");
    }
    assert_eq!(emu.calls("POST", "/customers/create"), kinds.len());
    // With an externalId the retry stays: a second create is refused and read.
    let known = customer("Known", "Buyer", "known@example.com", "+79031111111");
    emu.chaos().strike_next(FaultKind::CutBody, When::After);
    let id = crm.customer_create(Some("oc-7"), &known).await.unwrap();
    assert_eq!(emu.customers().len(), kinds.len() + 1);
    assert_eq!(emu.customers()[kinds.len()]["id"], id);
}
