//! Checks an ICML document against the format's documented structure,
//! reading it as a stream: `yml_catalog[date]` > `shop` > `name`, `company`,
//! `categories` > `category[id]`, `offers` > `offer[id, productId]` with
//! `name`, `xmlId`, at most one `price` / `purchasePrice`, and `categoryId`s
//! that name declared categories; offer ids unique.

use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::BufRead;

/// What a valid document holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IcmlSummary {
    pub categories: u64,
    pub offers: u64,
    /// Offers that are modifications (xmlId `product#variant`).
    pub variant_offers: u64,
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::Invalid(format!("icml: {}", msg.into()))
}

fn attr(e: &BytesStart, name: &str) -> Result<Option<String>> {
    for a in e.attributes() {
        let a = a.map_err(|e| invalid(e.to_string()))?;
        if a.key.as_ref() == name.as_bytes() {
            return Ok(Some(
                a.unescape_value()
                    .map_err(|e| invalid(e.to_string()))?
                    .into_owned(),
            ));
        }
    }
    Ok(None)
}

/// Validates the document read from `input`.
pub fn validate<R: BufRead>(input: R) -> Result<IcmlSummary> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut summary = IcmlSummary::default();
    let (mut categories, mut offer_ids, mut used) = (HashSet::new(), HashSet::new(), Vec::new());
    let mut seen: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut root = false;
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| invalid(e.to_string()))?
        {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let parent = path.last().map(String::as_str).unwrap_or("");
                let allowed = match name.as_str() {
                    "yml_catalog" => parent.is_empty(),
                    "shop" => parent == "yml_catalog",
                    "categories" | "offers" => parent == "shop",
                    "category" => parent == "categories",
                    "offer" => parent == "offers",
                    _ => matches!(parent, "shop" | "offer"),
                };
                if !allowed {
                    return Err(invalid(format!("<{name}> inside <{parent}>")));
                }
                match name.as_str() {
                    "yml_catalog" => {
                        attr(&e, "date")?.ok_or_else(|| invalid("yml_catalog without date"))?;
                        root = true;
                    }
                    "category" => {
                        let id = attr(&e, "id")?.ok_or_else(|| invalid("category without id"))?;
                        categories.insert(id);
                        summary.categories += 1;
                    }
                    "offer" => {
                        let id = attr(&e, "id")?.ok_or_else(|| invalid("offer without id"))?;
                        attr(&e, "productId")?
                            .ok_or_else(|| invalid(format!("offer {id} without productId")))?;
                        if !offer_ids.insert(id.clone()) {
                            return Err(invalid(format!("offer id {id} twice")));
                        }
                        seen.clear();
                        summary.offers += 1;
                    }
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| invalid(e.to_string()))?),
            Event::GeneralRef(r) => text.push_str(&format!("&{};", String::from_utf8_lossy(&r))),
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                if path.last().map(String::as_str) == Some("offer") {
                    if matches!(name.as_str(), "price" | "purchasePrice" | "xmlId" | "name")
                        && seen.contains(&name)
                    {
                        return Err(invalid(format!("offer with two <{name}>")));
                    }
                    if matches!(name.as_str(), "price" | "purchasePrice")
                        && text.trim().parse::<f64>().is_err()
                    {
                        return Err(invalid(format!("<{name}> is not a number: {text}")));
                    }
                    if name == "categoryId" {
                        used.push(text.trim().to_owned());
                    }
                    if name == "xmlId" && text.contains('#') {
                        summary.variant_offers += 1;
                    }
                    seen.push(name.clone());
                } else if name == "offer" {
                    for required in ["name", "xmlId"] {
                        if !seen.iter().any(|s| s == required) {
                            return Err(invalid(format!("an offer without <{required}>")));
                        }
                    }
                }
            }
            Event::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if !matches!(path.last().map(String::as_str), Some("offer" | "shop")) {
                    return Err(invalid(format!("empty <{name}> out of place")));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !path.is_empty() {
        return Err(invalid("document ends inside an element"));
    }
    if !root {
        return Err(invalid("no <yml_catalog>"));
    }
    if let Some(missing) = used.iter().find(|c| !categories.contains(*c)) {
        return Err(invalid(format!(
            "categoryId {missing} is not a declared category"
        )));
    }
    Ok(summary)
}
