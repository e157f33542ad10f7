//! CM-4 in the background: a queued export is written by the worker with
//! its progress, published, and downloaded; what it holds is the filtered
//! list. Refused requests queue nothing. Both backends (the job list lives
//! in the store, the request on the queue).

use super::Admin;
use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use serde_json::{Value, json};

async fn cm_4_background_export(backend: Backend) {
    let app = OcApp::spawn(backend).await;
    let admin = Admin::of(&app);
    // 430 in group 2 (three of the shop's pages of 200), 5 elsewhere.
    for n in 0..430 {
        app.shop
            .seed_customer(json!({"firstname": format!("Bulk{n}"), "lastname": "Trade",
            "email": format!("bulk{n}@example.com"), "customer_group_id": "2"}));
    }
    for n in 0..5 {
        app.shop.seed_customer(
            json!({"firstname": format!("Other{n}"), "email": format!("o{n}@example.com")}),
        );
    }

    // Refused before anything is queued.
    for bad in ["format=pdf", "page=2", "no_group=1&group=2"] {
        let (status, body) = admin
            .send(
                reqwest::Method::POST,
                &format!("/customers/exports?{bad}"),
                Value::Null,
            )
            .await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    assert_eq!(app.depth().await, 0, "a refused export queues nothing");

    let (status, job) = admin
        .send(
            reqwest::Method::POST,
            "/customers/exports?format=csv&group=2",
            Value::Null,
        )
        .await;
    assert_eq!(status, 202, "{job}");
    assert_eq!(job["state"], "queued");
    let id = job["id"].as_str().unwrap().to_owned();
    let (_, listed) = admin.get("/customers/exports").await;
    assert_eq!(listed["jobs"][0]["id"], id.as_str());
    let early = admin
        .request(
            reqwest::Method::GET,
            &format!("/customers/exports/{id}/file"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), 409, "no file before the job is done");

    app.drain().await;
    let (status, done) = admin.get(&format!("/customers/exports/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(done["state"], "ready", "{done}");
    assert_eq!(done["rows"], 430);
    assert_eq!(
        done["of"], 430,
        "progress counts the records the shop pages through"
    );
    assert_eq!(done["read"], 430);

    let file = admin
        .request(
            reqwest::Method::GET,
            &format!("/customers/exports/{id}/file"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert!(
        file.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = file.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_ref());
    let headers = reader.headers().unwrap().clone();
    let email_column = headers.iter().position(|h| h == "E-mail").unwrap();
    let emails: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[email_column].to_owned())
        .collect();
    let expected: Vec<String> = (0..430).map(|n| format!("bulk{n}@example.com")).collect();
    assert_eq!(emails, expected, "the file is the filtered list, in order");

    // A redelivered job that is done is not written again.
    let (_, again) = admin.get("/customers/exports").await;
    assert_eq!(again["jobs"].as_array().unwrap().len(), 1);
    let (status, _) = admin.get("/customers/exports/nope").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn cm_4_background_export_sqlite() {
    cm_4_background_export(Backend::Sqlite).await;
}

#[tokio::test]
async fn cm_4_background_export_aws() {
    cm_4_background_export(Backend::Aws).await;
}

/// A job whose system fails is shown failed and retried, then finishes.
#[tokio::test]
async fn cm_4_background_export_survives_a_failing_shop() {
    let app = OcApp::spawn(Backend::Sqlite).await;
    let admin = Admin::of(&app);
    for n in 0..3 {
        app.shop.seed_customer(
            json!({"firstname": format!("C{n}"), "email": format!("c{n}@example.com")}),
        );
    }
    let (status, job) = admin
        .send(
            reqwest::Method::POST,
            "/customers/exports?format=xlsx",
            Value::Null,
        )
        .await;
    assert_eq!(status, 202, "{job}");
    let id = job["id"].as_str().unwrap().to_owned();
    app.shop.fail_next(2, 503);
    app.drain().await;
    let (_, done) = admin.get(&format!("/customers/exports/{id}")).await;
    assert_eq!(done["state"], "ready", "{done}");
    assert_eq!(done["rows"], 3);
    let file = admin
        .request(
            reqwest::Method::GET,
            &format!("/customers/exports/{id}/file"),
        )
        .send()
        .await
        .unwrap();
    let bytes = file.bytes().await.unwrap();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 4, "a header row and three customers");
}

/// On AWS the export function keeps the file under `exports/<tenant>/` of
/// the catalogue bucket, and the admin API hands out a presigned URL that
/// serves it with its content type; another tenant's name finds nothing.
#[tokio::test]
async fn cm_4_background_export_files_on_s3() {
    use std::io::Write;
    use synclane::flows::icml::files::{CatalogueFiles, Download, FileName, S3CatalogueFiles};
    use synclane::model::TenantId;
    let stack = crate::support::aws_stack::AwsStack::create().await;
    let files = S3CatalogueFiles::new(stack.s3.clone(), &stack.bucket);
    let (a, b) = (
        TenantId::parse("tenant-a").unwrap(),
        TenantId::parse("tenant-b").unwrap(),
    );
    let name = FileName::parse("customers-opencart-1.csv").unwrap();
    let mut staged = files.staged_file().unwrap();
    staged.write_all("id,name\n7,Zoë\n".as_bytes()).unwrap();
    files
        .publish_named(
            &a,
            &name,
            "text/csv; charset=utf-8",
            staged.into_temp_path(),
        )
        .await
        .unwrap();
    let Some(Download::Redirect(url)) = files.download_named(&a, &name).await.unwrap() else {
        panic!("a presigned URL");
    };
    assert!(
        url.contains("/exports/tenant-a/customers-opencart-1.csv"),
        "{url}"
    );
    let object = reqwest::get(&url).await.unwrap();
    assert_eq!(object.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(object.text().await.unwrap(), "id,name\n7,Zoë\n");
    assert_eq!(files.download_named(&b, &name).await.unwrap(), None);
    assert_eq!(files.download(&a).await.unwrap(), None, "not the catalogue");
}
