//! `limit`/`offset` pagination: walks `meta.nextHref` page by page.
//!
//! MoySklad lists take `limit` 1..=1000 (default 1000 for reports) and
//! `offset`; when more rows remain, `meta` carries `nextHref` (and `size`).

use super::CallKind;
use super::client::MoySklad;
use super::meta::ListPage;
use crate::error::{Error, Result};
use serde::de::DeserializeOwned;

/// The largest page MoySklad serves.
pub const MAX_LIMIT: u32 = 1000;
/// The largest page on which MoySklad honours `expand` (it drops it above).
pub const MAX_EXPAND_LIMIT: u32 = 100;

/// Reads a list one page at a time, so a caller can stop, checkpoint
/// (`offset`) and resume without holding the whole list.
pub struct Pager<'a> {
    client: &'a MoySklad,
    kind: CallKind,
    /// The next page to read: the first request, then `nextHref`.
    next: Option<(String, Vec<(&'static str, String)>)>,
    offset: u64,
    size: Option<u64>,
}

impl<'a> Pager<'a> {
    /// A pager over `path` with `query`, starting at `offset`, `limit` rows a page.
    pub fn new(
        client: &'a MoySklad,
        path: &str,
        mut query: Vec<(&'static str, String)>,
        kind: CallKind,
        limit: u32,
        offset: u64,
    ) -> Result<Self> {
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(Error::Invalid(format!(
                "moysklad limit {limit} is outside 1..=1000"
            )));
        }
        query.retain(|(k, _)| *k != "limit" && *k != "offset");
        query.push(("limit", limit.to_string()));
        query.push(("offset", offset.to_string()));
        Ok(Pager {
            client,
            kind,
            next: Some((path.to_owned(), query)),
            offset,
            size: None,
        })
    }

    /// The offset of the next page: save it to resume later.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Total rows as MoySklad last reported them.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// The next page's rows, or `None` after the last page.
    pub async fn next_page<T: DeserializeOwned>(&mut self) -> Result<Option<Vec<T>>> {
        let Some((path, query)) = self.next.take() else {
            return Ok(None);
        };
        let page: ListPage<T> = self.client.get(&path, &query, self.kind).await?;
        self.offset += page.rows.len() as u64;
        self.size = page.meta.size;
        let more = self.size.is_none_or(|size| self.offset < size);
        if let Some(href) = page
            .meta
            .next_href
            .filter(|_| more && !page.rows.is_empty())
        {
            // nextHref already carries limit, offset and the original filter.
            self.next = Some((href, Vec::new()));
        }
        Ok(Some(page.rows))
    }

    /// Every remaining row.
    pub async fn collect<T: DeserializeOwned>(mut self) -> Result<Vec<T>> {
        let mut all = Vec::new();
        while let Some(rows) = self.next_page().await? {
            all.extend(rows);
        }
        Ok(all)
    }
}

impl MoySklad {
    /// A pager over a list at `path` (`entity/product`, `report/stock/all`, ...).
    pub fn pager(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
        kind: CallKind,
        limit: u32,
    ) -> Result<Pager<'_>> {
        Pager::new(self, path, query, kind, limit, 0)
    }

    /// Every row of an ordinary entity list, 1000 a page.
    pub async fn list_all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
    ) -> Result<Vec<T>> {
        self.pager(path, query, CallKind::Ordinary, MAX_LIMIT)?
            .collect()
            .await
    }
}
