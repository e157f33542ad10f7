//! `GET /customers` one page at a time with what identifies a customer to
//! MoySklad: the MoySklad id the `crm_moysklad` flows show on it (MS-B10,
//! custom field `moysklad_id`), its tax id (`contragent.INN`), e-mail and
//! phones. For the onboarding backfill's MoySklad pass.

use super::client::RetailCrm;
use super::customer_pages::CUSTOMER_PAGE;
use super::wire::{WireContragent, WirePhone};
use crate::error::Result;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The custom field the `crm_moysklad` flows write the MoySklad id into.
const MOYSKLAD_ID: &str = "moysklad_id";

/// A CRM customer's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmCustomerKeys {
    pub id: i64,
    pub moysklad_id: Option<String>,
    pub inn: Option<String>,
    pub email: Option<String>,
    pub phones: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Wire {
    id: Option<i64>,
    email: Option<String>,
    phones: Vec<WirePhone>,
    contragent: Option<WireContragent>,
    #[serde(deserialize_with = "super::php::map")]
    custom_fields: BTreeMap<String, Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Pages {
    total_page_count: u32,
}

#[derive(Debug, Deserialize)]
struct Answer {
    customers: Vec<Wire>,
    #[serde(default)]
    pagination: Option<Pages>,
}

impl RetailCrm {
    /// Page `page` (from 1) of the site's customers with their keys, and
    /// how many pages there are.
    pub async fn customer_keys_page(&self, page: u32) -> Result<(Vec<CrmCustomerKeys>, u32)> {
        let params = vec![
            ("filter[sites][]".into(), self.site().into()),
            ("limit".into(), CUSTOMER_PAGE.to_string()),
            ("page".into(), page.to_string()),
        ];
        let answer: Answer = self.get("customers", params).await?;
        let pages = answer.pagination.map_or(1, |p| p.total_page_count);
        let keys = answer
            .customers
            .into_iter()
            .filter_map(|c| {
                let text = |v: &Value| {
                    let s = v.as_str()?.trim();
                    (!s.is_empty()).then(|| s.to_owned())
                };
                Some(CrmCustomerKeys {
                    id: c.id?,
                    moysklad_id: c.custom_fields.get(MOYSKLAD_ID).and_then(text),
                    inn: c
                        .contragent
                        .and_then(|k| k.inn)
                        .filter(|i| !i.trim().is_empty()),
                    email: c.email,
                    phones: c.phones.into_iter().filter_map(|p| p.number).collect(),
                })
            })
            .collect();
        Ok((keys, pages))
    }
}
