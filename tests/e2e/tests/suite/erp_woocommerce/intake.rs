//! The ERP feed hook: JSON and CSV accepted, every bad feed refused with a
//! clear JSON error and nothing queued.

use super::*;
use crate::support::app::sign;
use crate::support::ew_app::FEED_SECRET;

const HEADER: &str = "tiers_id,updated_at,active,web_mode,company,last_name,first_name,email,phone,mobile,billing_line1,billing_line2,billing_postcode,billing_city,billing_country,contact_id,contact_is_web_contact,contact_last_name,contact_first_name,contact_email,contact_phone";

/// Expects `status` and the error `code`; returns the body.
async fn refused(r: reqwest::Response, status: u16, code: &str) -> Value {
    assert_eq!(r.status(), status);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

/// A CSV upload (French Excel style: `;`, a BOM) reaches the shop like JSON.
async fn csv_upload_is_applied(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let csv = format!(
        "\u{feff}{}\nT1;{V1};oui;web_only;\"Dupont; Fils\";Martin;Éloïse;t1@erp.fr;0102;;1 rue;;75004;Paris;;C1;1;Müller;Zoë;zoe@dupont.fr;06\nT1;{V1};oui;web_only;\"Dupont; Fils\";Martin;Éloïse;t1@erp.fr;0102;;1 rue;;75004;Paris;;C2;0;Ёлкин;Пётр;petr@dupont.fr;\n",
        HEADER.replace(',', ";")
    );
    let r = app.post_csv(&csv).await;
    assert_eq!(r.status(), 202);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        (body["third_parties"].as_u64(), body["messages"].as_u64()),
        (Some(1), Some(1))
    );
    app.drain().await;
    assert_eq!(
        app.account("zoe@dupont.fr")["billing"]["company"],
        "Dupont; Fils"
    );
    assert_eq!(
        approved(&app.account("zoe@dupont.fr")).as_deref(),
        Some("yes")
    );
    assert!(
        app.accounts("petr@dupont.fr").is_empty(),
        "EW-6: not a web contact"
    );
}

/// Malformed JSON, a CSV with a missing column, an unsigned request, a
/// third party without id, a wrong Content-Type, a tenant without a feed:
/// refused, nothing queued.
async fn bad_feeds_are_refused_and_nothing_queued(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let good =
        json!({ "third_parties": [party("T1", V1, vec![contact("C1", Some("a@b.fr"), false)])] })
            .to_string();
    let signed = |raw: &str| sign(FEED_SECRET, raw.as_bytes());

    let raw = "{\"third_parties\": [";
    let body = refused(
        app.post_raw(raw.as_bytes(), "application/json", Some(&signed(raw)))
            .await,
        400,
        "invalid_feed",
    )
    .await;
    assert!(
        body["problems"][0].as_str().unwrap().contains("not JSON"),
        "{body}"
    );

    let csv = format!(
        "{}\nT1,{V1},1,,,,,,,,,,,,,C1,0,,,x@y.fr,",
        HEADER.replace(",contact_email", "")
    );
    let body = refused(app.post_csv(&csv).await, 400, "invalid_feed").await;
    assert!(
        body["problems"][0]
            .as_str()
            .unwrap()
            .contains("missing column(s): contact_email"),
        "{body}"
    );

    refused(
        app.post_raw(good.as_bytes(), "application/json", None)
            .await,
        401,
        "bad_signature",
    )
    .await;
    let forged = sign("not-the-feed-secret-0123", good.as_bytes());
    refused(
        app.post_raw(good.as_bytes(), "application/json", Some(&forged))
            .await,
        401,
        "bad_signature",
    )
    .await;

    let nameless = json!({ "third_parties": [
        party("T1", V1, vec![contact("C1", Some("a@b.fr"), false)]),
        { "updated_at": V1, "active": true, "contacts": [] },
    ] })
    .to_string();
    let body = refused(
        app.post_raw(
            nameless.as_bytes(),
            "application/json",
            Some(&signed(&nameless)),
        )
        .await,
        400,
        "invalid_feed",
    )
    .await;
    assert!(
        body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "third_parties[1]: tiers_id is missing"),
        "{body}"
    );

    refused(
        app.post_raw(good.as_bytes(), "text/xml", Some(&signed(&good)))
            .await,
        415,
        "unsupported_media_type",
    )
    .await;

    let other = crate::support::tenant();
    let url = format!("http://{}/hooks/{other}/erp", app.local.addr);
    let r = app.http.post(url).body(good.clone()).send().await.unwrap();
    // As a wrong signature: nobody learns which tenants exist.
    refused(r, 401, "bad_signature").await;

    assert_eq!(app.depth().await, 0, "nothing queued");
    app.drain().await;
    assert!(app.woo.requests().is_empty());
}

/// A tenant without an ERP feed configured refuses feeds (as a wrong
/// signature: its setup is not told to strangers); an export of a
/// thousand third parties is accepted in one request and queued whole.
async fn feed_needs_its_settings_and_takes_thousands(backend: Backend) {
    let app = EwApp::spawn(backend).await;
    let mut settings = app
        .store()
        .tenants
        .get_tenant(&app.tenant)
        .await
        .unwrap()
        .unwrap();
    let erp = settings.erp.take();
    app.store().tenants.put_tenant(&settings).await.unwrap();
    refused(
        app.post_feed(&[party("T1", V1, vec![])]).await,
        401,
        "bad_signature",
    )
    .await;
    settings.erp = erp;
    app.store().tenants.put_tenant(&settings).await.unwrap();

    let parties: Vec<Value> = (0..1000)
        .map(|i| {
            party(
                &format!("T{i}"),
                V1,
                vec![contact("C1", Some(&format!("c{i}@erp.fr")), false)],
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let r = app.post_feed(&parties).await;
    let took = started.elapsed();
    assert_eq!(r.status(), 202);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["messages"], 1000);
    assert_eq!(app.depth().await, 1000);
    // moto serves SQS far slower than SQS (and every AWS test at once):
    // the time is ours only on the embedded queue.
    if matches!(backend, Backend::Sqlite) {
        assert!(
            took < std::time::Duration::from_secs(3),
            "accepted in {took:?}"
        );
    }
}

on_both_backends! {
    csv_upload_is_applied => ew_csv_upload_is_applied_sqlite, ew_csv_upload_is_applied_aws;
    bad_feeds_are_refused_and_nothing_queued => ew_bad_feeds_are_refused_and_nothing_queued_sqlite, ew_bad_feeds_are_refused_and_nothing_queued_aws;
    feed_needs_its_settings_and_takes_thousands => ew_feed_needs_its_settings_and_takes_thousands_sqlite, ew_feed_needs_its_settings_and_takes_thousands_aws;
}
