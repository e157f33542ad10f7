//! How OpenCart records are identified in links.
//!
//! OpenCart has customer ids only for registered customers (guests have
//! `customer_id` 0) and no company entity at all: a company exists only as
//! `payment_company` on an order's billing address. So a guest is identified
//! by e-mail (or phone), and a company by its normalised name.

use super::OcOrder;

/// Link id of the order's buyer: `c:<customer_id>`, `guest:<email>`,
/// `guest-tel:<digits>`, or `order:<order_id>` when the guest left neither.
pub fn customer_key(order: &OcOrder) -> String {
    if order.customer_id > 0 {
        return format!("c:{}", order.customer_id);
    }
    if let Some(email) = order
        .email
        .as_deref()
        .map(normalise_email)
        .filter(|e| !e.is_empty())
    {
        return format!("guest:{email}");
    }
    let digits: String = order
        .telephone
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if !digits.is_empty() {
        return format!("guest-tel:{digits}");
    }
    format!("order:{}", order.order_id)
}

/// Link id of the billing company, if the order has one: `company:<name>`.
pub fn company_key(order: &OcOrder) -> Option<String> {
    order
        .payment_company
        .as_deref()
        .map(normalise_name)
        .filter(|n| !n.is_empty())
        .map(|n| format!("company:{n}"))
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Case and spacing do not make a different company.
pub fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
