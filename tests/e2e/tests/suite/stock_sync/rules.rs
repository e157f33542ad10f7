//! Rule-id tests of the pull against the emulators.

use super::{Fixture, sqlite};
use synclane::settings::StockOptions;

fn both() -> StockOptions {
    StockOptions {
        stock_enabled: true,
        prices_enabled: true,
        ..Default::default()
    }
}

#[tokio::test]
async fn ms_p1_stock_per_mapped_warehouse_by_xml_id_capped_at_999999() {
    let fx = Fixture::new(sqlite().await, &["main", "south"], both()).await;
    let shirt = fx.ms.seed_product("Shirt", "shirt-ext", 1500);
    let big = fx.ms.seed_product("Nails", "nails-ext", 1);
    let unmapped = fx.ms.seed_store("Not in the CRM");
    fx.ms.set_stock(&shirt, fx.store_id("main"), 10.0, 2.0, 1.0);
    fx.ms.set_stock(&shirt, fx.store_id("south"), 4.0, 0.0, 0.0);
    fx.ms.set_stock(&shirt, &unmapped, 100.0, 0.0, 0.0);
    fx.ms
        .set_stock(&big, fx.store_id("main"), 2_000_000.0, 0.0, 0.0);
    fx.crm.add_offers(["shirt-ext", "nails-ext"], &[]);
    let stats = fx.run().await;
    assert_eq!(stats.mode, "full");
    assert_eq!(
        fx.crm_values("shirt-ext", "main").unwrap().0,
        Some(9.0),
        "stock − reserve + in transit"
    );
    assert_eq!(
        fx.crm_values("shirt-ext", "south").unwrap().0,
        Some(4.0),
        "per warehouse, the unmapped one left out"
    );
    assert_eq!(
        fx.crm_values("nails-ext", "main").unwrap().0,
        Some(999_999.0)
    );
    assert_eq!(
        fx.crm_values("nails-ext", "south").unwrap().0,
        Some(0.0),
        "none there: zeroed"
    );
}

#[tokio::test]
async fn ms_b9_variant_offers_are_product_hash_variant() {
    let fx = Fixture::new(sqlite().await, &["main"], both()).await;
    let product = fx.ms.seed_product("Shoe", "shoe-ext", 1000);
    let variant = fx.ms.seed_variant(&product, "Shoe 42", "size42-ext", 1100);
    fx.ms
        .set_stock(&variant, fx.store_id("main"), 3.0, 0.0, 0.0);
    fx.crm.add_offers(["shoe-ext", "shoe-ext#size42-ext"], &[]);
    let stats = fx.run().await;
    assert_eq!(stats.not_found, 0);
    assert_eq!(
        fx.crm_values("shoe-ext#size42-ext", "main"),
        Some((Some(3.0), Some(11.0)))
    );
    assert_eq!(
        fx.crm_values("shoe-ext", "main"),
        Some((Some(0.0), Some(0.0)))
    );
}

#[tokio::test]
async fn ms_p2_purchase_price_from_the_report_zero_when_not_in_stock() {
    let fx = Fixture::new(sqlite().await, &["main"], both()).await;
    let a = fx.ms.seed_product("A", "a-ext", 12_345);
    let b = fx.ms.seed_product("B", "b-ext", 500);
    fx.ms.set_stock(&a, fx.store_id("main"), 1.0, 0.0, 0.0);
    fx.ms.set_stock(&b, fx.store_id("main"), 0.0, 0.0, 5.0);
    fx.crm.add_offers(["a-ext", "b-ext"], &[]);
    fx.run().await;
    assert_eq!(
        fx.crm_values("a-ext", "main").unwrap().1,
        Some(123.45),
        "kopecks → roubles"
    );
    assert_eq!(
        fx.crm_values("b-ext", "main").unwrap().1,
        Some(0.0),
        "in transit only: not in stock"
    );
}

#[tokio::test]
async fn ms_s6_goods_out_of_stock_do_not_zero_the_crm() {
    let opts = StockOptions {
        keep_stock_when_out: true,
        ..both()
    };
    let fx = Fixture::new(sqlite().await, &["main"], opts).await;
    let out = fx.ms.seed_product("Out", "out-ext", 100);
    let there = fx.ms.seed_product("There", "there-ext", 100);
    fx.ms.set_stock(&out, fx.store_id("main"), 1.0, 3.0, 0.0);
    fx.ms.set_stock(&there, fx.store_id("main"), 2.0, 0.0, 0.0);
    fx.crm.add_offers(["out-ext", "there-ext"], &[]);
    fx.run().await;
    assert_eq!(
        fx.crm_values("out-ext", "main").unwrap().0,
        None,
        "stock left as it is"
    );
    assert_eq!(fx.crm_values("there-ext", "main").unwrap().0, Some(2.0));
}

#[tokio::test]
async fn ms_s7_inactive_goods_are_not_synced() {
    let opts = StockOptions {
        skip_inactive: true,
        ..both()
    };
    let fx = Fixture::new(sqlite().await, &["main"], opts).await;
    let old = fx.ms.seed_product("Old", "old-ext", 100);
    let new = fx.ms.seed_product("New", "new-ext", 100);
    fx.ms.set_archived("product", &old, true);
    fx.ms.set_stock(&old, fx.store_id("main"), 5.0, 0.0, 0.0);
    fx.ms.set_stock(&new, fx.store_id("main"), 5.0, 0.0, 0.0);
    fx.crm.add_offers(["old-ext", "new-ext"], &[]);
    fx.run().await;
    assert_eq!(fx.crm_values("old-ext", "main"), None);
    assert_eq!(fx.crm_values("new-ext", "main").unwrap().0, Some(5.0));

    // Without MS-S7 the archived good is synced too.
    let fx2 = Fixture::new(sqlite().await, &["main"], both()).await;
    let old = fx2.ms.seed_product("Old", "old-ext", 100);
    fx2.ms.set_archived("product", &old, true);
    fx2.ms.set_stock(&old, fx2.store_id("main"), 5.0, 0.0, 0.0);
    fx2.crm.add_offers(["old-ext"], &[]);
    fx2.run().await;
    assert_eq!(fx2.crm_values("old-ext", "main").unwrap().0, Some(5.0));
}

#[tokio::test]
async fn ms_s8_in_transit_is_subtracted() {
    let opts = StockOptions {
        subtract_in_transit: true,
        ..both()
    };
    let fx = Fixture::new(sqlite().await, &["main"], opts).await;
    let a = fx.ms.seed_product("A", "a-ext", 100);
    fx.ms.set_stock(&a, fx.store_id("main"), 10.0, 3.0, 4.0);
    fx.crm.add_offers(["a-ext"], &[]);
    fx.run().await;
    assert_eq!(fx.crm_values("a-ext", "main").unwrap().0, Some(7.0));
    // The delta pass reads `freeStock` from the short report: same rule.
    fx.ms.set_stock(&a, fx.store_id("main"), 20.0, 3.0, 4.0);
    let stats = fx.run().await;
    assert_eq!(stats.mode, "delta");
    assert_eq!(fx.crm_values("a-ext", "main").unwrap().0, Some(17.0));
}
