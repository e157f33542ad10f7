//! CRM → OpenCart (OC-R1..OC-R5) end to end: a manager's edit in the CRM
//! emulator → the history poll → the worker → the OpenCart emulator's
//! order, on both backends; and the echoes of both directions.

mod corporate;
mod echoes;
mod private;

use crate::support::app::Backend;
use crate::support::oc_app::OcApp;
use serde_json::{Value, json};

/// One test per backend for each scenario.
macro_rules! on_both_backends {
    ($($scenario:ident => $sqlite:ident, $aws:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $sqlite() {
            $scenario(crate::support::app::Backend::Sqlite).await
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $aws() {
            $scenario(crate::support::app::Backend::Aws).await
        }
    )*};
}
use on_both_backends;

/// The fields of a shop order a test looks at.
fn section(order: &Value, keys: &[&str]) -> Value {
    keys.iter()
        .map(|k| (k.to_string(), order[*k].clone()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// A manager picks another customer on the CRM order, as the CRM's UI does
/// it: the customer reference and the order's contact data.
fn pick_private(id: i64, first: &str, last: &str, email: &str, phone: &str) -> Value {
    json!({"customer": {"id": id}, "firstName": first, "lastName": last, "email": email, "phone": phone})
}

/// An app with shop order 1001 (Anna Petrova, a guest) synced forward and
/// the forward flow's echoes polled; returns it and the CRM order id.
async fn with_order(backend: Backend, fields: Value) -> (OcApp, i64) {
    let app = OcApp::spawn(backend).await;
    let crm_id = app.order_synced_forward(1001, fields).await;
    app.poll_and_drain().await;
    assert_eq!(
        app.shop.calls("order.update"),
        0,
        "the forward flow's own writes came back"
    );
    (app, crm_id)
}
