//! Which MoySklad good a CRM offer is: a pure function over an index of
//! MoySklad's goods by the xmlId the flows give them (MS-B9,
//! `flows::stock::rules::xml_id`): a product's external code, a variant's
//! `product code#variant code`. That is the whole key: the stock pull
//! uploads by it and the order export finds goods by it, on every run, so
//! an offer and a good with the same xmlId are paired already.
//!
//! One good links; two goods with one xmlId are a conflict (the flows
//! would pick either); none is unmatched. After the walk, `leftovers`
//! lists the goods no CRM offer named (MoySklad only) and those two or
//! more offers named (a conflict on the CRM side).

use super::matching::Match;
use super::progress::{Issue, IssueKind};
use crate::flows::stock::rules::xml_id;
use crate::model::System;
use std::collections::{HashMap, HashSet};

/// MoySklad's goods, by xmlId.
#[derive(Debug, Default)]
pub struct GoodsIndex {
    by_xml_id: HashMap<String, Vec<String>>,
    /// Every good, in the order read, with its xmlId (none: no external code).
    goods: Vec<(String, Option<String>)>,
    /// Products with variants: the CRM sells their variants (one offer
    /// each, as ICML writes them), so no offer naming the product is fine.
    with_variants: HashSet<String>,
}

fn code(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|c| !c.is_empty())
}

impl GoodsIndex {
    /// A product and its external code.
    pub fn add_product(&mut self, id: &str, external_code: Option<&str>) {
        let key = code(external_code).map(|c| xml_id(c, None));
        self.add(id, key);
    }

    /// A variant, its product (id and external code) and its own code.
    pub fn add_variant(
        &mut self,
        id: &str,
        product: (Option<&str>, Option<&str>),
        own_code: Option<&str>,
    ) {
        let (product_id, product_code) = product;
        if let Some(p) = product_id {
            self.with_variants.insert(p.to_owned());
        }
        let key = code(product_code)
            .zip(code(own_code))
            .map(|(p, v)| xml_id(p, Some(v)));
        self.add(id, key);
    }

    fn add(&mut self, id: &str, key: Option<String>) {
        if let Some(key) = &key {
            self.by_xml_id
                .entry(key.clone())
                .or_default()
                .push(id.to_owned());
        }
        self.goods.push((id.to_owned(), key));
    }

    pub fn len(&self) -> usize {
        self.goods.len()
    }

    pub fn is_empty(&self) -> bool {
        self.goods.is_empty()
    }

    /// The goods whose xmlId is `xml_id` (trimmed, as the CRM shows it).
    pub fn find(&self, xml_id: &str) -> Match {
        match self.by_xml_id.get(xml_id.trim()).map(Vec::as_slice) {
            None | Some([]) => Match::None,
            Some([one]) => Match::One(one.clone()),
            Some(several) => Match::Several(several.to_vec()),
        }
    }

    /// The goods left for the merchant once every CRM offer was matched;
    /// `matched` holds one entry per offer that named a good (by good id:
    /// paired with it, or one of its conflict's candidates).
    pub fn leftovers<'a>(&self, matched: impl IntoIterator<Item = &'a str>) -> Vec<Issue> {
        let mut times: HashMap<&str, usize> = HashMap::new();
        for id in matched {
            *times.entry(id).or_default() += 1;
        }
        let issue = |kind, id: &str, reason: String| Issue {
            kind,
            system: System::MoySklad.as_str().to_owned(),
            id: id.to_owned(),
            candidates: Vec::new(),
            reason,
        };
        let mut out = Vec::new();
        for (id, key) in &self.goods {
            match (times.get(id.as_str()).copied().unwrap_or(0), key) {
                (_, None) => out.push(issue(
                    IssueKind::Unmatched,
                    id,
                    "no external code: no CRM offer can name it (MS-B9)".into(),
                )),
                (0, Some(_)) if self.with_variants.contains(id) => {}
                (0, Some(key)) => out.push(issue(
                    IssueKind::Unmatched,
                    id,
                    format!("no CRM offer has the xmlId {key}"),
                )),
                (1, Some(_)) => {}
                (n, Some(key)) => out.push(issue(
                    IssueKind::Conflict,
                    id,
                    format!("{n} CRM offers have the xmlId {key}"),
                )),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> GoodsIndex {
        let mut index = GoodsIndex::default();
        index.add_product("p1", Some(" A-1 "));
        index.add_variant("v1", (Some("p1"), Some("A-1")), Some("red"));
        index.add_product("p2", Some("DUP"));
        index.add_product("p3", Some("DUP"));
        index.add_product("p4", None);
        index.add_variant("v2", (Some("p4"), None), Some("blue"));
        index.add_product("p6", Some("has-variants"));
        index.add_variant("v3", (Some("p6"), Some("has-variants")), Some("x"));
        index.add_product("p5", Some("alone"));
        index
    }

    #[test]
    fn products_by_their_code_variants_by_product_hash_variant() {
        let index = index();
        assert_eq!(index.find("A-1"), Match::One("p1".into()));
        assert_eq!(index.find(" A-1#red"), Match::One("v1".into()));
        assert_eq!(index.find("red"), Match::None);
        assert_eq!(
            index.find("DUP"),
            Match::Several(vec!["p2".into(), "p3".into()])
        );
        assert_eq!(index.len(), 9);
    }

    #[test]
    fn leftovers_are_goods_named_by_no_offer_or_by_several() {
        let issues = index().leftovers(["p1", "v1", "v1", "p2", "v3"]);
        let by_id = |id: &str| issues.iter().find(|i| i.id == id).map(|i| i.kind);
        assert_eq!(by_id("p1"), None);
        assert_eq!(by_id("p2"), None);
        assert_eq!(by_id("v1"), Some(IssueKind::Conflict));
        assert_eq!(by_id("p3"), Some(IssueKind::Unmatched));
        assert_eq!(by_id("p4"), Some(IssueKind::Unmatched));
        assert_eq!(by_id("v2"), Some(IssueKind::Unmatched));
        assert_eq!(by_id("p5"), Some(IssueKind::Unmatched));
        assert_eq!(by_id("p6"), None, "its variant is the offer");
        assert_eq!(issues.len(), 5);
        assert!(issues.iter().all(|i| i.system == "moysklad"));
    }
}
