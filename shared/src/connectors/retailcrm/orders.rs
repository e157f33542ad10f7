//! Orders: `/orders/{x}`, `/orders/create`, `/orders/{x}/edit`.

use super::client::{RetailCrm, by_params, segment};
use super::customers::vanished;
use super::errors::none_if_not_found;
use super::mapping::{address_from_wire, address_to_wire, line_from_wire, line_to_wire};
use super::types::{By, CrmBuyer, CrmOrder, NewOrder};
use super::wire::*;
use crate::error::Result;
use crate::model::Person;

impl RetailCrm {
    /// `GET /orders/{id}?by=`; `None` on 404.
    pub async fn order_get(&self, by: By, id: &str) -> Result<Option<CrmOrder>> {
        let answer = self
            .get::<OrderAnswer>(&format!("orders/{}", segment(id)), by_params(self, by))
            .await;
        Ok(none_if_not_found(answer)?.map(|a| order_from_wire(a.order)))
    }

    /// `POST /orders/create`; returns the CRM id. Same externalId twice: returns the existing id.
    pub async fn order_create(&self, order: &NewOrder) -> Result<i64> {
        let form = vec![
            ("site".into(), self.site().into()),
            ("order".into(), to_field(&order_to_wire(order))),
        ];
        match self.post::<IdAnswer>("orders/create", form).await {
            Ok(a) => Ok(a.id),
            Err(f) if f.is_duplicate_external_id() => {
                match self.order_get(By::ExternalId, &order.external_id).await? {
                    Some(existing) => Ok(existing.id),
                    None => Err(f.into()),
                }
            }
            Err(f) => Err(f.into()),
        }
    }

    /// `POST /orders/{externalId}/edit?by=externalId`: writes buyer, person, addresses,
    /// status (when set) and lines (when any: none leaves the CRM's items as they are).
    pub async fn order_edit(&self, order: &NewOrder) -> Result<()> {
        let mut form = by_params(self, By::ExternalId);
        form.push(("order".into(), to_field(&order_to_wire(order))));
        let path = format!("orders/{}/edit", segment(&order.external_id));
        match none_if_not_found(self.post::<IdAnswer>(&path, form).await)? {
            Some(_) => Ok(()),
            None => Err(vanished("order", &order.external_id)),
        }
    }
}

/// A new order or an edit. The CRM order has no billing address of its own:
/// for a corporate buyer it goes to the order's legal details
/// (`contragent.legalAddress`); the worker also writes it to the corporate
/// card (OC-F3). For a private buyer it is not sent.
fn order_to_wire(o: &NewOrder) -> WireOrder {
    let id_ref = |id: i64| {
        Some(WireRef {
            id: Some(id),
            ..WireRef::default()
        })
    };
    let (customer, contact, company, contragent) = match &o.buyer {
        CrmBuyer::Private { customer_id } => {
            let c = WireContragent {
                contragent_type: Some("individual".into()),
                ..WireContragent::default()
            };
            (id_ref(*customer_id), None, None, c)
        }
        CrmBuyer::Corporate {
            corporate_id,
            contact_id,
            company_id,
        } => {
            let c = WireContragent {
                contragent_type: Some("legal-entity".into()),
                legal_address: o
                    .billing_address
                    .as_ref()
                    .map(|a| a.text())
                    .filter(|t| !t.is_empty()),
                ..WireContragent::default()
            };
            (
                id_ref(*corporate_id),
                id_ref(*contact_id),
                company_id.and_then(id_ref),
                c,
            )
        }
    };
    let p = &o.person;
    WireOrder {
        external_id: Some(o.external_id.clone()),
        number: o.number.clone(),
        status: o.status.clone(),
        first_name: p.first_name.clone(),
        last_name: p.last_name.clone(),
        patronymic: p.patronymic.clone(),
        phone: p.phone.clone(),
        email: p.email.clone(),
        customer,
        contact,
        company,
        contragent: Some(contragent),
        delivery: o.delivery_address.as_ref().map(|a| WireDelivery {
            address: Some(address_to_wire(a)),
        }),
        // No lines: leave the CRM's items alone. An `items: []` tells the
        // CRM to remove every item, and an edit of the buyer (which carries
        // no lines) emptied orders (found by the chaos soak, issue 18).
        items: (!o.lines.is_empty()).then(|| o.lines.iter().map(line_to_wire).collect()),
        customer_comment: o.comment.clone(),
        ..WireOrder::default()
    }
}

fn order_from_wire(w: WireOrder) -> CrmOrder {
    let buyer = w.customer.as_ref().and_then(|c| {
        let id = c.id?;
        // `type` tells the two apart (the OpenCart module reads it the same way).
        if c.kind.as_deref() == Some("customer_corporate") {
            let contact_id = w.contact.as_ref().and_then(|r| r.id).unwrap_or_default();
            let company_id = w.company.as_ref().and_then(|r| r.id);
            Some(CrmBuyer::Corporate {
                corporate_id: id,
                contact_id,
                company_id,
            })
        } else {
            Some(CrmBuyer::Private { customer_id: id })
        }
    });
    CrmOrder {
        id: w.id.unwrap_or_default(),
        external_id: w.external_id,
        number: w.number,
        status: w.status,
        buyer,
        person: Person {
            first_name: w.first_name,
            last_name: w.last_name,
            patronymic: w.patronymic,
            email: w.email,
            phone: w.phone,
        },
        delivery_address: w
            .delivery
            .and_then(|d| d.address)
            .map(|a| address_from_wire(&a)),
        lines: w.items.iter().flatten().map(line_from_wire).collect(),
    }
}
