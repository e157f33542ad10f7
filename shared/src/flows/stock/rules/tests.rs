//! Stock rules by rule id.

use super::*;

const BOTH: Wanted = Wanted {
    stock: true,
    prices: true,
};

fn figures(stock: f64, reserve: f64, in_transit: f64, cost: i64) -> Figures {
    Figures {
        stock,
        reserve,
        in_transit,
        quantity: stock - reserve + in_transit,
        cost: Kopecks(cost),
    }
}

#[test]
fn ms_p1_available_is_moysklad_quantity() {
    let v = store_values(
        &StockOptions::default(),
        BOTH,
        &figures(10.0, 3.0, 2.0, 500),
    )
    .unwrap();
    assert_eq!(v.available, Some(9.0));
}

#[test]
fn ms_p1_above_999999_is_written_as_999999() {
    let v = store_values(
        &StockOptions::default(),
        BOTH,
        &figures(2_500_000.0, 0.0, 0.0, 1),
    )
    .unwrap();
    assert_eq!(v.available, Some(999_999.0));
    let v = store_values(
        &StockOptions::default(),
        BOTH,
        &figures(999_999.0, 0.0, 0.0, 1),
    )
    .unwrap();
    assert_eq!(v.available, Some(999_999.0));
}

#[test]
fn ms_p1_negative_is_written_as_zero_and_fractions_keep_three_decimals() {
    let v = store_values(&StockOptions::default(), BOTH, &figures(1.0, 4.0, 0.0, 1)).unwrap();
    assert_eq!(v.available, Some(0.0));
    let v = store_values(
        &StockOptions::default(),
        BOTH,
        &figures(2.12345, 0.0, 0.0, 1),
    )
    .unwrap();
    assert_eq!(v.available, Some(2.123));
}

#[test]
fn ms_p1_xml_id_is_external_code_and_product_hash_variant() {
    assert_eq!(xml_id("o6-XTo1", None), "o6-XTo1");
    assert_eq!(xml_id("o6-XTo1", Some("zGSF")), "o6-XTo1#zGSF");
}

#[test]
fn ms_p2_purchase_price_from_the_report_and_zero_when_not_in_stock() {
    let v = store_values(
        &StockOptions::default(),
        BOTH,
        &figures(5.0, 0.0, 0.0, 12_345),
    )
    .unwrap();
    assert_eq!(v.purchase_price, Some(12_345));
    let v = store_values(
        &StockOptions::default(),
        BOTH,
        &figures(0.0, 0.0, 3.0, 12_345),
    )
    .unwrap();
    assert_eq!(v.purchase_price, Some(0), "in transit only: not in stock");
    let prices_only = Wanted {
        stock: false,
        prices: true,
    };
    let v = store_values(
        &StockOptions::default(),
        prices_only,
        &figures(5.0, 0.0, 0.0, 7),
    )
    .unwrap();
    assert_eq!(
        v,
        StoreValues {
            available: None,
            purchase_price: Some(7)
        }
    );
}

#[test]
fn ms_s6_keeps_crm_stock_when_moysklad_has_none() {
    let opts = StockOptions {
        keep_stock_when_out: true,
        ..Default::default()
    };
    let stock_only = Wanted {
        stock: true,
        prices: false,
    };
    assert_eq!(
        store_values(&opts, stock_only, &figures(0.0, 0.0, 0.0, 1)),
        None
    );
    assert_eq!(
        store_values(&opts, stock_only, &figures(2.0, 5.0, 0.0, 1)),
        None,
        "negative"
    );
    assert_eq!(
        store_values(&opts, stock_only, &figures(2.0, 1.0, 0.0, 1))
            .unwrap()
            .available,
        Some(1.0)
    );
    let v = store_values(&opts, BOTH, &figures(0.0, 0.0, 0.0, 900)).unwrap();
    assert_eq!(
        v,
        StoreValues {
            available: None,
            purchase_price: Some(0)
        }
    );
    let off = store_values(
        &StockOptions::default(),
        stock_only,
        &figures(0.0, 0.0, 0.0, 1),
    );
    assert_eq!(
        off.unwrap().available,
        Some(0.0),
        "without MS-S6 the CRM is zeroed"
    );
}

#[test]
fn ms_s7_inactive_goods_are_filtered_out_of_the_report() {
    let opts = StockOptions {
        skip_inactive: true,
        ..Default::default()
    };
    assert_eq!(archived_filter(&opts), "archived=false");
    assert_eq!(
        archived_filter(&StockOptions::default()),
        "archived=true;archived=false"
    );
}

#[test]
fn ms_s8_subtracts_in_transit() {
    let opts = StockOptions {
        subtract_in_transit: true,
        ..Default::default()
    };
    let v = store_values(&opts, BOTH, &figures(10.0, 3.0, 4.0, 1)).unwrap();
    assert_eq!(v.available, Some(7.0));
    assert_eq!(current_stock_type(&opts), "freeStock");
    assert_eq!(current_stock_type(&StockOptions::default()), "quantity");
}

#[test]
fn ms_p3_snapshot_encoding_tells_changes_apart() {
    let a = StoreValues {
        available: Some(1.5),
        purchase_price: Some(10),
    };
    let b = StoreValues {
        available: Some(1.5),
        purchase_price: None,
    };
    assert_ne!(a.encode(), b.encode());
    assert_eq!(a.encode(), "1.5|10");
}
