//! CM-1 on OpenCart: a page of the shop's customers through the extension's
//! `customer.list` (API.md §4), the groups with their counts, and every
//! matching customer page by page for an export.
//!
//! The extension filters by group and by a text search itself. A phone
//! search cannot be left to it: it matches the telephone as stored, so
//! `+7 (912) 345` would miss `79123456789`. A phone search therefore reads
//! the group's customers 200 a request and keeps those whose digits match
//! (`CustomerFilter::matches`): one request per 200 customers of the group.

use super::filter::{CustomerFilter, GroupChoice, Search};
use super::row::CustomerRow;
use crate::connectors::opencart::OpenCart;
use crate::connectors::opencart::api::{CustomerQuery, GroupFilter, OcCustomer};
use crate::error::{Error, Result};
use serde::Serialize;

/// The most rows the extension returns in one request.
pub const PAGE_MAX: u32 = 200;

/// One page of a list, and how many customers match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListPage {
    pub rows: Vec<CustomerRow>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A group and how many customers it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupCount {
    pub id: String,
    pub name: String,
    pub count: u64,
}

/// The groups, and the customers in none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Groups {
    pub groups: Vec<GroupCount>,
    pub no_group_count: u64,
    pub default_group_id: String,
}

/// The shop's row as a list row (links attached later).
pub fn to_row(c: &OcCustomer) -> CustomerRow {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    CustomerRow {
        id: c.customer_id.to_string(),
        first_name: text(&c.firstname),
        last_name: text(&c.lastname),
        email: text(&c.email),
        phone: text(&c.telephone),
        group_id: c.customer_group_id.to_string(),
        group: text(&c.customer_group),
        newsletter: c.newsletter == 1,
        active: c.status == 1,
        ip: text(&c.ip),
        date_added: text(&c.date_added),
        linked: Vec::new(),
    }
}

/// The shop's groups with their counts.
pub async fn groups(shop: &OpenCart) -> Result<Groups> {
    let answer = shop.customer_groups().await?;
    Ok(Groups {
        groups: answer
            .customer_groups
            .iter()
            .map(|g| GroupCount {
                id: g.customer_group_id.to_string(),
                name: g.name.clone(),
                count: u64::try_from(g.customer_count).unwrap_or(0),
            })
            .collect(),
        no_group_count: answer.no_group_count,
        default_group_id: answer.default_customer_group_id.to_string(),
    })
}

/// Page `page` (from 1) of the customers `filter` keeps, `per_page` a page
/// (1 to 200), ordered by id.
pub async fn list(
    shop: &OpenCart,
    filter: &CustomerFilter,
    page: u32,
    per_page: u32,
) -> Result<ListPage> {
    if let Some(Search::Phone(_)) = &filter.search {
        return list_by_phone(shop, filter, page, per_page).await;
    }
    let answer = shop.customer_list(&query(filter, page, per_page)?).await?;
    Ok(ListPage {
        rows: answer.customers.iter().map(to_row).collect(),
        total: answer.total,
        page,
        per_page,
    })
}

/// Page `page` of an export: the customers `filter` keeps among the shop's
/// next 200 (group and text search applied by the shop, a phone search
/// here), and whether there are more pages.
pub async fn export_page(
    shop: &OpenCart,
    filter: &CustomerFilter,
    page: u32,
) -> Result<(Vec<CustomerRow>, bool)> {
    let answer = shop
        .customer_list(&query(&server_side(filter), page, PAGE_MAX)?)
        .await?;
    let more = answer.customers.len() == PAGE_MAX as usize
        && u64::from(page) * u64::from(PAGE_MAX) < answer.total;
    let rows = answer
        .customers
        .iter()
        .map(to_row)
        .filter(|row| phone_matches(filter, row))
        .collect();
    Ok((rows, more))
}

/// Every customer `filter` keeps, one page of up to 200 at a time, in id
/// order. `each` is called once per page.
pub async fn for_each_page<F>(shop: &OpenCart, filter: &CustomerFilter, mut each: F) -> Result<u64>
where
    F: FnMut(Vec<CustomerRow>) -> Result<()>,
{
    let mut seen = 0u64;
    for page in 1.. {
        let (rows, more) = export_page(shop, filter, page).await?;
        seen += rows.len() as u64;
        each(rows)?;
        if !more {
            break;
        }
    }
    Ok(seen)
}

async fn list_by_phone(
    shop: &OpenCart,
    filter: &CustomerFilter,
    page: u32,
    per_page: u32,
) -> Result<ListPage> {
    let skip = u64::from(page.saturating_sub(1)) * u64::from(per_page);
    let mut rows = Vec::new();
    let total = for_each_page(shop, filter, |matched| {
        rows.extend(matched);
        // Keep only what this page and the ones before it need.
        rows.truncate((skip + u64::from(per_page)) as usize);
        Ok(())
    })
    .await?;
    let rows = rows.into_iter().skip(skip as usize).collect();
    Ok(ListPage {
        rows,
        total,
        page,
        per_page,
    })
}

/// The part of `filter` the extension applies: the group, and a text search.
fn server_side(filter: &CustomerFilter) -> CustomerFilter {
    CustomerFilter {
        group: filter.group.clone(),
        search: match &filter.search {
            Some(Search::Phone(_)) => None,
            other => other.clone(),
        },
    }
}

/// Whether the shop's row passes the part the shop did not apply: a phone
/// search (the group and a text search it applied itself).
fn phone_matches(filter: &CustomerFilter, row: &CustomerRow) -> bool {
    match &filter.search {
        Some(Search::Phone(_)) => CustomerFilter {
            group: GroupChoice::All,
            search: filter.search.clone(),
        }
        .matches(row, &[]),
        _ => true,
    }
}

fn query(filter: &CustomerFilter, page: u32, per_page: u32) -> Result<CustomerQuery> {
    let group = match &filter.group {
        GroupChoice::All => None,
        GroupChoice::NoGroup => Some(GroupFilter::NoGroup),
        GroupChoice::Group(id) => Some(GroupFilter::Group(
            id.parse().ok().filter(|id: &i64| *id > 0).ok_or_else(|| {
                Error::Invalid(format!("group {id:?} is not an OpenCart group id"))
            })?,
        )),
    };
    let search = match &filter.search {
        Some(Search::Text(text)) => Some(text.clone()),
        _ => None,
    };
    Ok(CustomerQuery {
        page: Some(page.max(1)),
        limit: Some(per_page.clamp(1, PAGE_MAX)),
        group,
        search,
    })
}
