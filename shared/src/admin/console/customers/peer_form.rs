//! The CRM's and WooCommerce's customer forms (CM-2): the General tab
//! (names, e-mail, phone; the CRM's newsletter flag; WooCommerce's role,
//! read-only) and the Addresses tab (the CRM's one address; WooCommerce's
//! billing and shipping). A posted form becomes the admin API's JSON body,
//! so the console and the API check it the same way (`peer_body`); a
//! refusal names a member path (`email`, `billing.country`), shown next to
//! the input that holds it.

use super::form::{FieldErrors, Posted};
use crate::connectors::retailcrm::CrmCustomerRecord;
use crate::connectors::woocommerce::{WooAddress, WooCustomer};
use crate::model::System;
use maud::{Markup, html};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Input values by input name.
pub(super) type Values = BTreeMap<String, String>;

/// One input: its label, its name, and the body member it fills.
struct Field {
    label: &'static str,
    name: String,
    path: String,
}

fn field(label: &'static str, name: &str, path: &str) -> Field {
    Field {
        label,
        name: name.into(),
        path: path.into(),
    }
}

const WOO_ADDRESS: [(&str, &str); 9] = [
    ("First name", "first_name"),
    ("Last name", "last_name"),
    ("Company", "company"),
    ("Address", "address_1"),
    ("Address 2", "address_2"),
    ("City", "city"),
    ("State / region", "state"),
    ("Postcode", "postcode"),
    ("Country (ISO code)", "country"),
];

/// The inputs of `system`'s tab (`general` or `addresses`).
fn fields(system: System, tab: &str) -> Vec<Field> {
    match (system, tab) {
        (System::RetailCrm, "addresses") => vec![
            field("Postcode", "postcode", "address.postcode"),
            field("Country (ISO code)", "country_iso", "address.country_iso"),
            field("Region", "region", "address.region"),
            field("City", "city", "address.city"),
            field("Address", "text", "address.text"),
        ],
        (System::RetailCrm, _) => vec![
            field("First name", "first_name", "first_name"),
            field("Patronymic", "patronymic", "patronymic"),
            field("Last name", "last_name", "last_name"),
            field("E-mail", "email", "email"),
            field("Telephone", "phone", "phone"),
        ],
        (_, "addresses") => ["billing", "shipping"]
            .into_iter()
            .flat_map(|part| {
                WOO_ADDRESS.into_iter().map(move |(label, name)| {
                    field(label, &format!("{part}_{name}"), &format!("{part}.{name}"))
                })
            })
            .collect(),
        _ => vec![
            field("First name", "first_name", "first_name"),
            field("Last name", "last_name", "last_name"),
            field("E-mail", "email", "email"),
            field("Telephone (billing)", "phone", "phone"),
        ],
    }
}

/// The admin API body of a posted tab: the inputs at their member paths;
/// the CRM's unchecked newsletter box (not posted) is off.
pub(super) fn body(system: System, tab: &str, posted: &Posted) -> Vec<u8> {
    let mut out = Map::new();
    for f in fields(system, tab) {
        let Some((_, v)) = posted.iter().find(|(n, _)| *n == f.name) else {
            continue;
        };
        let v = json!(v.trim());
        match f.path.split_once('.') {
            Some((part, member)) => {
                let part = out.entry(part).or_insert_with(|| json!({}));
                part[member] = v;
            }
            None => {
                out.insert(f.path, v);
            }
        }
    }
    if system == System::RetailCrm && tab != "addresses" {
        let on = posted.iter().any(|(n, _)| n == "newsletter");
        out.insert("newsletter".into(), json!(on));
    }
    Value::Object(out).to_string().into_bytes()
}

/// A posted form as values to draw again after a refusal.
pub(super) fn typed(posted: &Posted) -> Values {
    posted.iter().cloned().collect()
}

/// A refusal (`"billing.country: …"`) under the member it names.
pub(super) fn refusal(message: &str) -> FieldErrors {
    let (path, text) = match message.split_once(": ") {
        Some((path, text)) if !path.contains(' ') => (path.to_owned(), text.to_owned()),
        _ => (String::new(), message.to_owned()),
    };
    FieldErrors::from([(path, text)])
}

pub(super) fn crm_values(r: &CrmCustomerRecord) -> Values {
    let a = r.address.clone().unwrap_or_default();
    let text = |v: Option<String>| v.unwrap_or_default();
    let mut v = Values::from([
        ("first_name".into(), r.first_name.clone()),
        ("patronymic".into(), r.patronymic.clone()),
        ("last_name".into(), r.last_name.clone()),
        ("email".into(), r.email.clone()),
        ("phone".into(), r.phone.clone()),
        ("postcode".into(), text(a.postcode)),
        ("country_iso".into(), text(a.country_iso)),
        ("region".into(), text(a.region)),
        ("city".into(), text(a.city)),
        ("text".into(), text(a.line1)),
    ]);
    if r.newsletter {
        v.insert("newsletter".into(), "on".into());
    }
    v
}

pub(super) fn woo_values(c: &WooCustomer) -> Values {
    let mut v = Values::from([
        ("first_name".into(), c.first_name.clone()),
        ("last_name".into(), c.last_name.clone()),
        ("email".into(), c.email.clone()),
        ("phone".into(), c.billing.phone.clone()),
        ("role".into(), c.role.clone()),
    ]);
    for (part, a) in [("billing", &c.billing), ("shipping", &c.shipping)] {
        for (name, value) in address_values(a) {
            v.insert(format!("{part}_{name}"), value.to_owned());
        }
    }
    v
}

fn address_values(a: &WooAddress) -> [(&'static str, &str); 9] {
    [
        ("first_name", &a.first_name),
        ("last_name", &a.last_name),
        ("company", &a.company),
        ("address_1", &a.address_1),
        ("address_2", &a.address_2),
        ("city", &a.city),
        ("state", &a.state),
        ("postcode", &a.postcode),
        ("country", &a.country),
    ]
}

fn error(errors: &FieldErrors, path: &str) -> Markup {
    html! {
        @if let Some(message) = errors.get(path) {
            span class="field-error" role="alert" data-field=(path) { (message) }
        }
    }
}

/// `system`'s tab as a form posting to `action`.
pub(super) fn tab_form(
    system: System,
    tab: &str,
    action: &str,
    values: &Values,
    errors: &FieldErrors,
) -> Markup {
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let id = if tab == "addresses" {
        "addresses-form"
    } else {
        "general-form"
    };
    let list = fields(system, tab);
    html! {
        form class="card" method="post" action=(action) id=(id) {
            (error(errors, ""))
            @for (n, f) in list.iter().enumerate() {
                @if system == System::WooCommerce && tab == "addresses" && n % WOO_ADDRESS.len() == 0 {
                    h2 { @if n == 0 { "Billing address" } @else { "Shipping address" } }
                }
                label for=(f.name) { (f.label) }
                input type=(if f.name == "email" { "email" } else { "text" }) id=(f.name) name=(f.name) value=(value(&f.name));
                (error(errors, &f.path))
            }
            @if system == System::RetailCrm && tab != "addresses" {
                label { input type="checkbox" name="newsletter" id="newsletter" checked[values.contains_key("newsletter")]; " Newsletter (e-mail campaigns)" }
                (error(errors, "newsletter"))
            }
            @if system == System::WooCommerce && tab != "addresses" {
                @let role = value("role");
                @if !role.is_empty() {
                    label for="role" { "Role (read-only in WooCommerce's API)" }
                    input type="text" id="role" value=(role) readonly disabled;
                }
                p class="muted" { "WooCommerce accounts have no newsletter flag." }
            }
            p { button type="submit" id=(if tab == "addresses" { "save-addresses" } else { "save" }) { "Save" } }
        }
    }
}
