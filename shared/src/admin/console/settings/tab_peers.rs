//! The tabs of the shops other than MoySklad: OpenCart (its order status
//! → CRM status map), Shop-Script (SS-4: per CRM funnel, stage → order
//! action) and WooCommerce (EW-2 welcome e-mail, EW-3 addresses, the
//! request rate). A tenant without that shop gets a line saying where to
//! connect it; the shop's account and keys stay in the API.

use super::fields::{Posted, value};
use super::picks::List;
use super::rows::{self, Column};
use super::tabs::View;
use crate::settings::TenantSettings;
use maud::{Markup, html};
use std::collections::BTreeMap;

fn missing(shop: &str) -> Markup {
    html! {
        p class="error" { "This tenant has no " (shop) " shop yet; connect it through the API (PUT /admin/tenants/{tenant})." }
    }
}

fn refused(shop: &str) -> Vec<String> {
    vec![format!(
        "this tenant has no {shop} shop (set it through the API)"
    )]
}

const OC_COLUMNS: [&str; 2] = ["oc", "crm"];

pub(super) fn opencart(v: &View<'_>) -> Markup {
    let Some(oc) = &v.settings.opencart else {
        return missing("OpenCart");
    };
    let statuses = v.picks.get(List::CrmStatuses);
    let columns = [
        Column {
            key: "oc",
            head: "OpenCart order_status_id",
            choice: None,
        },
        Column {
            key: "crm",
            head: "CRM status",
            choice: Some(&statuses),
        },
    ];
    let stored: Vec<Vec<String>> = oc
        .status_map
        .iter()
        .map(|(k, s)| vec![k.clone(), s.clone()])
        .collect();
    html! {
        p class="muted" { "An OpenCart order status → the CRM status it sets; unmapped statuses are not sent. Empty rows are dropped." }
        (rows::table(v.fields, "status_map", ("OpenCart status", &rows::first_quoted), &columns, &stored))
    }
}

pub(super) fn read_opencart(posted: &Posted, settings: &mut TenantSettings) -> Vec<String> {
    let Some(oc) = settings.opencart.as_mut() else {
        return refused("OpenCart");
    };
    let mut problems = Vec::new();
    let mut map = BTreeMap::new();
    for row in rows::read(posted, "status_map", &OC_COLUMNS) {
        let (id, status) = (&row[0], &row[1]);
        if id.parse::<u32>().is_err() {
            problems.push(format!(
                "OpenCart status {id:?} is not an order_status_id (a whole number)"
            ));
        } else if status.is_empty() {
            problems.push(format!("OpenCart status {id:?} maps to no CRM status"));
        } else if map.insert(id.clone(), status.clone()).is_some() {
            problems.push(format!("OpenCart status {id:?} is mapped twice"));
        }
    }
    oc.status_map = map;
    problems
}

const SS_COLUMNS: [&str; 3] = ["funnel", "stage", "action"];

/// SS-4 problem lines name the funnel as `funnel 3:` or `funnel "3"`.
fn funnel_needle(row: &[String]) -> String {
    format!("funnel {}", row[0])
}

pub(super) fn shopscript(v: &View<'_>) -> Markup {
    let Some(ss) = &v.settings.shopscript else {
        return missing("Shop-Script");
    };
    let columns = [
        Column {
            key: "funnel",
            head: "CRM funnel id",
            choice: None,
        },
        Column {
            key: "stage",
            head: "Stage id",
            choice: None,
        },
        Column {
            key: "action",
            head: "Order action (e.g. process, pay, ship, complete)",
            choice: None,
        },
    ];
    let stored: Vec<Vec<String>> = ss
        .funnels
        .iter()
        .flat_map(|(funnel, stages)| {
            stages
                .iter()
                .map(move |(stage, action)| vec![funnel.clone(), stage.clone(), action.clone()])
        })
        .collect();
    html! {
        p class="muted" { "SS-4: a deal moved to a stage runs the order action; the action moves the deal to that stage. One stage per action in a funnel." }
        (rows::table(v.fields, "funnels", ("SS-4", &funnel_needle), &columns, &stored))
    }
}

pub(super) fn read_shopscript(posted: &Posted, settings: &mut TenantSettings) -> Vec<String> {
    let Some(ss) = settings.shopscript.as_mut() else {
        return refused("Shop-Script");
    };
    let mut problems = Vec::new();
    let mut funnels: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for row in rows::read(posted, "funnels", &SS_COLUMNS) {
        let (funnel, stage, action) = (&row[0], &row[1], &row[2]);
        if stage.is_empty() || action.is_empty() {
            problems.push(format!(
                "SS-4 funnel {funnel}: a row needs a stage id and an action"
            ));
            continue;
        }
        let stages = funnels.entry(funnel.clone()).or_default();
        if stages.insert(stage.clone(), action.clone()).is_some() {
            problems.push(format!(
                "SS-4 funnel {funnel}: stage {stage:?} is listed twice"
            ));
        }
    }
    // The rest (ids, one stage per action, known actions) is checked by
    // the settings' own validation when saved.
    ss.funnels = funnels;
    problems
}

pub(super) fn woocommerce(v: &View<'_>) -> Markup {
    let Some(woo) = &v.settings.woocommerce else {
        return missing("WooCommerce");
    };
    let f = v.fields;
    html! {
        (f.checkbox("welcome_email", "EW-2 Let WooCommerce's \"New account\" e-mail carry a set-password link", woo.welcome_email, &["welcome_email"]))
        (f.checkbox("addresses", "EW-3 Send the billing address", woo.addresses, &["addresses"]))
        (f.text("requests_per_second", "Requests per second Synclane may send to the shop", &woo.requests_per_second.to_string(), &["requests_per_second"]))
    }
}

pub(super) fn read_woocommerce(posted: &Posted, settings: &mut TenantSettings) -> Vec<String> {
    let Some(woo) = settings.woocommerce.as_mut() else {
        return refused("WooCommerce");
    };
    woo.welcome_email = value(posted, "welcome_email").is_some();
    woo.addresses = value(posted, "addresses").is_some();
    let raw = value(posted, "requests_per_second")
        .unwrap_or_default()
        .trim();
    match raw.parse() {
        Ok(n) => woo.requests_per_second = n,
        Err(_) => {
            return vec![format!(
                "woocommerce.requests_per_second: {raw:?} is not a whole number"
            )];
        }
    }
    Vec::new()
}
