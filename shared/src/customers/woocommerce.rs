//! CM-1 on WooCommerce: the shop's accounts, grouped by their WordPress role.
//!
//! The REST API filters by role and pages by 100; its `search` matches the
//! login, e-mail and display name but not the first and last names nor the
//! billing phone, so a search (text or phone) reads the role's accounts 100
//! a request and keeps those `CustomerFilter::matches`: one request per 100
//! accounts. Every account has a role, so there is no "no group" view.

use super::filter::{CustomerFilter, GroupChoice};
use super::opencart::{ExportPage, GroupCount, Groups, ListPage};
use super::row::CustomerRow;
use super::window;
use crate::connectors::woocommerce::{WooCommerce, WooCustomer};
use crate::error::{Error, Result};

/// WooCommerce's largest page.
const PAGE: u32 = 100;

/// The roles listed as groups: those WooCommerce's customer endpoints manage.
const ROLES: [(&str, &str); 2] = [("customer", "Customer"), ("subscriber", "Subscriber")];

/// The shop's account as a list row (links attached later).
pub fn to_row(c: &WooCustomer) -> CustomerRow {
    let role_name = ROLES
        .iter()
        .find(|(id, _)| *id == c.role)
        .map_or(c.role.as_str(), |(_, name)| name);
    CustomerRow {
        id: c.id.to_string(),
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
        email: c.email.clone(),
        phone: c.billing.phone.clone(),
        group_id: c.role.clone(),
        group: role_name.to_owned(),
        active: true,
        date_added: c.date_created.replacen('T', " ", 1),
        ..CustomerRow::default()
    }
}

/// Refuses "no group": every account has a role.
pub fn check(filter: &CustomerFilter) -> Result<()> {
    match &filter.group {
        GroupChoice::NoGroup => Err(Error::Invalid(
            "no_group: every WooCommerce account has a role".into(),
        )),
        GroupChoice::Group(role) if !valid_role(role) => Err(Error::Invalid(format!(
            "group {role:?} is not a WordPress role name"
        ))),
        _ => Ok(()),
    }
}

/// The managed roles with their counts (one request each, reading only the total).
pub async fn groups(shop: &WooCommerce) -> Result<Groups> {
    let mut groups = Vec::with_capacity(ROLES.len());
    for (id, name) in ROLES {
        let (_, count) = shop.customers_page(id, 1, 1).await?;
        groups.push(GroupCount {
            id: id.into(),
            name: name.into(),
            count,
        });
    }
    Ok(Groups {
        groups,
        no_group_count: 0,
        default_group_id: ROLES[0].0.into(),
    })
}

/// Page `page` of the accounts `filter` keeps, `per_page` a page.
pub async fn list(
    shop: &WooCommerce,
    filter: &CustomerFilter,
    page: u32,
    per_page: u32,
) -> Result<ListPage> {
    check(filter)?;
    let role = role(filter);
    let (rows, total) = if filter.search.is_some() {
        scan(shop, filter, page, per_page).await?
    } else {
        let size = per_page.min(PAGE);
        window::read(page, per_page, size, |number| async move {
            let (accounts, total) = shop.customers_page(role, number, size).await?;
            Ok((accounts.iter().map(to_row).collect(), total))
        })
        .await?
    };
    Ok(ListPage {
        rows,
        total,
        page,
        per_page,
    })
}

/// Page `page` of an export (100 accounts read a page, the search applied
/// here), and whether there are more.
pub async fn export_page(
    shop: &WooCommerce,
    filter: &CustomerFilter,
    page: u32,
) -> Result<ExportPage> {
    check(filter)?;
    let (accounts, total) = shop.customers_page(role(filter), page, PAGE).await?;
    let more = accounts.len() == PAGE as usize && u64::from(page) * u64::from(PAGE) < total;
    let scanned = accounts.len() as u64;
    let rows = accounts
        .iter()
        .map(to_row)
        .filter(|row| filter.matches(row, &[]))
        .collect();
    Ok(ExportPage {
        rows,
        more,
        scanned,
        of: total,
    })
}

/// A searched list: every page read, the matches counted, the window kept.
async fn scan(
    shop: &WooCommerce,
    filter: &CustomerFilter,
    page: u32,
    per_page: u32,
) -> Result<(Vec<CustomerRow>, u64)> {
    let skip = u64::from(page.saturating_sub(1)) * u64::from(per_page);
    let keep = (skip + u64::from(per_page)) as usize;
    let mut rows = Vec::new();
    let mut total = 0u64;
    for number in 1.. {
        let ExportPage {
            rows: matched,
            more,
            ..
        } = export_page(shop, filter, number).await?;
        total += matched.len() as u64;
        rows.extend(matched);
        // Keep only what this page and the ones before it need.
        rows.truncate(keep);
        if !more {
            break;
        }
    }
    Ok((rows.into_iter().skip(skip as usize).collect(), total))
}

/// The `role` to ask for: the group's, or every role.
fn role(filter: &CustomerFilter) -> &str {
    match &filter.group {
        GroupChoice::Group(role) => role,
        _ => "all",
    }
}

/// WordPress role names are sanitised keys: lower-case letters, digits, `_` and `-`.
fn valid_role(role: &str) -> bool {
    !role.is_empty()
        && role.len() <= 64
        && role
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
}
