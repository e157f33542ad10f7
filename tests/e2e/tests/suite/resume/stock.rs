//! MoySklad stock → CRM: an upload fails in the middle of a pass.

use crate::stock_sync::{Fixture, sqlite};
use synclane::settings::StockOptions;

/// MS-P3 resumed: the CRM refuses the second page's second upload on every
/// try; the run fails, and the next run pushes what the snapshot does not
/// hold yet: every offer reaches the CRM, only the page that failed is
/// sent again, and a third run has nothing left to push.
#[tokio::test]
async fn ms_p3_a_failed_upload_is_pushed_by_the_next_run() {
    let opts = StockOptions {
        stock_enabled: true,
        ..Default::default()
    };
    let fx = Fixture::new(sqlite().await, &["a"], opts).await;
    let ids: Vec<String> = fx.stores.iter().map(|(_, id)| id.clone()).collect();
    fx.ms.seed_generated_catalogue(2500, &ids, 3);
    fx.crm.accept_offers_with_prefix("gen-");
    // Page 1 is 4 uploads of 250; then one more passes and the next fails
    // on all 5 tries of the fixture's connector.
    fx.crm
        .fail_path_after("/store/inventories/upload", 5, 5, 503);
    assert!(fx.try_run().await.is_err(), "the first run fails");
    let second = fx.try_run().await.unwrap();
    assert_eq!(second.mode, "full", "the pass goes on where it stopped");
    let all = fx.crm.inventories();
    assert_eq!(all.len(), 2500, "every offer reached the CRM");
    let twice = all.iter().filter(|(_, i)| i.writes == 2).count();
    assert_eq!(
        twice, 250,
        "only the upload that passed before the failure is sent again"
    );
    assert!(all.iter().all(|(_, i)| i.writes <= 2));
    let third = fx.run().await;
    assert_eq!((third.mode, third.pushed), ("delta", 0));
}
