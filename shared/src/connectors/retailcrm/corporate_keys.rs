//! `GET /customers-corporate` one page at a time with what identifies a
//! corporate customer to MoySklad: the MoySklad id the `crm_moysklad` flows
//! show on it (MS-B10, custom field `moysklad_id`), its companies' tax ids
//! (`companies[].contragent.INN`) and its contact persons' customer ids
//! (whose e-mails and phones are the private customers' own). The list's
//! records carry their companies and contacts, so one request a page. For
//! the onboarding backfill's MoySklad pass.

use super::client::RetailCrm;
use super::customer_pages::CUSTOMER_PAGE;
use super::wire::WireCorporate;
use crate::error::Result;
use serde::Deserialize;
use serde_json::Value;

/// The custom field the `crm_moysklad` flows write the MoySklad id into.
const MOYSKLAD_ID: &str = "moysklad_id";

/// A corporate customer's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrmCorporateKeys {
    pub id: i64,
    pub moysklad_id: Option<String>,
    /// Its companies' tax ids, as written.
    pub inns: Vec<String>,
    /// Its contact persons (private customers' ids).
    pub contact_ids: Vec<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Pages {
    total_page_count: u32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    customers_corporate: Vec<WireCorporate>,
    #[serde(default)]
    pagination: Option<Pages>,
}

fn keys(c: WireCorporate) -> Option<CrmCorporateKeys> {
    let text = |v: &Value| {
        let s = v.as_str()?.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    Some(CrmCorporateKeys {
        id: c.id?,
        moysklad_id: c
            .custom_fields
            .as_ref()
            .and_then(|f| f.get(MOYSKLAD_ID))
            .and_then(text),
        inns: c
            .companies
            .unwrap_or_default()
            .into_iter()
            .filter_map(|co| co.contragent?.inn)
            .filter(|i| !i.trim().is_empty())
            .collect(),
        contact_ids: c
            .customer_contacts
            .unwrap_or_default()
            .into_iter()
            .filter_map(|k| k.customer?.id)
            .collect(),
    })
}

impl RetailCrm {
    /// Page `page` (from 1) of the site's corporate customers with their
    /// keys, and how many pages there are.
    pub async fn corporate_keys_page(&self, page: u32) -> Result<(Vec<CrmCorporateKeys>, u32)> {
        let params = vec![
            ("filter[sites][]".into(), self.site().into()),
            ("limit".into(), CUSTOMER_PAGE.to_string()),
            ("page".into(), page.to_string()),
        ];
        let answer: Answer = self.get("customers-corporate", params).await?;
        let pages = answer.pagination.map_or(1, |p| p.total_page_count);
        let found = answer
            .customers_corporate
            .into_iter()
            .filter_map(keys)
            .collect();
        Ok((found, pages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_corporate_gives_its_ms_id_tax_ids_and_contacts() {
        let raw = r#"{"success":true,"customersCorporate":[
            {"id":7,"customFields":{"moysklad_id":" ms-1 "},
             "companies":[{"id":1,"name":"A","contragent":{"INN":"7701234567"}},{"id":2,"name":"B"}],
             "customerContacts":[{"id":3,"customer":{"id":42}}]},
            {"id":8,"customFields":[],"companies":[],"customerContacts":[]},
            {"nickName":"no id"}],
            "pagination":{"totalPageCount":3}}"#;
        let answer: Answer = serde_json::from_str(raw).unwrap();
        assert_eq!(answer.pagination.unwrap().total_page_count, 3);
        let found: Vec<_> = answer
            .customers_corporate
            .into_iter()
            .filter_map(keys)
            .collect();
        assert_eq!(
            found[0],
            CrmCorporateKeys {
                id: 7,
                moysklad_id: Some("ms-1".into()),
                inns: vec!["7701234567".into()],
                contact_ids: vec![42],
            }
        );
        assert_eq!((found.len(), found[1].moysklad_id.clone()), (2, None));
    }
}
