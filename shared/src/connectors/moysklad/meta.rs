//! MoySklad's envelope types: `meta` links, list pages and kopeck amounts.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `meta` of an entity or a collection (dev.moysklad.ru, "Метаданные").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub href: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default = "json_media", skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_href: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_href: Option<String>,
}

fn json_media() -> Option<String> {
    Some("application/json".into())
}

impl Meta {
    /// A link to `{base}/entity/{kind}/{id}`, as MoySklad expects in references.
    pub fn entity(base_url: &str, kind: &str, id: &str) -> Self {
        Meta {
            href: format!("{}/entity/{kind}/{id}", base_url.trim_end_matches('/')),
            kind: Some(kind.to_owned()),
            media_type: json_media(),
            metadata_href: None,
            size: None,
            limit: None,
            offset: None,
            next_href: None,
        }
    }

    /// The id at the end of `href`; a query (stock rows carry `?expand=supplier`) is stripped.
    pub fn id(&self) -> &str {
        id_from_href(&self.href)
    }
}

/// The last path segment of an href, without query or fragment.
pub fn id_from_href(href: &str) -> &str {
    let path = href.split(['?', '#']).next().unwrap_or(href);
    path.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path)
}

/// A reference to another entity: `{"meta": {..}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaRef {
    pub meta: Meta,
}

impl MetaRef {
    pub fn entity(base_url: &str, kind: &str, id: &str) -> Self {
        MetaRef {
            meta: Meta::entity(base_url, kind, id),
        }
    }
}

/// One page of a list: `{"meta": {size, limit, offset, nextHref}, "rows": [..]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ListPage<T> {
    pub meta: Meta,
    #[serde(default = "Vec::new")]
    pub rows: Vec<T>,
}

/// An amount in kopecks. MoySklad sends money as a JSON number that may carry
/// a fraction (`346347237000.0`); it is rounded to whole kopecks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kopecks(pub i64);

impl Serialize for Kopecks {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Kopecks {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Ok(Kopecks(v.round() as i64))
    }
}
