//! Reads a retail sale from MoySklad and maps it to what the retail rules
//! take: lines by catalogue key, payments, attributes (dictionary codes read
//! only for the delivery method, the one place the code matters) and buyer.

use crate::connectors::moysklad::{
    Assortment, Counterparty, Kopecks, MoySklad, RetailDemand, RetailPosition, id_from_href,
    mapping::from_kopecks,
};
use crate::error::Result;
use crate::flows::moysklad_retail::rules::{
    AttrValue, PayChannel, Sale, SaleAttribute, SaleBuyer, SaleLine, SalePayment,
};
use crate::model::{Address, BankAccount, Company, LegalDetails, Person};
use crate::settings::RetailOptions;

/// A sale as read, with its rules view.
pub(super) struct ReadSale {
    pub doc: RetailDemand,
    pub sale: Sale,
}

/// Reads the sale at `href`; `None` when it is gone.
pub(super) async fn read(
    ms: &MoySklad,
    options: &RetailOptions,
    href: &str,
) -> Result<Option<ReadSale>> {
    let Some(doc) = ms.retail_demand_get(href).await? else {
        return Ok(None);
    };
    let id = doc
        .id
        .clone()
        .unwrap_or_else(|| id_from_href(href).to_owned());
    let positions = ms.retail_demand_positions(&id).await?;
    let mut lines = Vec::with_capacity(positions.len());
    for p in &positions {
        lines.push(line(ms, p).await?);
    }
    let mut attributes = Vec::new();
    for a in &doc.attributes {
        let href = a.value["meta"]["href"].as_str();
        let value = match href {
            Some(href) => {
                let name = a.value["name"].as_str().unwrap_or_default().to_owned();
                let wanted = options.delivery_method_attribute.as_deref() == Some(a.id.as_str());
                let code = match wanted {
                    true => ms.dictionary_element(href).await?.and_then(|e| e.code),
                    false => None,
                };
                AttrValue::Dictionary { name, code }
            }
            None => AttrValue::Scalar(a.value.clone()),
        };
        attributes.push(SaleAttribute {
            id: a.id.clone(),
            value,
        });
    }
    let ref_id = |meta: Option<&crate::connectors::moysklad::Meta>, id: &Option<String>| {
        id.clone().or_else(|| meta.map(|m| m.id().to_owned()))
    };
    let sale = Sale {
        id,
        organization_id: doc
            .organization
            .as_ref()
            .and_then(|o| ref_id(o.meta.as_ref(), &o.id)),
        customer_order_id: doc
            .customer_order
            .as_ref()
            .and_then(|o| ref_id(o.meta.as_ref(), &o.id)),
        lines,
        payments: payments(&doc),
        attributes,
    };
    Ok(Some(ReadSale { doc, sale }))
}

/// Cash, card and QR sums (prepayments were paid on the order before the sale).
pub(super) fn payments(doc: &RetailDemand) -> Vec<SalePayment> {
    let conducted = doc.applicable.unwrap_or(true);
    [
        (PayChannel::Cash, doc.cash_sum),
        (PayChannel::Card, doc.no_cash_sum),
        (PayChannel::Qr, doc.qr_sum),
    ]
    .into_iter()
    .filter_map(|(channel, sum)| {
        let amount = from_kopecks(sum.unwrap_or_default());
        (amount > 0.0).then_some(SalePayment {
            channel,
            amount,
            conducted,
        })
    })
    .collect()
}

/// A position as a line: a variant's key is `product#variant` (MS-B9).
pub(super) async fn line(ms: &MoySklad, p: &RetailPosition) -> Result<SaleLine> {
    let good = p.assortment.clone().unwrap_or_default();
    let code = good.external_code.clone().unwrap_or_default();
    let is_variant = good.meta.as_ref().and_then(|m| m.kind.as_deref()) == Some("variant");
    let xml_id = match (&good.product, is_variant) {
        (Some(product), true) => {
            let parent: Option<Assortment> = ms.get_opt(&product.meta.href, &[]).await?;
            let parent_code = parent.and_then(|a| a.external_code).unwrap_or_default();
            format!("{parent_code}#{code}")
        }
        _ => code,
    };
    let unit = from_kopecks(Kopecks(p.price.0)) * (1.0 - p.discount / 100.0);
    Ok(SaleLine {
        xml_id,
        name: good.name.unwrap_or_default(),
        quantity: p.quantity,
        price: (unit * 100.0).round() / 100.0,
    })
}

/// The counterparty as a buyer: `legal` is a corporate customer, the rest persons.
pub(super) async fn buyer(ms: &MoySklad, agent: &Counterparty) -> Result<SaleBuyer> {
    let person = Person {
        email: agent.email.clone(),
        phone: agent.phone.clone(),
        ..Person::default()
    };
    if agent.company_type.as_deref() != Some("legal") {
        let named = agent.legal_first_name.is_some() || agent.legal_last_name.is_some();
        return Ok(SaleBuyer::Private {
            person: Person {
                first_name: if named {
                    agent.legal_first_name.clone()
                } else {
                    agent.name.clone()
                },
                last_name: agent.legal_last_name.clone(),
                patronymic: agent.legal_middle_name.clone(),
                ..person
            },
        });
    }
    let id = agent.id.clone().unwrap_or_default();
    let bank = ms
        .bank_accounts(&id)
        .await?
        .into_iter()
        .next()
        .map(|a| BankAccount {
            bank_name: a.bank_name,
            bik: a.bic,
            account: a.account_number,
            corr_account: a.correspondent_account,
        });
    let contacts = ms
        .contact_persons(&id)
        .await?
        .into_iter()
        .map(|c| Person {
            first_name: c.name,
            email: c.email,
            phone: c.phone,
            ..Person::default()
        })
        .collect();
    let company = Company {
        name: agent.name.clone().unwrap_or_default(),
        legal: LegalDetails {
            legal_name: agent.legal_title.clone(),
            tax_id: agent.inn.clone(),
            kpp: agent.kpp.clone(),
            ogrn: agent.ogrn.clone(),
            legal_address: agent.legal_address.clone(),
            bank,
        },
        address: agent.actual_address.clone().map(|line| Address {
            line1: Some(line),
            ..Address::default()
        }),
    };
    Ok(SaleBuyer::Corporate {
        company,
        person,
        contacts,
    })
}
