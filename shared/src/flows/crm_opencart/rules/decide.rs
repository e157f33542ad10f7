//! What to write to the OpenCart order for a CRM order (OC-R1..OC-R5): only
//! what differs from what OpenCart already shows. A CRM change that came
//! from OpenCart (the forward flow's write) therefore writes nothing.
//!
//! Choices where the seed is silent (RULES.md asks for them here):
//! - The person shown is the CRM order's own contact data, which the CRM
//!   fills from the customer or contact person a manager picks.
//! - Another person on the order (the CRM's person is not the one the
//!   OpenCart order is linked to) sets `customer_id` to that person's
//!   OpenCart account, or 0 (a guest order) when there is none: no account
//!   is ever created (OC-R3). Fields the new person lacks are emptied, not
//!   left with the previous person's values; for the same person an empty
//!   CRM field never erases the shop's.
//! - The delivery name follows a change of the customer's name (OC-R2,
//!   OC-R5); OpenCart orders have no delivery phone (the Customer
//!   section's `telephone` is the one the order shows for delivery).
//! - OC-R4 writes the billing company and the contact person's name; the
//!   billing street address stays (the CRM order has none of its own).
//! - A corporate order without a company name (OC-R1) leaves the billing
//!   section as it is and the journal says why; its person still follows.
//! - Another *private* person on an order whose billing address carries a
//!   company empties that company (with corporate customers on, the
//!   company is what makes an OpenCart order corporate); the same person
//!   never does, so a forward change still on its way is never undone.

use super::fit::{Compare, differs, fit, same_company, storable_email};
use super::view::{Account, Input, buyer_changed, person};
use crate::connectors::opencart::api::{AddressFields, CustomerSection, OrderChanges};
use crate::connectors::retailcrm::CrmBuyer;

/// The changes to write (empty: OpenCart already shows the CRM's buyer) and
/// what the merchant should know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    pub changes: OrderChanges,
    pub notes: Vec<String>,
}

/// OC-R1..OC-R5. `account`: the OpenCart account of the CRM's person, looked
/// up only when `buyer_changed`.
pub fn decide(input: &Input<'_>, account: Option<Account>) -> Decision {
    let (order, crm) = (input.order, input.crm);
    let changed = buyer_changed(input);
    let who = person(crm);
    let mut notes = Vec::new();
    let mut customer = CustomerSection::default();
    let set = |target: &mut Option<String>, crm: Option<String>, shop: &Option<String>, how| {
        if (crm.is_some() || changed) && differs(crm.as_deref(), shop.as_deref(), how) {
            *target = Some(crm.unwrap_or_default());
        }
    };
    let first = fit(who.first_name.as_deref(), 32);
    let last = fit(who.last_name.as_deref(), 32);
    set(
        &mut customer.firstname,
        first.clone(),
        &order.firstname,
        Compare::Exact,
    );
    set(
        &mut customer.lastname,
        last.clone(),
        &order.lastname,
        Compare::Exact,
    );
    let phone = fit(who.phone.as_deref(), 32);
    set(
        &mut customer.telephone,
        phone,
        &order.telephone,
        Compare::Phone,
    );
    let email = who
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    match email {
        Some(e) if !storable_email(e) => {
            notes.push(format!(
                "the CRM's e-mail {e:?} is not one OpenCart stores; the order's is kept"
            ));
        }
        _ => set(
            &mut customer.email,
            email.map(str::to_owned),
            &order.email,
            Compare::IgnoreCase,
        ),
    }
    if changed {
        let id = account.map_or(0, |a| a.customer_id);
        if id != order.customer_id {
            customer.customer_id = Some(id);
        }
        if let Some(a) = account.filter(|a| a.customer_group_id >= 1)
            && a.customer_group_id != order.customer_group_id
        {
            customer.customer_group_id = Some(a.customer_group_id);
        }
    }
    let mut shipping = AddressFields::default();
    if customer.firstname.is_some() || customer.lastname.is_some() {
        shipping.firstname = names(&first, &order.shipping_firstname);
        shipping.lastname = names(&last, &order.shipping_lastname);
    }
    let mut payment = AddressFields::default();
    match &crm.buyer {
        Some(CrmBuyer::Corporate { .. }) => match company_name(input) {
            Some(name) if !same_company(Some(&name), order.payment_company.as_deref()) => {
                payment.company = Some(name);
                payment.firstname = names(&first, &order.payment_firstname);
                payment.lastname = names(&last, &order.payment_lastname);
            }
            Some(_) => {}
            None => notes.push(
                "OC-R1: the CRM order's corporate customer has no company name in its legal \
                 details, so OpenCart's billing section is left as it is"
                    .into(),
            ),
        },
        Some(CrmBuyer::Private { .. })
            if changed && input.corporate_customers && order.payment_company.is_some() =>
        {
            payment.company = Some(String::new());
        }
        _ => {}
    }
    let section = |a: AddressFields| (!a.is_empty()).then_some(a);
    Decision {
        changes: OrderChanges {
            customer: (!customer.is_empty()).then_some(customer),
            payment_address: section(payment),
            shipping_address: section(shipping),
        },
        notes,
    }
}

/// OC-R1: the company name of the order's legal details: the chosen
/// company's name, else the legal name.
pub fn company_name(input: &Input<'_>) -> Option<String> {
    let crm = input.crm;
    fit(crm.company_name.as_deref(), 60).or_else(|| fit(crm.legal_name.as_deref(), 60))
}

/// A name to write where the shop shows another one.
fn names(crm: &Option<String>, shop: &Option<String>) -> Option<String> {
    differs(crm.as_deref(), shop.as_deref(), Compare::Exact)
        .then(|| crm.clone().unwrap_or_default())
}
