//! MS-R3 payments and MS-R4 fields.

use super::*;

#[test]
fn ms_r3_identical_payment_is_kept_not_duplicated() {
    let opts = options();
    let want = desired_payments(
        &opts,
        &[pay(PayChannel::Cash, 500.0), pay(PayChannel::Card, 250.5)],
    );
    assert_eq!(want.len(), 2);
    let existing = [crm_pay("cash", "paid", 500.0)];
    let missing = missing_payments(&want, &existing);
    assert_eq!(missing.len(), 1);
    assert_eq!(
        (missing[0].kind.as_str(), missing[0].amount),
        ("bank-card", 250.5)
    );
    // Different status or sum is not identical.
    assert_eq!(
        missing_payments(&want, &[crm_pay("cash", "not-paid", 500.0)]).len(),
        2
    );
    assert_eq!(
        missing_payments(&want, &[crm_pay("cash", "paid", 500.01)]).len(),
        2
    );
}

#[test]
fn ms_r3_two_equal_payments_of_two_sales_are_two_payments() {
    let want = desired_payments(
        &options(),
        &[pay(PayChannel::Cash, 500.0), pay(PayChannel::Cash, 500.0)],
    );
    assert_eq!(
        missing_payments(&want, &[crm_pay("cash", "paid", 500.0)]).len(),
        1
    );
    let zero = desired_payments(&options(), &[pay(PayChannel::Qr, 0.0)]);
    assert!(zero.is_empty());
}

#[test]
fn ms_r3_unconducted_sale_pays_with_unpaid_status_and_mapped_types() {
    let opts = RetailOptions {
        qr_payment_type: Some("qr-code".into()),
        ..options()
    };
    let want = desired_payments(
        &opts,
        &[SalePayment {
            channel: PayChannel::Qr,
            amount: 10.0,
            conducted: false,
        }],
    );
    assert_eq!(
        (want[0].kind.as_str(), want[0].status.as_str()),
        ("qr-code", "not-paid")
    );
}

#[test]
fn ms_r4_custom_and_standard_fields() {
    let opts = RetailOptions {
        custom_fields: [("a-gift".to_owned(), "gift_wrap".to_owned())].into(),
        customer_comment_attribute: Some("a-comment".into()),
        delivery_date_attribute: Some("a-date".into()),
        delivery_time_attribute: Some("a-time".into()),
        delivery_method_attribute: Some("a-method".into()),
        ..options()
    };
    let attrs = [
        attr("a-gift", AttrValue::Scalar(json!(true))),
        attr("a-comment", AttrValue::Scalar(json!("ring twice"))),
        attr(
            "a-date",
            AttrValue::Scalar(json!("2026-03-01 00:00:00.000")),
        ),
        attr("a-time", AttrValue::Scalar(json!("10:00-12:00"))),
        attr(
            "a-method",
            AttrValue::Dictionary {
                name: "Courier".into(),
                code: Some("courier".into()),
            },
        ),
        attr("a-unmapped", AttrValue::Scalar(json!("x"))),
    ];
    let (fields, notes) = order_fields(&opts, &attrs, &["courier".into(), "pickup".into()]);
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(fields.custom_fields.get("gift_wrap"), Some(&json!(true)));
    assert_eq!(fields.custom_fields.len(), 1);
    assert_eq!(fields.customer_comment.as_deref(), Some("ring twice"));
    assert_eq!(fields.delivery.date.as_deref(), Some("2026-03-01"));
    assert_eq!(fields.delivery.time.as_deref(), Some("10:00-12:00"));
    assert_eq!(fields.delivery.code.as_deref(), Some("courier"));
}

#[test]
fn ms_r4_delivery_method_without_matching_code_is_not_passed_and_journalled() {
    let opts = RetailOptions {
        delivery_method_attribute: Some("a-method".into()),
        ..options()
    };
    let attrs = [attr(
        "a-method",
        AttrValue::Dictionary {
            name: "Drone".into(),
            code: Some("drone".into()),
        },
    )];
    let (fields, notes) = order_fields(&opts, &attrs, &["courier".into()]);
    assert_eq!(fields.delivery.code, None);
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("drone"));
}
