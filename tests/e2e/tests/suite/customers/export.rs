//! CM-4 through the admin API: the filtered list exported in each format,
//! streamed (the writers' field-by-field round trips are unit tests of
//! `synclane::customers::export`); a shop that is down before the first
//! byte is an error, not an empty file.

use super::Admin;
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use serde_json::json;
use synclane::model::{EntityKind, System};
use synclane::store::{Link, LinkKey};

#[tokio::test]
async fn cm_4_export_the_filtered_list_in_every_format() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let admin = Admin::of(&app);
    let tricky = app
        .shop
        .seed_customer(json!({"firstname": "Анна \"Ann\", Jr.",
        "lastname": "O'Brien\r\n& <Co>", "email": "anna@example.ru", "customer_group_id": "2"}));
    app.shop
        .seed_customer(json!({"firstname": "Zoë", "lastname": "Ångström",
        "email": "zoe@example.fr", "customer_group_id": "2"}));
    app.shop.seed_customer(
        json!({"firstname": "Not", "lastname": "Exported", "email": "x@example.com"}),
    );
    // 450 more in the group: the export reads the shop 200 at a time.
    for n in 0..450 {
        app.shop
            .seed_customer(json!({"firstname": format!("Bulk{n}"), "lastname": "Trade",
            "email": format!("bulk{n}@example.com"), "customer_group_id": "2"}));
    }
    let key = LinkKey::new(
        &app.tenant,
        EntityKind::Customer,
        System::OpenCart,
        format!("c:{tricky}"),
    );
    let mut link = Link::pending("g", "test", 0);
    link.peers.insert(System::RetailCrm, "42".into());
    app.store()
        .links
        .put_link_if_absent(&key, &link)
        .await
        .unwrap();

    let download = |format: &str| {
        admin
            .request(
                reqwest::Method::GET,
                &format!("/customers/export?format={format}&group=2"),
            )
            .send()
    };

    let csv = download("csv").await.unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("customers-opencart.csv")
    );
    let bytes = csv.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 452, "the group's customers, every page");
    assert_eq!(&rows[0][0], tricky.to_string());
    assert_eq!(&rows[0][1], "Анна \"Ann\", Jr.");
    assert_eq!(&rows[0][2], "O'Brien\r\n& <Co>");
    assert_eq!(&rows[0][10], "retailcrm:42");
    assert_eq!(&rows[1][2], "Ångström");
    assert!(rows.iter().all(|r| &r[1] != "Not"));

    let xlsx = download("xlsx").await.unwrap().bytes().await.unwrap();
    assert_eq!(&xlsx[..2], b"PK", "a zip (XLSX) file");
    let xml = download("xml").await.unwrap().text().await.unwrap();
    assert_eq!(xml.matches("<customer ").count(), 452);
    assert!(xml.contains("O&apos;Brien") || xml.contains("O'Brien"));
    assert!(xml.contains("&amp; &lt;Co&gt;"));
    let html = download("html").await.unwrap().text().await.unwrap();
    assert_eq!(
        html.matches("<tr>").count(),
        453,
        "the heading row and one per customer"
    );
    assert!(html.contains("&lt;Co&gt;"));

    let (status, body) = admin.get("/customers/export?format=pdf").await;
    assert_eq!((status, body["error"].as_str()), (400, Some("bad_request")));
    let (status, _) = admin.get("/customers/export?format=csv&page=2").await;
    assert_eq!(status, 400);

    // The shop down before the first byte: an error answer, not a short file.
    app.shop.fail_next(10, 503);
    let (status, body) = admin.get("/customers/export?format=csv").await;
    assert_eq!(status, 503, "{body}");
}
