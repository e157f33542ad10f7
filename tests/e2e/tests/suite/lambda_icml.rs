//! MS-B9 on demand through the real binaries under `cargo lambda watch`: the
//! `admin` function queues the export on the export queue, the `worker`
//! binary with `ICML_BUCKET` (deployed as `icml-export`) publishes it to S3,
//! and the admin function hands out a presigned URL that serves it.

use crate::icml_export::{Api, assert_catalogue, seed_catalogue};
use crate::stock_sync::Fixture;
use crate::support::aws_stack::{AwsStack, failure_ids};
use crate::support::cargo_lambda::LambdaWatch;
use serde_json::json;
use synclane::queue::Queue;
use synclane::secret::Secret;
use synclane::settings::StockOptions;

#[tokio::test(flavor = "multi_thread")]
async fn lambda_icml_export_function_publishes_to_s3_and_admin_hands_it_out() {
    let stack = AwsStack::create().await;
    let fx = Fixture::new(stack.store.clone(), &["main"], StockOptions::default()).await;
    seed_catalogue(&fx);
    let lambda = LambdaWatch::start(&["admin", "worker"], &stack.function_env()).await;
    let api = Api::at(&lambda.url("admin", &format!("/admin/tenants/{}/icml", fx.tenant.id))).await;

    let (code, queued) = api.post().await;
    assert_eq!(code, 202, "{queued}");
    assert_eq!(
        stack.queue.depth().await.unwrap(),
        0,
        "not on the work queue"
    );
    let records = stack
        .receive_records(stack.export_queue.queue_url(), 1)
        .await;
    let answer = lambda
        .invoke("worker", &json!({ "Records": records }))
        .await;
    assert_eq!(failure_ids(&answer), Vec::<String>::new(), "{answer}");
    let export_queue = stack.export_queue.queue_url();
    stack.acknowledge_on(export_queue, &records, &answer).await;
    assert_eq!(stack.export_queue.depth().await.unwrap(), 0);

    let ready = api.until_ready().await;
    assert_eq!(ready["request_id"], queued["request_id"]);
    let redirect = api.catalogue().await;
    assert_eq!(redirect.status(), 307);
    let url = redirect.headers()["location"].to_str().unwrap().to_owned();
    let doc = reqwest::get(&url).await.unwrap().text().await.unwrap();
    assert_catalogue(&doc);

    // The same function serves the public URL the CRM loads.
    let mut tenant = fx.tenant.clone();
    let sync = tenant.moysklad.as_mut().unwrap().sync.as_mut().unwrap();
    sync.icml.feed_token = Secret::new("feed-token-0123456789abcdef");
    stack.store.tenants.put_tenant(&tenant).await.unwrap();
    let feed = lambda.url(
        "admin",
        &format!("/catalogue/{}/feed-token-0123456789abcdef.xml", tenant.id),
    );
    let redirect = api.http.get(&feed).send().await.unwrap();
    assert_eq!(redirect.status(), 307, "no bearer token needed");
    let wrong = api
        .http
        .get(feed.replace("feed-token", "fake-token"))
        .send();
    assert_eq!(wrong.await.unwrap().status(), 404);
}
