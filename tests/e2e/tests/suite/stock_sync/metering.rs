//! Issue 16, item 3: a stock pull's uploads are metered, one operation per
//! upload the CRM accepted, exactly once when a pass is redone after a crash
//! between the upload and its checkpoint; on both backends.

use super::Fixture;
use synclane::flows::stock::Checkpoint;
use synclane::settings::StockOptions;
use synclane::store::{Day, Store};

async fn stock_operations(fx: &Fixture) -> u64 {
    let today = Day::today();
    let rows = fx
        .store
        .usage
        .usage(&fx.tenant.id, today, today)
        .await
        .unwrap();
    rows.iter()
        .filter(|r| r.flow == "stock")
        .map(|r| r.operations)
        .sum()
}

/// Puts the tenant's stock checkpoint back to where the first pass started:
/// what a crash right after its uploads, before its checkpoint was written,
/// leaves behind (a full pass uploads every entry whatever the snapshot says).
async fn forget_the_pass(fx: &Fixture) {
    let cursors = &fx.store.cursors;
    let name = "stock-pull:checkpoint";
    let now = cursors
        .get_cursor(&fx.tenant.id, name)
        .await
        .unwrap()
        .unwrap();
    let fresh = serde_json::to_string(&Checkpoint::default()).unwrap();
    cursors
        .put_cursor(&fx.tenant.id, name, &fresh, now.version)
        .await
        .unwrap();
}

async fn uploads_are_metered_once(store: Store) {
    let options = StockOptions {
        stock_enabled: true,
        prices_enabled: true,
        ..Default::default()
    };
    let fx = Fixture::new(store, &["a", "b"], options).await;
    let ids: Vec<String> = fx.stores.iter().map(|(_, id)| id.clone()).collect();
    fx.ms.seed_generated_catalogue(300, &ids, 11);
    fx.crm.accept_offers_with_prefix("gen-");

    let full = fx.run().await;
    assert_eq!((full.mode, full.pushed), ("full", 600));
    // One report page per warehouse, one upload each.
    assert_eq!(stock_operations(&fx).await, 2, "one per upload");

    // Crashed after the uploads: the redone pass uploads again (the CRM
    // sees every write twice) but counts nothing new.
    forget_the_pass(&fx).await;
    let redone = fx.run().await;
    assert_eq!((redone.mode, redone.pushed), ("full", 600));
    assert!(fx.crm.inventories().iter().all(|(_, i)| i.writes == 2));
    assert_eq!(stock_operations(&fx).await, 2, "a redone pass counts once");

    // Nothing changed: no upload, nothing counted.
    let quiet = fx.run().await;
    assert_eq!((quiet.mode, quiet.pushed), ("delta", 0));
    assert_eq!(stock_operations(&fx).await, 2);

    // A change in MoySklad: the delta's upload is one more operation.
    let changed = fx.ms.change_generated_stock(0.1);
    assert!(changed > 0);
    let delta = fx.run().await;
    assert_eq!(delta.mode, "delta");
    assert!(delta.pushed > 0, "{delta:?}");
    let after_delta = stock_operations(&fx).await;
    assert!(
        (3..=4).contains(&after_delta),
        "one upload per warehouse that changed: {after_delta}"
    );
}

#[tokio::test]
async fn metering_stock_uploads_count_once_sqlite() {
    uploads_are_metered_once(super::sqlite().await).await;
}

#[tokio::test]
async fn metering_stock_uploads_count_once_aws() {
    uploads_are_metered_once(crate::support::aws::dynamo_store().await).await;
}
