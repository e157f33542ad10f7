//! MS-P3: only changed offers are pushed; a full resync runs when due.

use super::{Fixture, sqlite};
use synclane::settings::StockOptions;

/// Every generated good agrees between MoySklad's report and the CRM.
async fn assert_in_step(fx: &Fixture, goods: u32) {
    let (_, ms) = fx.clients();
    for (code, id) in &fx.stores {
        let href =
            synclane::connectors::moysklad::Meta::entity(&fx.ms.base_url(), "store", id).href;
        let query = synclane::connectors::moysklad::StockQuery {
            include_zero: true,
            store_hrefs: vec![href],
            conditions: vec![],
        };
        let rows = ms.stock_all(&query).await.unwrap();
        assert_eq!(rows.len() as u32, goods);
        for row in rows {
            let crm = fx.crm_values(&row.external_code, code).expect("pushed");
            assert_eq!(
                crm.0,
                Some(row.quantity.clamp(0.0, 999_999.0)),
                "{} in {code}",
                row.external_code
            );
        }
    }
}

async fn generated(opts: StockOptions, goods: u32) -> Fixture {
    let fx = Fixture::new(sqlite().await, &["a", "b"], opts).await;
    let ids: Vec<String> = fx.stores.iter().map(|(_, id)| id.clone()).collect();
    fx.ms.seed_generated_catalogue(goods, &ids, 7);
    fx.crm.accept_offers_with_prefix("gen-");
    fx
}

#[tokio::test]
async fn ms_p3_only_changed_offers_are_pushed() {
    let fx = generated(
        StockOptions {
            stock_enabled: true,
            ..Default::default()
        },
        1500,
    )
    .await;
    let full = fx.run().await;
    assert_eq!((full.mode, full.pushed), ("full", 3000));
    assert_in_step(&fx, 1500).await;

    let quiet = fx.run().await;
    assert_eq!(
        (quiet.mode, quiet.pushed, quiet.crm_requests),
        ("delta", 0, 0),
        "nothing changed"
    );
    assert_eq!(
        quiet.moysklad_reports, 1,
        "one short report instead of the whole catalogue"
    );

    let changed = fx.ms.change_generated_stock(0.02);
    assert!(changed > 10, "{changed}");
    let delta = fx.run().await;
    assert_eq!(delta.mode, "delta");
    assert!(
        delta.pushed > 0 && delta.pushed <= 2 * changed as u64,
        "{delta:?} for {changed} goods"
    );
    assert_eq!(delta.moysklad_reports, 1);
    assert_in_step(&fx, 1500).await;
    let writes: u32 = fx.crm.inventories().iter().map(|(_, i)| i.writes).sum();
    assert_eq!(
        u64::from(writes),
        3000 + delta.pushed,
        "each change pushed once"
    );
}

#[tokio::test]
async fn ms_p3_with_prices_reads_only_the_changed_goods() {
    let fx = generated(
        StockOptions {
            stock_enabled: true,
            prices_enabled: true,
            ..Default::default()
        },
        1200,
    )
    .await;
    fx.run().await;
    let changed = fx.ms.change_generated_stock(0.02);
    let delta = fx.run().await;
    assert_eq!(delta.mode, "delta");
    assert!(delta.pushed > 0 && delta.pushed <= 2 * changed as u64);
    // One short report plus one filtered page per 40 changed goods per warehouse.
    assert!(
        delta.moysklad_reports <= 1 + 2 * (changed as u64).div_ceil(40),
        "{delta:?}"
    );
    assert_in_step(&fx, 1200).await;
}

#[tokio::test]
async fn ms_p3_full_resync_pushes_everything_when_due() {
    let fx = generated(
        StockOptions {
            stock_enabled: true,
            ..Default::default()
        },
        300,
    )
    .await;
    fx.run().await;
    fx.age_last_full_pass().await;
    let resync = fx.run().await;
    assert_eq!((resync.mode, resync.pushed), ("full", 600));
}
