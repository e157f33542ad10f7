//! Large catalogues: a run stopped by its deadline is continued by the next
//! without pushing anything twice; overlapping runs never both push.

use super::{Fixture, sqlite};
use synclane::settings::StockOptions;

fn stock() -> StockOptions {
    StockOptions {
        stock_enabled: true,
        prices_enabled: true,
        ..Default::default()
    }
}

#[tokio::test]
async fn interrupted_run_is_finished_by_the_next_without_pushing_twice() {
    let fx = Fixture::new(sqlite().await, &["a", "b"], stock()).await;
    let ids: Vec<String> = fx.stores.iter().map(|(_, id)| id.clone()).collect();
    fx.ms.seed_generated_catalogue(2500, &ids, 3);
    fx.crm.accept_offers_with_prefix("gen-");
    // A deadline already reached: each run does its one page and checkpoints.
    let mut runs = Vec::new();
    loop {
        let stats = fx.run_until(tokio::time::Instant::now()).await;
        assert_eq!(stats.mode, "full");
        runs.push(stats.clone());
        if !stats.interrupted {
            break;
        }
        assert!(runs.len() < 10, "the pass must finish");
    }
    assert_eq!(
        runs.len(),
        6,
        "3 pages in each of 2 warehouses, one per run: {runs:?}"
    );
    let all = fx.crm.inventories();
    assert_eq!(all.len(), 5000);
    assert!(
        all.iter().all(|(_, i)| i.writes == 1),
        "nothing pushed twice"
    );
    // The next run is a delta with nothing to do.
    let after = fx.run().await;
    assert_eq!((after.mode, after.pushed), ("delta", 0));
}

#[tokio::test]
async fn overlapping_runs_only_one_pushes() {
    let fx = Fixture::new(sqlite().await, &["a"], stock()).await;
    let ids: Vec<String> = fx.stores.iter().map(|(_, id)| id.clone()).collect();
    fx.ms.seed_generated_catalogue(3000, &ids, 5);
    fx.crm.accept_offers_with_prefix("gen-");
    let (one, two) = tokio::join!(fx.run(), fx.run());
    assert!(
        one.skipped != two.skipped,
        "exactly one ran: {one:?} {two:?}"
    );
    assert_eq!(one.pushed + two.pushed, 3000);
    assert!(fx.crm.inventories().iter().all(|(_, i)| i.writes == 1));
}
