//! `MoySklad::assortment_by_ids` against the emulator: how the delta pass
//! reads goods the snapshot does not know, with MoySklad's filter rules
//! (repeated `id=` is an OR, archived goods only when asked for, unknown
//! filter fields refused).

use super::{Fixture, sqlite};
use std::collections::HashMap;
use synclane::connectors::moysklad::{Assortment, CallKind};
use synclane::error::Error;
use synclane::settings::StockOptions;

async fn fixture() -> Fixture {
    Fixture::new(sqlite().await, &["main"], StockOptions::default()).await
}

fn by_id(rows: Vec<Assortment>) -> HashMap<String, Assortment> {
    rows.into_iter()
        .map(|r| (r.id.clone().expect("rows carry their id"), r))
        .collect()
}

#[tokio::test]
async fn moysklad_assortment_by_ids_reads_kinds_codes_and_the_variants_product() {
    let fx = fixture().await;
    let (_, ms) = fx.clients();
    let shoe = fx.ms.seed_product("Shoe", "shoe-ext", 100);
    let size = fx.ms.seed_variant(&shoe, "Shoe 42", "size42-ext", 100);
    let fitting = fx.ms.seed_service("Fitting", "fit-ext");
    let old = fx.ms.seed_product("Old", "old-ext", 100);
    fx.ms.set_archived("product", &old, true);
    fx.ms.seed_product("Not asked for", "other-ext", 100);
    let missing = "00000000-0000-4000-8000-000000000000".to_owned();
    let ids = [&shoe, &size, &fitting, &old, &missing].map(|s| s.to_string());

    let rows = by_id(ms.assortment_by_ids(&ids, &[]).await.unwrap());
    let mut found: Vec<&str> = rows.keys().map(String::as_str).collect();
    found.sort_unstable();
    let mut expected = vec![shoe.as_str(), size.as_str(), fitting.as_str()];
    expected.sort_unstable();
    assert_eq!(found, expected, "every id asked for, active goods only");
    let kind = |id: &str| rows[id].meta.as_ref().unwrap().kind.clone().unwrap();
    assert_eq!(
        [kind(&shoe), kind(&size), kind(&fitting)],
        ["product", "variant", "service"]
    );
    assert_eq!(rows[&size].external_code.as_deref(), Some("size42-ext"));
    let product = rows[&size]
        .product
        .as_ref()
        .expect("a variant names its product");
    assert_eq!(product.meta.id(), shoe);
    assert_eq!(
        product.external_code.as_deref(),
        Some("shoe-ext"),
        "expanded"
    );

    let both = ["archived=true;archived=false".to_owned()];
    let all = by_id(ms.assortment_by_ids(&ids, &both).await.unwrap());
    assert_eq!(all.len(), 4, "archived ones too when both values are sent");
    let only = ["archived=true".to_owned()];
    let archived = by_id(ms.assortment_by_ids(&ids, &only).await.unwrap());
    assert_eq!(archived.keys().collect::<Vec<_>>(), [&old]);
}

#[tokio::test]
async fn moysklad_assortment_by_ids_asks_for_40_ids_a_request() {
    let fx = fixture().await;
    let (_, ms) = fx.clients();
    fx.ms
        .seed_generated_catalogue(1000, &[fx.store_id("main").to_owned()], 9);
    let ids: Vec<String> = (0..45)
        .map(|i| fx.ms.generated_good(i * 20).unwrap().0)
        .collect();
    let before = fx.ms.counters().requests;
    let rows = by_id(ms.assortment_by_ids(&ids, &[]).await.unwrap());
    assert_eq!(fx.ms.counters().requests - before, 2);
    assert_eq!(rows.len(), 45);
    assert_eq!(
        rows[&ids[44]].external_code.as_deref(),
        Some("gen-880"),
        "generated goods are listed as products"
    );
}

#[tokio::test]
async fn moysklad_emulator_refuses_filters_the_assortment_does_not_take() {
    let fx = fixture().await;
    let (_, ms) = fx.clients();
    for filter in ["idd=1", "externalcode=x", "archived=maybe"] {
        let answer = ms
            .get::<serde_json::Value>(
                "entity/assortment",
                &[("filter", filter.to_owned())],
                CallKind::Ordinary,
            )
            .await;
        assert!(
            matches!(answer, Err(Error::PeerRejected { status: 412, .. })),
            "{filter}: {answer:?}"
        );
    }
}
