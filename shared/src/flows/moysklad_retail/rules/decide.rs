//! MS-R1: a sale made from a linked CRM order updates it (lines per MS-R2,
//! the buyer per MS-C5, fields per MS-R4); any other sale becomes a new CRM
//! order with all its lines, in the shop mapped to the sale's legal entity.

use super::input::{Sale, SaleLine, SalePayment};
use super::lines::{new_order_items, reconcile};
use super::payments::desired_payments;
use crate::connectors::retailcrm::{
    CrmBuyer, CrmPayment, CrmRetailOrder, NewRetailOrder, OrderFields, RetailOrderPatch,
};
use crate::settings::RetailOptions;

/// Everything the decision looks at.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub options: &'a RetailOptions,
    pub sale: &'a Sale,
    /// The CRM order the sale was made from (its customer order is linked to it).
    pub order: Option<&'a CrmRetailOrder>,
    /// Lines and payments of every sale of that order seen so far, this one included.
    pub order_sales_lines: &'a [SaleLine],
    pub order_sales_payments: &'a [SalePayment],
    /// The buyer, resolved (MS-C3): existing or just created.
    pub buyer: &'a CrmBuyer,
    /// MS-R4 fields of this sale.
    pub fields: &'a OrderFields,
}

/// Create the order, or patch the linked one.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderStep {
    Create(NewRetailOrder),
    Update {
        crm_id: i64,
        patch: RetailOrderPatch,
    },
}

/// The decision for one sale.
// One per event, moved not copied: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Apply(Plan),
    /// Nothing can be done, and why (journalled).
    Skip(String),
}

/// The order step and the payments the order must end up with (MS-R3).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub order: OrderStep,
    pub payments: Vec<CrmPayment>,
}

/// Applies MS-R1 with MS-R2, MS-R3, MS-R4 and MS-C5.
pub fn decide(input: Input<'_>) -> Decision {
    let options = input.options;
    let sale = input.sale;
    if let Some(order) = input.order {
        let patch = RetailOrderPatch {
            items: reconcile(options, &order.items, input.order_sales_lines),
            // MS-C5: a sale on another buyer changes the order's customer.
            buyer: (order.buyer.as_ref() != Some(input.buyer)).then(|| input.buyer.clone()),
            fields: input.fields.clone(),
        };
        return Decision::Apply(Plan {
            order: OrderStep::Update {
                crm_id: order.id,
                patch,
            },
            payments: desired_payments(options, input.order_sales_payments),
        });
    }
    let organization = sale.organization_id.as_deref().unwrap_or_default();
    let Some(site) = options.shops.get(organization) else {
        return Decision::Skip(format!(
            "MS-R4: no retail shop is mapped to the legal entity {organization:?}; \
             the sale {} was not created in the CRM",
            sale.id
        ));
    };
    Decision::Apply(Plan {
        order: OrderStep::Create(NewRetailOrder {
            external_id: sale.id.clone(),
            site: site.clone(),
            buyer: input.buyer.clone(),
            items: new_order_items(&sale.lines),
            fields: input.fields.clone(),
        }),
        payments: desired_payments(options, &sale.payments),
    })
}
