//! ERP → WooCommerce end to end, on both backends: a signed ERP feed →
//! hook → queue → worker → WooCommerce emulator state, links and journal;
//! and WooCommerce webhooks → hook → queue → worker. Named after RULES.md
//! block EW; one file per concern, helpers here.

pub(crate) use crate::support::app::Backend;
pub(crate) use crate::support::erp::{V1, V2, V3, contact, party, set};
pub(crate) use crate::support::ew_app::{EwApp, approved};
pub(crate) use serde_json::{Value, json};

macro_rules! on_both_backends {
    ($($scenario:ident => $sqlite:ident, $aws:ident;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $sqlite() {
            $scenario(Backend::Sqlite).await
        }
        #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
        async fn $aws() {
            $scenario(Backend::Aws).await
        }
    )*};
}

mod dry_run;
mod intake;
mod redelivery;
mod rules;
mod status;
mod versions;
mod webhooks;

/// How many accounts the shop was asked to create, over every batch.
pub(crate) fn creates_sent(app: &EwApp) -> usize {
    app.woo
        .requests()
        .iter()
        .filter(|r| r.path == "/wc/v3/customers/batch")
        .filter_map(|r| r.body.as_ref()?["create"].as_array().map(Vec::len))
        .sum()
}

/// The ERP party a WooCommerce account is linked to (its link back).
pub(crate) async fn linked_party(app: &EwApp, woo_id: i64) -> Option<String> {
    use synclane::model::{EntityKind, System};
    use synclane::store::LinkKey;
    let key = LinkKey::new(
        &app.tenant,
        EntityKind::Customer,
        System::WooCommerce,
        woo_id.to_string(),
    );
    let link = app.store().links.get_link(&key).await.unwrap()?;
    link.peer(System::Erp).map(str::to_owned)
}

/// The WooCommerce account an ERP party (`T1`, `T1/C1`) is linked to.
pub(crate) async fn linked_account(app: &EwApp, party: &str) -> Option<i64> {
    use synclane::model::{EntityKind, System};
    use synclane::store::LinkKey;
    let key = LinkKey::new(&app.tenant, EntityKind::Customer, System::Erp, party);
    let link = app.store().links.get_link(&key).await.unwrap()?;
    link.peer(System::WooCommerce)?.parse().ok()
}

pub(crate) fn id(account: &Value) -> i64 {
    account["id"].as_i64().expect("an id")
}
