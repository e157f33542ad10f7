//! A page of any size cut from a system's fixed-size pages.
//!
//! The list API pages by `page` and `per_page` (1 to 200) whatever the
//! system; the CRM serves 20, 50 or 100 a page and WooCommerce at most 100.
//! `read` fetches the system's pages that hold the wanted window, one after
//! the other, and keeps the window.

use crate::error::Result;
use std::future::Future;

/// The window `[start, end)` of a list in pages of `size`: the first and
/// last page (from 1) that hold it, and how many rows of the first page
/// come before it.
pub fn span(page: u32, per_page: u32, size: u32) -> (u32, u32, usize) {
    let start = u64::from(page.max(1) - 1) * u64::from(per_page);
    let end = start + u64::from(per_page.max(1));
    let size = u64::from(size.max(1));
    let first = start / size + 1;
    let last = (end - 1) / size + 1;
    let skip = (start - (first - 1) * size) as usize;
    let page_number = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    (page_number(first), page_number(last), skip)
}

/// Rows `[(page-1)*per_page, page*per_page)` read through `fetch`, which
/// answers one system page of `size` rows and the list's total.
pub async fn read<T, F, Fut>(
    page: u32,
    per_page: u32,
    size: u32,
    mut fetch: F,
) -> Result<(Vec<T>, u64)>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, u64)>>,
{
    let (first, last, skip) = span(page, per_page, size);
    let mut rows = Vec::new();
    let mut total = 0;
    for number in first..=last {
        let (got, count) = fetch(number).await?;
        total = count;
        let short = got.len() < size as usize;
        rows.extend(got);
        if short {
            break;
        }
    }
    let rows = rows
        .into_iter()
        .skip(skip)
        .take(per_page as usize)
        .collect();
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A list of `len` numbers served in pages of `size`.
    async fn window(page: u32, per_page: u32, size: u32, len: u32) -> (Vec<u32>, u64, u32) {
        let mut calls = 0;
        let (rows, total) = read(page, per_page, size, |number| {
            calls += 1;
            let from = (number - 1) * size;
            let rows: Vec<u32> = (from..(from + size).min(len)).collect();
            async move { Ok((rows, u64::from(len))) }
        })
        .await
        .unwrap();
        (rows, total, calls)
    }

    #[tokio::test]
    async fn cm_1_a_window_of_any_size_from_fixed_pages() {
        // 50 a page from pages of 100: the second half of the first page.
        let (rows, total, calls) = window(2, 50, 100, 250).await;
        assert_eq!(rows, (50..100).collect::<Vec<_>>());
        assert_eq!((total, calls), (250, 1));
        // 150 a page straddles two pages of 100.
        let (rows, _, calls) = window(2, 150, 100, 1000).await;
        assert_eq!(rows, (150..300).collect::<Vec<_>>());
        assert_eq!(calls, 2);
        // Past the end: a short page stops the reading.
        let (rows, _, calls) = window(3, 100, 100, 230).await;
        assert_eq!(rows, (200..230).collect::<Vec<_>>());
        assert_eq!(calls, 1);
        let (rows, _, _) = window(9, 100, 100, 230).await;
        assert!(rows.is_empty());
    }

    #[test]
    fn span_of_a_window() {
        assert_eq!(span(1, 20, 20), (1, 1, 0));
        assert_eq!(span(3, 30, 20), (4, 5, 0));
        assert_eq!(span(2, 200, 100), (3, 4, 0));
        assert_eq!(span(2, 7, 100), (1, 1, 7));
    }
}
