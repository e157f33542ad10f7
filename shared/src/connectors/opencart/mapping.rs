//! OpenCart order → canonical order.

use super::{HookBody, OcOrder};
use crate::model::{Address, Company, Order, OrderBuyer, OrderLine, Person};

/// The canonical order of a hook body. A billing company makes it a corporate
/// order (the seed: "changing a corporate customer in an OpenCart order
/// occurs in the Billing address column").
pub fn to_order(body: &HookBody) -> Order {
    let o = &body.order;
    let person = Person {
        first_name: o.firstname.clone(),
        last_name: o.lastname.clone(),
        patronymic: None,
        email: o.email.clone(),
        phone: o.telephone.clone(),
    };
    let billing = billing_address(o);
    let buyer = match &o.payment_company {
        Some(name) => OrderBuyer::Corporate {
            company: Company {
                name: name.clone(),
                legal: Default::default(),
                address: billing.clone(),
            },
            contact: person,
        },
        None => OrderBuyer::Private { person },
    };
    let recipient = Person {
        first_name: o.shipping_firstname.clone(),
        last_name: o.shipping_lastname.clone(),
        ..Default::default()
    };
    Order {
        id: o.order_id.to_string(),
        number: Some(format!(
            "{}{}",
            o.invoice_prefix.as_deref().unwrap_or_default(),
            o.order_id
        )),
        status: o.order_status_id.to_string(),
        customer_id: (o.customer_id > 0).then(|| o.customer_id.to_string()),
        buyer,
        billing_address: billing,
        delivery_address: shipping_address(o),
        recipient: (recipient != Person::default()).then_some(recipient),
        lines: body
            .products
            .iter()
            .map(|p| OrderLine {
                product_id: p.product_id.to_string(),
                sku: p.model.clone(),
                name: p
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("product {}", p.product_id)),
                quantity: p.quantity,
                price: p.price,
            })
            .collect(),
        total: Some(o.total),
        currency: o.currency_code.clone(),
        comment: o.comment.clone(),
        modified_at: o.date_modified.clone(),
    }
}

fn billing_address(o: &OcOrder) -> Option<Address> {
    non_empty(Address {
        country_iso: o.payment_iso_code_2.clone(),
        region: o.payment_zone.clone(),
        city: o.payment_city.clone(),
        postcode: o.payment_postcode.clone(),
        line1: o.payment_address_1.clone(),
        line2: o.payment_address_2.clone(),
        notes: None,
    })
}

fn shipping_address(o: &OcOrder) -> Option<Address> {
    non_empty(Address {
        country_iso: o.shipping_iso_code_2.clone(),
        region: o.shipping_zone.clone(),
        city: o.shipping_city.clone(),
        postcode: o.shipping_postcode.clone(),
        line1: o.shipping_address_1.clone(),
        line2: o.shipping_address_2.clone(),
        notes: None,
    })
}

fn non_empty(a: Address) -> Option<Address> {
    (!a.is_empty()).then_some(a)
}
