//! Streams the MoySklad catalogue into ICML with quick-xml: folders first
//! (few, held in memory), then products page by page; products with
//! modifications keep a compact record (name, folder, external code) until
//! their variants are written, everything else is written and dropped.

use crate::connectors::moysklad::{CallKind, Kopecks, MAX_LIMIT, MoySklad};
use crate::error::{Error, Result};
use crate::flows::stock::rules::xml_id;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Write;

/// The `<shop>` header.
#[derive(Debug, Clone)]
pub struct IcmlShop {
    pub name: String,
    pub company: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Good {
    id: String,
    name: String,
    external_code: String,
    article: Option<String>,
    archived: bool,
    variants_count: u64,
    product_folder: Option<Ref>,
    product: Option<Ref>,
    sale_prices: Vec<Money>,
    buy_price: Option<Money>,
    characteristics: Vec<Characteristic>,
}

#[derive(Deserialize)]
struct Ref {
    meta: crate::connectors::moysklad::Meta,
}

#[derive(Deserialize, Default)]
struct Money {
    value: Kopecks,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Characteristic {
    name: String,
    value: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Folder {
    id: String,
    name: String,
    product_folder: Option<Ref>,
}

/// What a variant needs of its product.
struct Parent {
    name: String,
    code: String,
    folder: Option<String>,
}

fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("icml: {e}"))
}

fn roubles(k: Kopecks) -> String {
    format!("{}.{:02}", k.0 / 100, (k.0 % 100).abs())
}

/// Writes the ICML document for `ms`'s catalogue to `out`; returns the number of offers.
pub async fn write<W: Write>(ms: &MoySklad, shop: &IcmlShop, out: W) -> Result<u64> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    let date = crate::connectors::moysklad::moscow_time(crate::clock::now_ms());
    w.write_event(Event::Start(
        BytesStart::new("yml_catalog").with_attributes([("date", date.as_str())]),
    ))
    .map_err(xml_err)?;
    w.write_event(Event::Start(BytesStart::new("shop")))
        .map_err(xml_err)?;
    text(&mut w, "name", &shop.name, &[])?;
    text(&mut w, "company", &shop.company, &[])?;
    w.write_event(Event::Start(BytesStart::new("categories")))
        .map_err(xml_err)?;
    let folders: Vec<Folder> = ms.list_all("entity/productfolder", Vec::new()).await?;
    for f in &folders {
        let parent = f.product_folder.as_ref().map(|p| p.meta.id().to_owned());
        let mut attrs = vec![("id", f.id.as_str())];
        if let Some(p) = parent.as_deref() {
            attrs.push(("parentId", p));
        }
        text(&mut w, "category", &f.name, &attrs)?;
    }
    w.write_event(Event::End(BytesEnd::new("categories")))
        .map_err(xml_err)?;
    w.write_event(Event::Start(BytesStart::new("offers")))
        .map_err(xml_err)?;
    let mut parents: HashMap<String, Parent> = HashMap::new();
    let mut offers = 0;
    let mut pager = ms.pager("entity/product", Vec::new(), CallKind::Ordinary, MAX_LIMIT)?;
    while let Some(page) = pager.next_page::<Good>().await? {
        for p in page.into_iter().filter(|p| !p.archived) {
            let folder = p.product_folder.as_ref().map(|f| f.meta.id().to_owned());
            if p.variants_count > 0 {
                parents.insert(
                    p.id.clone(),
                    Parent {
                        name: p.name,
                        code: p.external_code,
                        folder,
                    },
                );
                continue;
            }
            offer(
                &mut w,
                &p,
                &p.id,
                &p.name,
                &p.external_code,
                folder.as_deref(),
            )?;
            offers += 1;
        }
    }
    let mut pager = ms.pager("entity/variant", Vec::new(), CallKind::Ordinary, MAX_LIMIT)?;
    while let Some(page) = pager.next_page::<Good>().await? {
        for v in page.into_iter().filter(|v| !v.archived) {
            let Some(parent) = v.product.as_ref().and_then(|p| parents.get(p.meta.id())) else {
                continue;
            };
            let product_id = v
                .product
                .as_ref()
                .map(|p| p.meta.id().to_owned())
                .unwrap_or_default();
            let code = xml_id(&parent.code, Some(&v.external_code));
            offer(
                &mut w,
                &v,
                &product_id,
                &parent.name,
                &code,
                parent.folder.as_deref(),
            )?;
            offers += 1;
        }
    }
    for tag in ["offers", "shop", "yml_catalog"] {
        w.write_event(Event::End(BytesEnd::new(tag)))
            .map_err(xml_err)?;
    }
    w.into_inner().flush().map_err(xml_err)?;
    Ok(offers)
}

/// One `<offer>`: `g` is the product or the variant.
fn offer<W: Write>(
    w: &mut Writer<W>,
    g: &Good,
    product_id: &str,
    product_name: &str,
    code: &str,
    folder: Option<&str>,
) -> Result<()> {
    let start = BytesStart::new("offer")
        .with_attributes([("id", g.id.as_str()), ("productId", product_id)]);
    w.write_event(Event::Start(start)).map_err(xml_err)?;
    if let Some(price) = g.sale_prices.first() {
        text(w, "price", &roubles(price.value), &[])?;
    }
    if let Some(buy) = &g.buy_price {
        text(w, "purchasePrice", &roubles(buy.value), &[])?;
    }
    if let Some(folder) = folder {
        text(w, "categoryId", folder, &[])?;
    }
    text(w, "name", &g.name, &[])?;
    text(w, "productName", product_name, &[])?;
    text(w, "xmlId", code, &[])?;
    if let Some(article) = g.article.as_deref().filter(|a| !a.is_empty()) {
        text(
            w,
            "param",
            article,
            &[("name", "Артикул"), ("code", "article")],
        )?;
    }
    for c in &g.characteristics {
        text(w, "param", &c.value, &[("name", c.name.as_str())])?;
    }
    w.write_event(Event::End(BytesEnd::new("offer")))
        .map_err(xml_err)?;
    Ok(())
}

/// `<tag attrs>value</tag>`, the value escaped.
fn text<W: Write>(w: &mut Writer<W>, tag: &str, value: &str, attrs: &[(&str, &str)]) -> Result<()> {
    let start = BytesStart::new(tag).with_attributes(attrs.iter().copied());
    w.write_event(Event::Start(start)).map_err(xml_err)?;
    w.write_event(Event::Text(BytesText::new(value)))
        .map_err(xml_err)?;
    w.write_event(Event::End(BytesEnd::new(tag)))
        .map_err(xml_err)?;
    Ok(())
}
