//! CRM values made to fit what the extension stores (API.md §4), and
//! compared the way that matters to the shop.
//!
//! Choices (the seed is silent): a value longer than its OpenCart column is
//! cut to the column (names and phone 32 characters, the billing company
//! 60); an e-mail address the shop would refuse (over 96 characters, or not
//! an address) is not written and the journal says why; e-mail addresses
//! compare without case and phones by their digits, so a reformatted value
//! is not a change.

use crate::connectors::retailcrm::same_phone;

/// `value` trimmed, `None` when empty, cut to `max` characters.
pub fn fit(value: Option<&str>, max: usize) -> Option<String> {
    let value = value?.trim();
    (!value.is_empty()).then(|| {
        value
            .chars()
            .take(max)
            .collect::<String>()
            .trim_end()
            .to_owned()
    })
}

/// Whether the shop would store `email` (a plausible address of ≤ 96 characters).
pub fn storable_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.chars().count() <= 96
        && !local.is_empty()
        && !email.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// How two values of one field compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Exact,
    IgnoreCase,
    Phone,
}

/// Whether the CRM's `crm` differs from the shop's `shop` (both fitted).
pub fn differs(crm: Option<&str>, shop: Option<&str>, how: Compare) -> bool {
    match (crm, shop) {
        (None, None) => false,
        (Some(a), Some(b)) => match how {
            Compare::Exact => a != b,
            Compare::IgnoreCase => a.to_lowercase() != b.to_lowercase(),
            Compare::Phone => !same_phone(a, b) && a != b,
        },
        _ => true,
    }
}

/// Company names compare without case and spacing (as the forward flow links them).
pub fn same_company(a: Option<&str>, b: Option<&str>) -> bool {
    let norm = |s: Option<&str>| crate::connectors::opencart::normalise_name(s.unwrap_or_default());
    norm(a) == norm(b)
}
