//! CM-1 on the CRM: our site's customers a page at a time
//! (`RetailCrm::customers_page`), searched by the CRM's quick search.
//!
//! The CRM has no customer groups (its segments overlap and are computed
//! from rules), so its list has one group-less view: "no group" is every
//! customer, and a group filter is refused. A search of either kind goes to
//! `filter[name]`, which matches names, e-mails and phone digits.

use super::filter::{CustomerFilter, GroupChoice, Search};
use super::opencart::{ExportPage, Groups, ListPage};
use super::row::CustomerRow;
use super::window;
use crate::connectors::retailcrm::{LIST_LIMITS, ListedCustomer, RetailCrm};
use crate::error::{Error, Result};

/// The CRM's largest page.
const PAGE: u32 = 100;

/// The CRM's row as a list row (links attached later).
pub fn to_row(c: &ListedCustomer) -> CustomerRow {
    let first = [c.first_name.trim(), c.patronymic.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    CustomerRow {
        id: c.id.to_string(),
        first_name: first,
        last_name: c.last_name.clone(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        newsletter: !c.email_unsubscribed,
        active: true,
        date_added: c.created_at.clone(),
        ..CustomerRow::default()
    }
}

/// Refuses what the CRM cannot filter by: a group.
pub fn check(filter: &CustomerFilter) -> Result<()> {
    match &filter.group {
        GroupChoice::Group(id) => Err(Error::Invalid(format!(
            "group {id:?}: the CRM has no customer groups (list all, or no_group=1)"
        ))),
        GroupChoice::All | GroupChoice::NoGroup => Ok(()),
    }
}

/// No groups; every customer counts as in none.
pub async fn groups(crm: &RetailCrm) -> Result<Groups> {
    let all = crm.customers_page(None, 1, LIST_LIMITS[0]).await?;
    Ok(Groups {
        groups: Vec::new(),
        no_group_count: all.total,
        default_group_id: String::new(),
    })
}

/// Page `page` of the customers `filter` keeps, `per_page` a page.
pub async fn list(
    crm: &RetailCrm,
    filter: &CustomerFilter,
    page: u32,
    per_page: u32,
) -> Result<ListPage> {
    check(filter)?;
    let name = search_text(filter);
    // A page size the CRM serves is one request; any other is cut from pages of 100.
    let size = if LIST_LIMITS.contains(&per_page) {
        per_page
    } else {
        PAGE
    };
    let (rows, total) = window::read(page, per_page, size, |number| {
        let name = name.clone();
        async move {
            let got = crm.customers_page(name.as_deref(), number, size).await?;
            Ok((got.customers.iter().map(to_row).collect(), got.total))
        }
    })
    .await?;
    Ok(ListPage {
        rows,
        total,
        page,
        per_page,
    })
}

/// Page `page` of an export (100 a page), and whether there are more.
pub async fn export_page(
    crm: &RetailCrm,
    filter: &CustomerFilter,
    page: u32,
) -> Result<ExportPage> {
    check(filter)?;
    let got = crm
        .customers_page(search_text(filter).as_deref(), page, PAGE)
        .await?;
    let more =
        got.customers.len() == PAGE as usize && u64::from(page) * u64::from(PAGE) < got.total;
    Ok(ExportPage {
        rows: got.customers.iter().map(to_row).collect(),
        more,
        scanned: got.customers.len() as u64,
        of: got.total,
    })
}

/// What goes to `filter[name]`: the text, or a phone number's digits.
fn search_text(filter: &CustomerFilter) -> Option<String> {
    match &filter.search {
        Some(Search::Text(text)) => Some(text.clone()),
        Some(Search::Phone(digits)) => Some(digits.clone()),
        None => None,
    }
}
