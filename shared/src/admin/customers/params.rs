//! The list's query string: which system, which group, what search, which
//! page. Unknown parameters are refused, as everywhere in the admin API.

use crate::customers::filter::{CustomerFilter, GroupChoice, Search};
use crate::customers::source::LISTED_SYSTEMS;
use crate::hooks::ApiError;
use crate::model::System;
use serde::Deserialize;

/// The default and the largest page.
pub const PER_PAGE: u32 = 50;
pub const PER_PAGE_MAX: u32 = 200;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListParams {
    #[serde(default)]
    pub system: Option<String>,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub no_group: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub per_page: Option<u32>,
    /// Exports only.
    #[serde(default)]
    pub format: Option<String>,
}

impl ListParams {
    /// The system whose customers are listed (OpenCart by default).
    pub fn system(&self) -> Result<System, ApiError> {
        listed_system(self.system.as_deref())
    }

    pub fn filter(&self) -> Result<CustomerFilter, ApiError> {
        let no_group = match self.no_group.as_deref() {
            None | Some("" | "0" | "false") => false,
            Some("1" | "true") => true,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "no_group={other:?}: expected 1 or 0"
                )));
            }
        };
        let group = match (self.group.as_deref().map(str::trim), no_group) {
            (Some(g), true) if !g.is_empty() => {
                return Err(ApiError::BadRequest(
                    "give either group or no_group=1, not both".into(),
                ));
            }
            (_, true) => GroupChoice::NoGroup,
            (None | Some(""), false) => GroupChoice::All,
            (Some(g), false) => GroupChoice::Group(g.to_owned()),
        };
        let search = self.q.as_deref().and_then(Search::parse);
        if let Some(Search::Text(text)) = &search
            && text.chars().count() > 96
        {
            return Err(ApiError::BadRequest("q: at most 96 characters".into()));
        }
        Ok(CustomerFilter { group, search })
    }

    pub fn page(&self) -> Result<(u32, u32), ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(PER_PAGE);
        if page == 0 || !(1..=PER_PAGE_MAX).contains(&per_page) {
            return Err(ApiError::BadRequest(format!(
                "page starts at 1; per_page is 1 to {PER_PAGE_MAX}"
            )));
        }
        Ok((page, per_page))
    }
}

/// Just `system`: for the groups and the routes of one customer (CM-2),
/// any listed system; for transactions (CM-3), OpenCart.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SystemParam {
    #[serde(default)]
    pub system: Option<String>,
}

impl SystemParam {
    pub fn listed(&self) -> Result<System, ApiError> {
        listed_system(self.system.as_deref())
    }

    pub fn system(&self) -> Result<System, ApiError> {
        system(self.system.as_deref())
    }
}

/// A system whose customers are listed and exported (`customers::source`).
fn listed_system(raw: Option<&str>) -> Result<System, ApiError> {
    let raw = raw.unwrap_or("opencart");
    LISTED_SYSTEMS
        .into_iter()
        .find(|s| s.as_str() == raw)
        .ok_or_else(|| {
            ApiError::BadRequest(format!(
                "system={raw:?}: customers are listed for opencart, retailcrm and woocommerce"
            ))
        })
}

/// The system whose customers have transactions: OpenCart.
fn system(raw: Option<&str>) -> Result<System, ApiError> {
    match raw.unwrap_or("opencart") {
        "opencart" => Ok(System::OpenCart),
        other => Err(ApiError::BadRequest(format!(
            "system={other:?}: customer transactions are OpenCart's"
        ))),
    }
}
