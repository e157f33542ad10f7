//! The customer forms: the General tab (names, e-mail, phone, group,
//! newsletter, active) and the Addresses tab (the address book), read from
//! the posted form into the extension's `CustomerFields`, and drawn with
//! each refusal next to the field it names (the extension's member path:
//! `email`, `addresses[1].postcode`).

use crate::connectors::opencart::api::{
    AddressFields, CustomerAddress, CustomerFields, OcAddress, OcCustomer,
};
use crate::customers::opencart::Groups;
use maud::{Markup, html};
use std::collections::BTreeMap;

/// Error messages by field path; `""` for the form as a whole.
pub(super) type FieldErrors = BTreeMap<String, String>;

/// A posted form as name/value pairs (names repeat for address blocks).
pub(super) type Posted = Vec<(String, String)>;

fn value<'a>(posted: &'a Posted, name: &str) -> Option<&'a str> {
    posted
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The General tab's fields as posted. Unchecked boxes are not posted: off.
pub(super) fn general_fields(posted: &Posted) -> CustomerFields {
    let text = |name: &str| value(posted, name).map(|v| v.trim().to_owned());
    CustomerFields {
        customer_group_id: value(posted, "customer_group_id").and_then(|v| v.parse().ok()),
        firstname: text("firstname"),
        lastname: text("lastname"),
        email: text("email"),
        telephone: text("telephone"),
        newsletter: Some(value(posted, "newsletter").is_some()),
        status: Some(value(posted, "status").is_some()),
        addresses: None,
    }
}

/// The Addresses tab: blocks `a{n}_…`; a block marked `a{n}_remove` is
/// dropped, an empty new block ignored, `default` names the default block.
pub(super) fn address_book(posted: &Posted) -> Vec<CustomerAddress> {
    let blocks = value(posted, "blocks")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let default = value(posted, "default").and_then(|v| v.parse::<usize>().ok());
    let mut book = Vec::new();
    for n in 0..blocks.min(50) {
        let field = |name: &str| {
            value(posted, &format!("a{n}_{name}"))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        if value(posted, &format!("a{n}_remove")).is_some() {
            continue;
        }
        let address_id = field("address_id").and_then(|v| v.parse().ok());
        if address_id.is_none() && field("address_1").is_none() && field("city").is_none() {
            continue;
        }
        book.push(CustomerAddress {
            address_id,
            fields: AddressFields {
                firstname: field("firstname"),
                lastname: field("lastname"),
                company: Some(field("company").unwrap_or_default()),
                address_1: field("address_1"),
                address_2: Some(field("address_2").unwrap_or_default()),
                city: field("city"),
                postcode: Some(field("postcode").unwrap_or_default()),
                iso_code_2: field("iso_code_2"),
                zone: field("zone"),
                ..AddressFields::default()
            },
            default: Some(default == Some(n)),
        });
    }
    book
}

fn error(errors: &FieldErrors, field: &str) -> Markup {
    html! {
        @if let Some(message) = errors.get(field) {
            span class="field-error" role="alert" data-field=(field) { (message) }
        }
    }
}

fn text_input(label: &str, name: &str, kind: &str, current: &str, errors: &FieldErrors) -> Markup {
    html! {
        label for=(name) { (label) }
        input type=(kind) id=(name) name=(name) value=(current);
        (error(errors, name))
    }
}

/// A new customer's starting values: the shop's default group, active.
pub(super) fn new_customer(groups: &Groups) -> OcCustomer {
    OcCustomer {
        customer_group_id: groups.default_group_id.parse().unwrap_or(0),
        status: 1,
        ..OcCustomer::default()
    }
}

/// What the form shows after a refusal: what was typed, over `base`.
pub(super) fn as_typed(fields: &CustomerFields, base: &OcCustomer) -> OcCustomer {
    let flag = |v: Option<bool>, old: i64| v.map_or(old, i64::from);
    OcCustomer {
        customer_group_id: fields.customer_group_id.unwrap_or(base.customer_group_id),
        firstname: fields.firstname.clone().or_else(|| base.firstname.clone()),
        lastname: fields.lastname.clone().or_else(|| base.lastname.clone()),
        email: fields.email.clone().or_else(|| base.email.clone()),
        telephone: fields.telephone.clone().or_else(|| base.telephone.clone()),
        newsletter: flag(fields.newsletter, base.newsletter),
        status: flag(fields.status, base.status),
        ..base.clone()
    }
}

/// The address book as typed, to show again after a refusal (in the
/// order written, so the shop's `addresses[i]` names block `i`).
pub(super) fn book_as_typed(book: &[CustomerAddress]) -> Vec<OcAddress> {
    book.iter()
        .map(|a| OcAddress {
            address_id: a.address_id.unwrap_or(0),
            firstname: a.fields.firstname.clone(),
            lastname: a.fields.lastname.clone(),
            company: a.fields.company.clone(),
            address_1: a.fields.address_1.clone(),
            address_2: a.fields.address_2.clone(),
            city: a.fields.city.clone(),
            postcode: a.fields.postcode.clone(),
            iso_code_2: a.fields.iso_code_2.clone(),
            zone: a.fields.zone.clone(),
            default: i64::from(a.default == Some(true)),
            ..OcAddress::default()
        })
        .collect()
}

/// The General tab. `existing`: an edit (shows the read-only IP address).
pub(super) fn general(
    action: &str,
    c: &OcCustomer,
    existing: bool,
    groups: &Groups,
    errors: &FieldErrors,
) -> Markup {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let group = c.customer_group_id.to_string();
    html! {
        form class="card" method="post" action=(action) id="general-form" {
            (error(errors, ""))
            (text_input("First name", "firstname", "text", &text(&c.firstname), errors))
            (text_input("Last name", "lastname", "text", &text(&c.lastname), errors))
            (text_input("E-mail", "email", "email", &text(&c.email), errors))
            (text_input("Telephone", "telephone", "text", &text(&c.telephone), errors))
            label for="customer_group_id" { "Customer group" }
            select id="customer_group_id" name="customer_group_id" {
                @for g in &groups.groups {
                    option value=(g.id) selected[g.id == group] { (g.name) }
                }
            }
            (error(errors, "customer_group_id"))
            label { input type="checkbox" name="newsletter" id="newsletter" checked[c.newsletter == 1]; " Newsletter" }
            label { input type="checkbox" name="status" id="status" checked[c.status == 1]; " Active" }
            @if existing {
                label for="ip" { "IP address (read-only)" }
                input type="text" id="ip" value=(text(&c.ip)) readonly disabled;
            }
            p { button type="submit" id="save" { "Save" } }
        }
    }
}

/// The Addresses tab: each address, plus an empty block for a new one.
pub(super) fn addresses(action: &str, book: &[OcAddress], errors: &FieldErrors) -> Markup {
    let blocks = book.len() + 1;
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    html! {
        form class="card" method="post" action=(action) id="addresses-form" {
            (error(errors, ""))
            input type="hidden" name="blocks" value=(blocks);
            @for n in 0..blocks {
                @let a = book.get(n).cloned().unwrap_or_default();
                @let path = |name: &str| format!("addresses[{n}].{name}");
                fieldset {
                    legend { @if n < book.len() { "Address " (n + 1) } @else { "New address" } }
                    @if a.address_id > 0 { input type="hidden" name=(format!("a{n}_address_id")) value=(a.address_id); }
                    @for (label, name, current) in [
                        ("First name", "firstname", text(&a.firstname)), ("Last name", "lastname", text(&a.lastname)),
                        ("Company", "company", text(&a.company)), ("Address", "address_1", text(&a.address_1)),
                        ("Address 2", "address_2", text(&a.address_2)), ("City", "city", text(&a.city)),
                        ("Postcode", "postcode", text(&a.postcode)), ("Country (ISO code)", "iso_code_2", text(&a.iso_code_2)),
                        ("Region", "zone", text(&a.zone)),
                    ] {
                        label for=(format!("a{n}_{name}")) { (label) }
                        input type="text" id=(format!("a{n}_{name}")) name=(format!("a{n}_{name}")) value=(current);
                        (error(errors, &path(name)))
                    }
                    label { input type="radio" name="default" value=(n) checked[n < book.len() && a.default == 1]; " Default address" }
                    @if n < book.len() {
                        label { input type="checkbox" name=(format!("a{n}_remove")); " Remove" }
                    }
                }
            }
            p { button type="submit" id="save-addresses" { "Save addresses" } }
        }
    }
}
