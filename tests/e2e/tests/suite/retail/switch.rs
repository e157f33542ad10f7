//! MS-R1: turning retail on registers one `retaildemand` CREATE webhook, however often.

use super::world::World;
use crate::support::app::tenant_id;
use synclane::flows::moysklad_retail::apply::switch::{RetailSwitch, set_retail};
use synclane::settings::RetailOptions;

fn retail_hooks(w: &World) -> usize {
    w.ms.entities("webhook")
        .iter()
        .filter(|h| h["entityType"] == "retaildemand" && h["action"] == "CREATE")
        .count()
}

#[tokio::test]
async fn ms_r1_registering_retail_twice_leaves_one_webhook() {
    // `World::start` switched retail on once already.
    let w = World::start(RetailOptions::default()).await;
    let again = set_retail(w.app.store(), &w.app.local.peers, &tenant_id(), true)
        .await
        .unwrap();
    assert!(matches!(again, RetailSwitch::On { .. }));
    assert_eq!(retail_hooks(&w), 1);
    let url = w.ms.entities("webhook")[0]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        url.ends_with("/hooks/acme/moysklad/hook-token-0123456789"),
        "{url}"
    );

    let off = set_retail(w.app.store(), &w.app.local.peers, &tenant_id(), false)
        .await
        .unwrap();
    assert_eq!(off, RetailSwitch::Off { removed: 1 });
    assert_eq!(retail_hooks(&w), 0);
    let saved = w
        .app
        .store()
        .tenants
        .get_tenant(&tenant_id())
        .await
        .unwrap()
        .unwrap();
    assert!(!saved.moysklad.unwrap().sync.unwrap().retail.enabled);

    set_retail(w.app.store(), &w.app.local.peers, &tenant_id(), true)
        .await
        .unwrap();
    assert_eq!(retail_hooks(&w), 1);
}
