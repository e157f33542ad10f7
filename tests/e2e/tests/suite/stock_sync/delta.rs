//! MS-P3: only changed offers are pushed; a full resync runs when due; goods
//! created since the full pass are pushed by the next delta.

use super::{Fixture, sqlite};
use synclane::settings::StockOptions;

/// Every generated good agrees between MoySklad's report and the CRM
/// (seeded goods, listed too, are checked by their tests).
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
        let mut rows = ms.stock_all(&query).await.unwrap();
        rows.retain(|r| r.external_code.starts_with("gen-"));
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

/// Full pass; then a product and its variant are created in MoySklad and
/// receive stock, and one more generated good appears: the next delta pushes
/// exactly their offers, and the one after knows them.
async fn goods_new_since_the_full_pass(prices: bool) {
    let opts = StockOptions {
        stock_enabled: true,
        prices_enabled: prices,
        ..Default::default()
    };
    let fx = generated(opts, 200).await;
    fx.crm.add_offers(["boot-ext", "boot-ext#b43-ext"], &[]);
    assert_eq!(fx.run().await.mode, "full");
    let before = fx.crm.inventories().len();

    let boot = fx.ms.seed_product("Boot", "boot-ext", 2500);
    let b43 = fx.ms.seed_variant(&boot, "Boot 43", "b43-ext", 2600);
    fx.ms.set_stock(&boot, fx.store_id("a"), 5.0, 1.0, 0.0);
    fx.ms.set_stock(&b43, fx.store_id("a"), 7.0, 0.0, 2.0);
    assert_eq!(fx.ms.add_generated_goods(1).len(), 1);
    let delta = fx.run().await;
    assert_eq!(delta.mode, "delta");
    assert_eq!(
        (delta.pushed, delta.not_found),
        (4, 0),
        "product and variant in `a`, the generated good in both: {delta:?}"
    );
    assert_eq!(
        delta.moysklad_lookups, 1,
        "one assortment read for all three, the variant's product expanded"
    );
    let price = |kopecks: f64| prices.then_some(kopecks / 100.0);
    assert_eq!(
        fx.crm_values("boot-ext", "a"),
        Some((Some(4.0), price(2500.0)))
    );
    assert_eq!(
        fx.crm_values("boot-ext#b43-ext", "a"),
        Some((Some(9.0), price(2600.0))),
        "MS-B9: product#variant"
    );
    assert_eq!(fx.crm_values("boot-ext", "b"), None, "no stock line there");
    assert_in_step(&fx, 201).await;
    let all = fx.crm.inventories();
    assert_eq!(all.len(), before + 4);
    assert!(
        all.iter().all(|(_, i)| i.writes == 1),
        "nothing else pushed"
    );

    let again = fx.run().await;
    assert_eq!(
        (again.mode, again.pushed, again.moysklad_lookups),
        ("delta", 0, 0),
        "the snapshot knows them now"
    );
}

#[tokio::test]
async fn ms_p3_goods_new_since_the_full_pass_are_pushed_by_the_next_delta() {
    goods_new_since_the_full_pass(false).await;
}

#[tokio::test]
async fn ms_p3_goods_new_since_the_full_pass_are_pushed_by_the_next_delta_with_prices() {
    goods_new_since_the_full_pass(true).await;
}

/// A new archived good with stock: left out under MS-S7, pushed without it
/// (as the full pass would).
async fn new_inactive_goods(prices: bool, skip_inactive: bool) -> Fixture {
    let opts = StockOptions {
        stock_enabled: true,
        prices_enabled: prices,
        skip_inactive,
        ..Default::default()
    };
    let fx = Fixture::new(sqlite().await, &["main"], opts).await;
    fx.crm.add_offers(["old-ext", "new-ext"], &[]);
    assert_eq!(fx.run().await.mode, "full");
    let old = fx.ms.seed_product("Old", "old-ext", 100);
    fx.ms.set_archived("product", &old, true);
    let new = fx.ms.seed_product("New", "new-ext", 100);
    for id in [&old, &new] {
        fx.ms.set_stock(id, fx.store_id("main"), 5.0, 0.0, 0.0);
    }
    let delta = fx.run().await;
    assert_eq!(delta.mode, "delta");
    assert_eq!(fx.crm_values("new-ext", "main").unwrap().0, Some(5.0));
    fx
}

#[tokio::test]
async fn ms_s7_goods_new_since_the_full_pass_and_inactive_are_not_pushed() {
    for prices in [false, true] {
        let fx = new_inactive_goods(prices, true).await;
        assert_eq!(fx.crm_values("old-ext", "main"), None, "prices {prices}");
        let again = fx.run().await;
        assert_eq!(again.pushed, 0, "still not, prices {prices}");
        let fx = new_inactive_goods(prices, false).await;
        assert_eq!(
            fx.crm_values("old-ext", "main").unwrap().0,
            Some(5.0),
            "without MS-S7 it is synced, prices {prices}"
        );
    }
}

#[tokio::test]
async fn ms_s6_a_new_good_out_of_stock_is_left_alone_until_stock_arrives() {
    let opts = StockOptions {
        stock_enabled: true,
        keep_stock_when_out: true,
        ..Default::default()
    };
    let fx = Fixture::new(sqlite().await, &["main"], opts).await;
    fx.crm.add_offers(["late-ext"], &[]);
    assert_eq!(fx.run().await.mode, "full");
    let late = fx.ms.seed_product("Late", "late-ext", 100);
    fx.ms.set_stock(&late, fx.store_id("main"), 1.0, 3.0, 0.0);
    let out = fx.run().await;
    assert_eq!(
        (out.pushed, out.moysklad_lookups),
        (0, 0),
        "nothing to write, so nothing read"
    );
    assert_eq!(fx.crm_values("late-ext", "main"), None);
    fx.ms.set_stock(&late, fx.store_id("main"), 6.0, 3.0, 0.0);
    let arrived = fx.run().await;
    assert_eq!((arrived.pushed, arrived.moysklad_lookups), (1, 1));
    assert_eq!(fx.crm_values("late-ext", "main").unwrap().0, Some(3.0));
}

/// A good synced by the full pass, then archived and its stock changed: a
/// stock-only delta under MS-S7 leaves it alone (the short report does not
/// say it is archived; the by-id read does), while other changes go through.
#[tokio::test]
async fn ms_s7_goods_archived_since_the_full_pass_are_not_pushed() {
    let opts = StockOptions {
        stock_enabled: true,
        skip_inactive: true,
        ..Default::default()
    };
    let fx = Fixture::new(sqlite().await, &["main"], opts).await;
    fx.crm.add_offers(["gone-ext", "kept-ext"], &[]);
    let gone = fx.ms.seed_product("Gone", "gone-ext", 100);
    let kept = fx.ms.seed_product("Kept", "kept-ext", 100);
    for id in [&gone, &kept] {
        fx.ms.set_stock(id, fx.store_id("main"), 5.0, 0.0, 0.0);
    }
    assert_eq!(fx.run().await.mode, "full");
    assert_eq!(fx.crm_values("gone-ext", "main").unwrap().0, Some(5.0));

    fx.ms.set_archived("product", &gone, true);
    for id in [&gone, &kept] {
        fx.ms.set_stock(id, fx.store_id("main"), 9.0, 0.0, 0.0);
    }
    let delta = fx.run().await;
    assert_eq!((delta.mode, delta.pushed), ("delta", 1), "{delta:?}");
    assert_eq!(delta.moysklad_lookups, 1, "both read in one request");
    assert_eq!(fx.crm_values("kept-ext", "main").unwrap().0, Some(9.0));
    assert_eq!(
        fx.crm_values("gone-ext", "main").unwrap().0,
        Some(5.0),
        "the archived good's stock is not synced"
    );
}
