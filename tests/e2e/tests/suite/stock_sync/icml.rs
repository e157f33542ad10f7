//! MS-B9: the ICML catalogue generated from MoySklad, checked against the
//! format's structure, with xmlIds the stock pull matches.

use super::{Fixture, sqlite};
use serde_json::json;
use synclane::flows::icml::{IcmlShop, validate, write};
use synclane::settings::StockOptions;

#[tokio::test]
async fn ms_b9_icml_catalogue_from_moysklad() {
    let fx = Fixture::new(sqlite().await, &["main"], StockOptions::default()).await;
    let base = fx.ms.base_url();
    let shoes = fx
        .ms
        .seed("productfolder", json!({"name": "Shoes & boots"}));
    let boots = fx.ms.seed("productfolder", json!({"name": "Boots",
        "productFolder": {"meta": {"href": format!("{base}/entity/productfolder/{shoes}"), "type": "productfolder"}}}));
    let folder_ref = |id: &str| json!({"meta": {"href": format!("{base}/entity/productfolder/{id}"), "type": "productfolder"}});
    let plain = fx.ms.seed("product", json!({"name": "Laces <black>", "externalCode": "laces-ext", "article": "L-1",
        "productFolder": folder_ref(&shoes), "salePrices": [{"value": 19900.0}], "buyPrice": {"value": 5050.0}}));
    let boot = fx.ms.seed("product", json!({"name": "Boot", "externalCode": "boot-ext",
        "productFolder": folder_ref(&boots), "salePrices": [{"value": 500000.0}], "buyPrice": {"value": 200000.0}}));
    let v42 = fx.ms.seed_variant(&boot, "Boot 42", "b42-ext", 210000);
    let old = fx.ms.seed_product("Old", "old-ext", 1);
    fx.ms.set_archived("product", &old, true);

    let (_, ms) = fx.clients();
    let shop = IcmlShop {
        name: "Shop".into(),
        company: "Shop LLC".into(),
    };
    let mut out = Vec::new();
    let offers = write(&ms, &shop, &mut out).await.unwrap();
    let doc = String::from_utf8(out).unwrap();
    let summary = validate(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{doc}"));
    assert_eq!(
        (
            offers,
            summary.offers,
            summary.categories,
            summary.variant_offers
        ),
        (2, 2, 2, 1),
        "{doc}"
    );
    assert!(
        doc.contains(&format!(
            r#"<category id="{boots}" parentId="{shoes}">Boots</category>"#
        )),
        "{doc}"
    );
    assert!(doc.contains("Shoes &amp; boots"));
    assert!(doc.contains(&format!(r#"<offer id="{plain}" productId="{plain}">"#)));
    assert!(
        doc.contains("<xmlId>laces-ext</xmlId>")
            && doc.contains("<price>199.00</price>")
            && doc.contains("<purchasePrice>50.50</purchasePrice>")
    );
    assert!(doc.contains("Laces &lt;black&gt;"));
    assert!(
        doc.contains(&format!(r#"<offer id="{v42}" productId="{boot}">"#)),
        "one offer per modification"
    );
    assert!(
        doc.contains("<xmlId>boot-ext#b42-ext</xmlId>")
            && doc.contains("<productName>Boot</productName>")
    );
    assert!(doc.contains(&format!("<categoryId>{boots}</categoryId>")));
    assert!(!doc.contains("old-ext"), "archived goods are left out");
}

#[test]
fn ms_b9_icml_validation_rejects_broken_structure() {
    let ok = r#"<?xml version="1.0"?><yml_catalog date="2026-01-01 10:00:00"><shop><name>S</name><company>C</company>
        <categories><category id="1">A</category></categories>
        <offers><offer id="o1" productId="p1"><price>1.5</price><categoryId>1</categoryId><name>N</name><xmlId>x</xmlId></offer></offers>
        </shop></yml_catalog>"#;
    assert_eq!(validate(ok.as_bytes()).unwrap().offers, 1);
    let broken = [
        ok.replace(r#" date="2026-01-01 10:00:00""#, ""),
        ok.replace(r#" productId="p1""#, ""),
        ok.replace("<xmlId>x</xmlId>", ""),
        ok.replace("<categoryId>1</categoryId>", "<categoryId>9</categoryId>"),
        ok.replace("<price>1.5</price>", "<price>cheap</price>"),
        ok.replace("<offers>", "<offers><category id=\"2\">B</category>"),
        ok.replace("</yml_catalog>", ""),
        ok.replace(
            "</offers>",
            r#"<offer id="o1" productId="p1"><name>N</name><xmlId>y</xmlId></offer></offers>"#,
        ),
    ];
    for doc in broken {
        assert!(validate(doc.as_bytes()).is_err(), "accepted: {doc}");
    }
}
