//! What the CRM → OpenCart flow reads of a CRM order (OC-R1..OC-R5): who
//! it belongs to, the person on it, and its company. One `GET
//! /orders/{id}?by=id`, which carries the customer and the contact person
//! as records, so no further read is needed.

use super::client::RetailCrm;
use super::errors::none_if_not_found;
use super::types::CrmBuyer;
use super::wire::{WireCompany, WireContragent, WirePhone};
use crate::error::Result;
use crate::model::Person;
use serde::Deserialize;

/// A CRM order's buyer side.
#[derive(Debug, Clone, PartialEq)]
pub struct CrmOrderBuyer {
    pub id: i64,
    pub external_id: Option<String>,
    pub buyer: Option<CrmBuyer>,
    /// The order's own contact data (`firstName`, `lastName`, `email`,
    /// `phone`), which the CRM fills from the customer or contact person a
    /// manager picks.
    pub person: Person,
    /// The private customer's or the contact person's own record, as far as
    /// the answer carries it.
    pub party: Person,
    /// The name of the company chosen on the order (`company.name`).
    pub company_name: Option<String>,
    /// The legal name in the order's legal details (`contragent.legalName`),
    /// else in the company's.
    pub legal_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireParty {
    id: Option<i64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    patronymic: Option<String>,
    email: Option<String>,
    phones: Option<Vec<WirePhone>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireOrderBuyer {
    id: Option<i64>,
    external_id: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    patronymic: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    customer: Option<WireParty>,
    contact: Option<WireParty>,
    company: Option<WireCompany>,
    contragent: Option<WireContragent>,
}

#[derive(Deserialize)]
struct Answer {
    order: WireOrderBuyer,
}

impl RetailCrm {
    /// `GET /orders/{id}?by=id`; `None` on 404.
    pub async fn order_buyer(&self, id: i64) -> Result<Option<CrmOrderBuyer>> {
        let query = vec![("by".into(), "id".into())];
        let answer = self.get::<Answer>(&format!("orders/{id}"), query).await;
        Ok(none_if_not_found(answer)?.map(|a| from_wire(a.order)))
    }
}

fn from_wire(w: WireOrderBuyer) -> CrmOrderBuyer {
    let customer = w.customer.unwrap_or_default();
    let corporate = customer.kind.as_deref() == Some("customer_corporate");
    let buyer = customer.id.map(|id| {
        if corporate {
            CrmBuyer::Corporate {
                corporate_id: id,
                contact_id: w.contact.as_ref().and_then(|c| c.id).unwrap_or_default(),
                company_id: w.company.as_ref().and_then(|c| c.id),
            }
        } else {
            CrmBuyer::Private { customer_id: id }
        }
    });
    let party = if corporate {
        w.contact.unwrap_or_default()
    } else {
        customer
    };
    let company = w.company.unwrap_or_default();
    let legal_name = w
        .contragent
        .and_then(|c| c.legal_name)
        .or_else(|| company.contragent.and_then(|c| c.legal_name));
    CrmOrderBuyer {
        id: w.id.unwrap_or_default(),
        external_id: w.external_id,
        buyer,
        person: Person {
            first_name: w.first_name,
            last_name: w.last_name,
            patronymic: w.patronymic,
            email: w.email,
            phone: w.phone,
        },
        party: Person {
            first_name: party.first_name,
            last_name: party.last_name,
            patronymic: party.patronymic,
            email: party.email,
            phone: party.phones.into_iter().flatten().find_map(|p| p.number),
        },
        company_name: company.name,
        legal_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corporate_order_names_its_contact_and_company() {
        let raw = serde_json::json!({"order": {"id": 5, "firstName": "Vera",
            "customer": {"id": 9, "type": "customer_corporate", "nickName": "Sirius"},
            "contact": {"id": 3, "type": "customer", "firstName": "Vera", "phones": [{"number": "+7 925"}]},
            "company": {"id": 11, "name": "Sirius LLC", "contragent": {"legalName": "OOO Sirius"}},
            "contragent": {"contragentType": "legal-entity"}, "customFields": [], "payments": []}});
        let order = from_wire(serde_json::from_value::<Answer>(raw).unwrap().order);
        assert_eq!(
            order.buyer,
            Some(CrmBuyer::Corporate {
                corporate_id: 9,
                contact_id: 3,
                company_id: Some(11)
            })
        );
        assert_eq!(order.party.phone.as_deref(), Some("+7 925"));
        assert_eq!(order.company_name.as_deref(), Some("Sirius LLC"));
        assert_eq!(order.legal_name.as_deref(), Some("OOO Sirius"));
        let private =
            serde_json::json!({"order": {"id": 6, "customer": {"id": 2, "type": "customer"}}});
        let order = from_wire(serde_json::from_value::<Answer>(private).unwrap().order);
        assert_eq!(order.buyer, Some(CrmBuyer::Private { customer_id: 2 }));
        assert_eq!(order.company_name, None);
    }
}
