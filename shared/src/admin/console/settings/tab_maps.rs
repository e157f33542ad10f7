//! The mapping tabs: shops (MS-M1: legal entities and sales channels), warehouses (MS-M2), statuses (MS-M3),
//! export statuses (MS-M4), shipment statuses (MS-M6, MS-M7), payment
//! types (MS-M9), payment statuses (MS-M10), custom fields (MS-M12) and
//! retail (MS-R1..MS-R4, with the retail custom fields and standard
//! fields' attributes). Left-hand entries come from one peer's
//! reference data, choices from the other's (`picks`).

use super::fields::{Posted, read_list, read_map, value};
use super::picks::{Choice, List, Pick, typed};
use super::rows::{self, Column};
use super::tabs::{Tab, View};
use crate::settings::{FieldMapping, MoySkladSync, RetailOptions};
use maud::{Markup, html};

/// MS-M9's two document kinds.
fn documents() -> Choice {
    Choice::Loaded(
        [
            ("paymentin", "Incoming payment (paymentin)"),
            ("cashin", "Cash order (cashin)"),
        ]
        .map(|(v, l)| Pick {
            value: v.into(),
            label: l.into(),
        })
        .to_vec(),
    )
}

pub(super) fn render(tab: Tab, v: &View<'_>) -> Markup {
    let (f, s, p) = (v.fields, v.sync, v.picks);
    match tab {
        Tab::Shops => html! {
            (f.mapping("shops", "MS-M1", ("CRM shop", "MoySklad legal entity"),
                (&p.get(List::CrmSites), &p.get(List::MsOrganizations)), &s.shops))
            h3 { "MS-M1 Sales channels (optional)" }
            (f.mapping("channels", "MS-M1 sales channel", ("CRM shop", "MoySklad sales channel id"),
                (&p.get(List::CrmSites), &typed("sales channel")), &s.channels))
        },
        Tab::Warehouses => f.mapping(
            "stores",
            "MS-M2",
            ("CRM warehouse", "MoySklad warehouse"),
            (&p.get(List::CrmStores), &p.get(List::MsStores)),
            &s.stores,
        ),
        Tab::Statuses => f.mapping(
            "statuses",
            "MS-M3",
            ("CRM status", "MoySklad status"),
            (&p.get(List::CrmStatuses), &p.get(List::MsStates)),
            &s.statuses,
        ),
        Tab::ExportStatuses => html! {
            p class="muted" { "MS-M4: an order is first exported on reaching one of these; none chosen: any status." }
            (f.checklist("export_statuses", "MS-M4", &p.get(List::CrmStatuses), &s.export_statuses))
        },
        Tab::ShipmentStatuses => html! {
            h3 { "MS-M6 Shipment statuses (create and conduct a shipment)" }
            (f.checklist("shipment_statuses", "MS-M6", &p.get(List::CrmStatuses), &s.shipment_statuses))
            h3 { "MS-M7 Shipment-cancel statuses (a sales return per shipment)" }
            (f.checklist("shipment_cancel_statuses", "MS-M7", &p.get(List::CrmStatuses), &s.shipment_cancel_statuses))
            (f.checkbox("copy_custom_fields_to_shipment", "Copy matching custom fields into the shipment", s.copy_custom_fields_to_shipment, &["copy_custom_fields_to_shipment"]))
        },
        Tab::PaymentTypes => html! {
            (f.mapping("payment_documents", "MS-M9", ("CRM payment type", "MoySklad document"),
                (&p.get(List::CrmPaymentTypes), &documents()), &s.payment_documents))
            (f.checkbox("copy_custom_fields_to_payments", "Copy matching custom fields into the payment", s.copy_custom_fields_to_payments, &["copy_custom_fields_to_payments"]))
        },
        Tab::PaymentStatuses => html! {
            p class="muted" { "MS-M10: payments in these statuses are conducted in MoySklad." }
            (f.checklist("payment_conduct_statuses", "MS-M10", &p.get(List::CrmPaymentStatuses), &s.payment_conduct_statuses))
        },
        Tab::CustomFields => custom_fields(v),
        _ => retail(v),
    }
}

fn custom_fields(v: &View<'_>) -> Markup {
    let attributes = v.picks.get(List::MsAttributes);
    // The stored pairs and one empty row to add a pair.
    let mut rows = v.sync.custom_fields.clone();
    rows.push(FieldMapping::default());
    html! {
        p class="muted" { "MS-M12: a CRM order field ⇄ a MoySklad order attribute; one CRM field per attribute. Empty rows are dropped." }
        input type="hidden" name="rows" value=(rows.len());
        table id="custom_fields" {
            tr { th { "CRM field code" } th { "MoySklad attribute" } }
            @for (n, row) in rows.iter().enumerate() {
                @let quoted = format!("{:?}", row.moysklad);
                tr {
                    td { (v.fields.text(&format!("cf{n}.crm"), "", &row.crm, &[])) }
                    td { (v.fields.select(&format!("cf{n}.ms"), &attributes, &row.moysklad, &["MS-M12", &quoted])) }
                }
            }
        }
    }
}

fn retail(v: &View<'_>) -> Markup {
    let (f, r, p) = (v.fields, &v.sync.retail, v.picks);
    let types = p.get(List::CrmPaymentTypes);
    let statuses = p.get(List::CrmPaymentStatuses);
    let payment = |name: &str, label: &str, stored: &str, choice: &Choice| {
        html! {
            label for=(name) { (label) }
            (f.select(name, choice, stored, &[name]))
        }
    };
    html! {
        (f.checkbox("enabled", "MS-R1 Receive retail sales (retaildemand)", r.enabled, &["MS-R1"]))
        h3 { "MS-R2 Lines of sales made from CRM orders" }
        (f.checkbox("increase_quantity", "Increase quantities", r.increase_quantity, &["increase_quantity"]))
        (f.checkbox("decrease_quantity", "Decrease quantities", r.decrease_quantity, &["decrease_quantity"]))
        (f.checkbox("add_new_goods", "Add new goods", r.add_new_goods, &["add_new_goods"]))
        (f.checkbox("remove_missing_goods", "Remove missing goods", r.remove_missing_goods, &["remove_missing_goods"]))
        h3 { "MS-R4 Retail shops" }
        (f.mapping("retail_shops", "MS-R4 retail shop", ("MoySklad legal entity", "CRM shop"),
            (&p.get(List::MsOrganizations), &p.get(List::CrmSites)), &r.shops))
        h3 { "MS-R3 Payments of a sale" }
        (payment("cash_payment_type", "Cash", r.cash_type(), &types))
        (payment("card_payment_type", "Card", r.card_type(), &types))
        (payment("qr_payment_type", "QR", r.qr_type(), &types))
        (payment("paid_status", "Status of a conducted sale", r.paid(), &statuses))
        (payment("unpaid_status", "Status of a sale not conducted", r.unpaid(), &statuses))
        h3 { "MS-R4 Standard fields (MoySklad retail sale attribute ids)" }
        @for (name, label, stored) in standard_fields(r) {
            (f.text(name, label, stored.as_deref().unwrap_or_default(), &["MS-R4", name]))
        }
        h3 { "MS-R4 Retail custom fields" }
        (rows::table(f, "retail_fields", ("MS-R4", &rows::first_quoted), &RETAIL_COLUMNS, &retail_rows(r)))
    }
}

const RETAIL_COLUMNS: [Column<'static>; 2] = [
    Column {
        key: "ms",
        head: "MoySklad attribute id",
        choice: None,
    },
    Column {
        key: "crm",
        head: "CRM custom field code",
        choice: None,
    },
];

fn retail_rows(r: &RetailOptions) -> Vec<Vec<String>> {
    r.custom_fields
        .iter()
        .map(|(a, c)| vec![a.clone(), c.clone()])
        .collect()
}

/// MS-R4's standard fields: form name, label, the stored attribute id.
fn standard_fields(r: &RetailOptions) -> [(&'static str, &'static str, &Option<String>); 4] {
    [
        (
            "customer_comment_attribute",
            "Customer comment",
            &r.customer_comment_attribute,
        ),
        (
            "delivery_date_attribute",
            "Delivery date",
            &r.delivery_date_attribute,
        ),
        (
            "delivery_time_attribute",
            "Delivery time",
            &r.delivery_time_attribute,
        ),
        (
            "delivery_method_attribute",
            "Delivery method",
            &r.delivery_method_attribute,
        ),
    ]
}

pub(super) fn read(tab: Tab, posted: &Posted, s: &mut MoySkladSync) -> Vec<String> {
    let on = |name: &str| value(posted, name).is_some();
    match tab {
        Tab::Shops => {
            s.shops = read_map(posted, "shops");
            s.channels = read_map(posted, "channels");
        }
        Tab::Warehouses => s.stores = read_map(posted, "stores"),
        Tab::Statuses => s.statuses = read_map(posted, "statuses"),
        Tab::ExportStatuses => s.export_statuses = read_list(posted, "export_statuses"),
        Tab::ShipmentStatuses => {
            s.shipment_statuses = read_list(posted, "shipment_statuses");
            s.shipment_cancel_statuses = read_list(posted, "shipment_cancel_statuses");
            s.copy_custom_fields_to_shipment = on("copy_custom_fields_to_shipment");
        }
        Tab::PaymentTypes => {
            s.payment_documents = read_map(posted, "payment_documents");
            s.copy_custom_fields_to_payments = on("copy_custom_fields_to_payments");
        }
        Tab::PaymentStatuses => {
            s.payment_conduct_statuses = read_list(posted, "payment_conduct_statuses");
        }
        Tab::CustomFields => {
            let rows: usize = value(posted, "rows")
                .and_then(|r| r.parse().ok())
                .unwrap_or(0);
            s.custom_fields = (0..rows.min(200))
                .map(|n| {
                    let get = |k: &str| {
                        value(posted, &format!("cf{n}.{k}"))
                            .unwrap_or_default()
                            .trim()
                            .to_owned()
                    };
                    FieldMapping {
                        crm: get("crm"),
                        moysklad: get("ms"),
                    }
                })
                .filter(|m| !(m.crm.is_empty() && m.moysklad.is_empty()))
                .collect();
        }
        _ => {
            let r = &mut s.retail;
            r.enabled = on("enabled");
            r.increase_quantity = on("increase_quantity");
            r.decrease_quantity = on("decrease_quantity");
            r.add_new_goods = on("add_new_goods");
            r.remove_missing_goods = on("remove_missing_goods");
            r.shops = read_map(posted, "retail_shops");
            let some = |name: &str| {
                value(posted, name)
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned)
            };
            r.cash_payment_type = some("cash_payment_type");
            r.card_payment_type = some("card_payment_type");
            r.qr_payment_type = some("qr_payment_type");
            r.paid_status = some("paid_status");
            r.unpaid_status = some("unpaid_status");
            r.customer_comment_attribute = some("customer_comment_attribute");
            r.delivery_date_attribute = some("delivery_date_attribute");
            r.delivery_time_attribute = some("delivery_time_attribute");
            r.delivery_method_attribute = some("delivery_method_attribute");
            r.custom_fields = rows::read(posted, "retail_fields", &["ms", "crm"])
                .into_iter()
                .map(|row| (row[0].clone(), row[1].clone()))
                .collect();
        }
    }
    Vec::new()
}
