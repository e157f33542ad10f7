//! The tabs of plain options: Options (MS-S*, MS-B*, MS-C1, with the
//! MS-S13 delivery-type map and the MS-M8 reserve statuses beside the
//! options they need), Stock & prices
//! (MS-P*, MS-S6..S8), Bank accounts (MS-M11) and General (journal, MS-B8;
//! the CRM's corporate customers). An unchecked box is not posted: off.

use super::fields::{Posted, read_map, value};
use super::picks::{List, typed};
use super::tabs::View;
use crate::settings::{MoySkladSync, StockOptions, TenantSettings};
use maud::{Markup, html};

/// The Options tab's check boxes: field name (as in the settings and their
/// problem lines), label, and the option itself.
fn flags(s: &mut MoySkladSync) -> Vec<(&'static str, &'static str, &mut bool)> {
    vec![
        (
            "delivery_as_line",
            "MS-S1 Delivery as an order line",
            &mut s.delivery_as_line,
        ),
        (
            "auto_reserve",
            "MS-S2 Create reserves automatically",
            &mut s.auto_reserve,
        ),
        (
            "create_moves",
            "MS-S3 Create moves between warehouses",
            &mut s.create_moves,
        ),
        (
            "conduct_moves",
            "MS-S4 Conduct the moves at once",
            &mut s.conduct_moves,
        ),
        (
            "accept_order_changes",
            "MS-S5 Accept order changes from MoySklad",
            &mut s.accept_order_changes,
        ),
        (
            "skip_order_number",
            "MS-S9 Do not pass the order number",
            &mut s.skip_order_number,
        ),
        (
            "load_cost_on_shipment",
            "MS-S10 Load cost prices on shipment",
            &mut s.load_cost_on_shipment,
        ),
        (
            "overwrite_cost_on_shipment",
            "MS-S11 Overwrite cost prices always",
            &mut s.overwrite_cost_on_shipment,
        ),
        (
            "services_as_goods",
            "MS-S12 Export services as goods",
            &mut s.services_as_goods,
        ),
        (
            "skip_shipment_number",
            "MS-S14 Do not number shipments",
            &mut s.skip_shipment_number,
        ),
        (
            "skip_payment_number",
            "MS-S15 Do not number payments",
            &mut s.skip_payment_number,
        ),
        (
            "push_customer_changes",
            "MS-S16 Push CRM customer changes",
            &mut s.push_customer_changes,
        ),
        (
            "receive_counterparty_address",
            "MS-B4 Receive counterparty addresses",
            &mut s.receive_counterparty_address,
        ),
        (
            "receive_counterparty_name",
            "MS-B4 Receive counterparty names (individuals)",
            &mut s.receive_counterparty_name,
        ),
        (
            "unreserve_cancelled_lines",
            "MS-B5 Unreserve cancelled lines instead of deleting",
            &mut s.unreserve_cancelled_lines,
        ),
        (
            "force_delete",
            "MS-B6 Force-delete with documents",
            &mut s.force_delete,
        ),
    ]
}

fn stock_flags(s: &mut StockOptions) -> Vec<(&'static str, &'static str, &mut bool)> {
    vec![
        (
            "stock_enabled",
            "MS-P1 Send stock to the CRM",
            &mut s.stock_enabled,
        ),
        (
            "prices_enabled",
            "MS-P2 Send purchase prices",
            &mut s.prices_enabled,
        ),
        (
            "keep_stock_when_out",
            "MS-S6 Keep CRM stock when MoySklad has none",
            &mut s.keep_stock_when_out,
        ),
        (
            "skip_inactive",
            "MS-S7 Skip inactive goods",
            &mut s.skip_inactive,
        ),
        (
            "subtract_in_transit",
            "MS-S8 Subtract goods in transit",
            &mut s.subtract_in_transit,
        ),
    ]
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or_default()
}

/// An empty text field is `None`.
fn some(posted: &Posted, name: &str) -> Option<String> {
    value(posted, name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// A number field; what cannot be read is a problem naming the field.
fn number<T: std::str::FromStr>(
    posted: &Posted,
    name: &str,
    into: &mut T,
    problems: &mut Vec<String>,
) {
    let raw = value(posted, name).unwrap_or_default().trim();
    match raw.parse() {
        Ok(n) => *into = n,
        Err(_) => problems.push(format!("{name}: {raw:?} is not a whole number")),
    }
}

pub(super) fn options(v: &View<'_>) -> Markup {
    let f = v.fields;
    let mut copy = v.sync.clone();
    html! {
        @for (name, label, on) in flags(&mut copy) {
            (f.checkbox(name, label, *on, &[name]))
        }
        (f.text("delivery_service", "MS-S1 MoySklad service id of the delivery line", opt(&v.sync.delivery_service), &["delivery_service"]))
        (f.text("counterparty_group", "MS-B3 Group (tag) of new counterparties", opt(&v.sync.counterparty_group), &["counterparty_group"]))
        (f.text("problem_user", "MS-B7 CRM user id who gets a task on problems", &v.sync.problem_user.map(|u| u.to_string()).unwrap_or_default(), &["problem_user"]))
        (f.text("manager_attribute", "MS-C1 MoySklad \"employee\" attribute id for the manager", opt(&v.sync.manager_attribute), &["manager_attribute"]))
        (f.text("reserve_item_statuses", "MS-M8 CRM item statuses whose lines are reserved (codes, comma-separated; none: all; needs MS-S2)", &v.sync.reserve_item_statuses.join(", "), &["MS-M8"]))
        h3 { "MS-S13 Delivery types → MoySklad services (needs MS-S1)" }
        (f.error_marks("delivery_services", &["MS-S13"]))
        (f.mapping("delivery_services", "MS-S13 delivery type", ("CRM delivery type", "MoySklad service id"),
            (&v.picks.get(List::CrmDeliveryTypes), &typed("service")), &v.sync.delivery_services))
    }
}

/// MS-M8's codes, as typed: comma- or space-separated, once each.
fn codes(raw: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in raw
        .split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        if !out.iter().any(|c| c == code) {
            out.push(code.to_owned());
        }
    }
    out
}

pub(super) fn read_options(posted: &Posted, sync: &mut MoySkladSync) -> Vec<String> {
    for (name, _, on) in flags(sync) {
        *on = value(posted, name).is_some();
    }
    sync.delivery_service = some(posted, "delivery_service");
    sync.counterparty_group = some(posted, "counterparty_group");
    sync.manager_attribute = some(posted, "manager_attribute");
    sync.reserve_item_statuses = codes(value(posted, "reserve_item_statuses").unwrap_or_default());
    sync.delivery_services = read_map(posted, "delivery_services");
    let mut problems = Vec::new();
    sync.problem_user = match some(posted, "problem_user") {
        None => None,
        Some(raw) => match raw.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                problems.push(format!("MS-B7 problem_user: {raw:?} is not a CRM user id"));
                sync.problem_user
            }
        },
    };
    problems
}

pub(super) fn stock(v: &View<'_>) -> Markup {
    let f = v.fields;
    let mut copy = v.sync.stock.clone();
    html! {
        @for (name, label, on) in stock_flags(&mut copy) {
            (f.checkbox(name, label, *on, &[name]))
        }
        (f.text("every_minutes", "Minutes between pulls", &v.sync.stock.every_minutes.to_string(), &["every_minutes"]))
        (f.text("full_resync_hours", "MS-P3 Hours between full resyncs", &v.sync.stock.full_resync_hours.to_string(), &["full_resync_hours"]))
    }
}

pub(super) fn read_stock(posted: &Posted, sync: &mut MoySkladSync) -> Vec<String> {
    for (name, _, on) in stock_flags(&mut sync.stock) {
        *on = value(posted, name).is_some();
    }
    let mut problems = Vec::new();
    number(
        posted,
        "every_minutes",
        &mut sync.stock.every_minutes,
        &mut problems,
    );
    number(
        posted,
        "full_resync_hours",
        &mut sync.stock.full_resync_hours,
        &mut problems,
    );
    problems
}

/// MS-M11: one account per `paymentin` payment type (MS-M9) and legal
/// entity a shop maps to (MS-M1).
pub(super) fn bank_accounts(v: &View<'_>) -> Markup {
    let types: Vec<&String> = v
        .sync
        .payment_documents
        .iter()
        .filter(|(_, doc)| doc.as_str() == "paymentin")
        .map(|(t, _)| t)
        .chain(v.sync.bank_accounts.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let orgs: std::collections::BTreeSet<&String> = v
        .sync
        .shops
        .values()
        .chain(v.sync.bank_accounts.values().flat_map(|a| a.keys()))
        .collect();
    html! {
        @if types.is_empty() || orgs.is_empty() {
            p class="muted" { "Map payment types to paymentin (Payment types) and shops to legal entities (Shops) first." }
        }
        table id="bank_accounts" {
            tr { th { "Payment type" } th { "Legal entity" } th { "MoySklad account id" } }
            @for t in &types {
                @for org in &orgs {
                    @let name = format!("acc.{t}.{org}");
                    @let stored = v.sync.bank_accounts.get(*t).and_then(|a| a.get(*org)).map_or("", String::as_str);
                    tr {
                        td { (t) } td { (org) }
                        td { (v.fields.text(&name, "", stored, &["MS-M11", &format!("{t:?}"), &format!("{org:?}")])) }
                    }
                }
            }
        }
    }
}

pub(super) fn read_bank_accounts(posted: &Posted, sync: &mut MoySkladSync) -> Vec<String> {
    sync.bank_accounts.clear();
    for (name, account) in posted {
        let Some((t, org)) = name.strip_prefix("acc.").and_then(|r| r.split_once('.')) else {
            continue;
        };
        if account.trim().is_empty() {
            continue;
        }
        sync.bank_accounts
            .entry(t.to_owned())
            .or_default()
            .insert(org.to_owned(), account.trim().to_owned());
    }
    Vec::new()
}

pub(super) fn general(v: &View<'_>) -> Markup {
    let f = v.fields;
    let j = &v.settings.journal;
    html! {
        (f.text("retention_days", "MS-B8 Days the journal keeps an entry", &j.retention_days.to_string(), &["retention_days"]))
        (f.text("max_entries", "MS-B8 Journal entries kept", &j.max_entries.to_string(), &["max_entries"]))
        @if let Some(crm) = &v.settings.retailcrm {
            (f.checkbox("corporate_customers", "The CRM has corporate customers (OC-F3, OC-F4)", crm.corporate_customers, &["corporate_customers"]))
        }
    }
}

pub(super) fn read_general(posted: &Posted, settings: &mut TenantSettings) -> Vec<String> {
    let mut problems = Vec::new();
    number(
        posted,
        "retention_days",
        &mut settings.journal.retention_days,
        &mut problems,
    );
    number(
        posted,
        "max_entries",
        &mut settings.journal.max_entries,
        &mut problems,
    );
    if let Some(crm) = settings.retailcrm.as_mut() {
        crm.corporate_customers = value(posted, "corporate_customers").is_some();
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        pairs
            .iter()
            .map(|(n, v)| ((*n).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn ms_s13_and_ms_m8_read_from_the_options_tab() {
        let mut sync = MoySkladSync::default();
        let form = posted(&[
            ("delivery_as_line", "on"),
            ("auto_reserve", "on"),
            ("reserve_item_statuses", "reserved, picked,reserved"),
            ("delivery_services.courier", " svc-1 "),
            ("delivery_services.pickup", ""),
        ]);
        assert!(read_options(&form, &mut sync).is_empty());
        assert_eq!(sync.reserve_item_statuses, ["reserved", "picked"]);
        assert_eq!(sync.delivery_services.len(), 1);
        assert_eq!(sync.delivery_services["courier"], "svc-1");
        // Without MS-S1 / MS-S2 the settings' checks refuse both.
        sync.delivery_as_line = false;
        sync.auto_reserve = false;
        let id = crate::model::TenantId::parse("t").unwrap();
        let mut tenant = TenantSettings::new(id, crate::secret::Secret::new("s"));
        tenant.moysklad = Some(crate::settings::MoySkladSettings {
            base_url: "https://ms.example/api/remap/1.2".into(),
            token: crate::secret::Secret::new("t"),
            disable_webhook_prefixes: vec![],
            request_weight: 1,
            webhook_token: Default::default(),
            public_base_url: None,
            sync: Some(sync),
        });
        let problems = tenant.problems();
        assert!(
            problems.iter().any(|p| p.starts_with("MS-S13")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.starts_with("MS-M8")),
            "{problems:?}"
        );
    }
}
