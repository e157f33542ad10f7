//! The journal's filters (the API's query and the console's form): level,
//! flow, record id, a date range (UTC days) and a text search, over the
//! newest `limit` entries, then paged. The journal is small by design
//! (`journal.max_entries`, days of retention), so filtering happens here
//! rather than in the store.

use crate::hooks::ApiError;
use crate::store::{Day, JournalEntry, JournalLevel};
use serde::Deserialize;

/// Entries per page unless asked otherwise; at most `MAX_PER_PAGE`.
const PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 1000;

/// The query of `GET …/journal` and of the console's journal page. Empty
/// values are "no filter" (what an untouched form field sends).
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JournalQuery {
    /// How many of the newest entries to look at (default: the tenant's `journal.max_entries`).
    pub limit: Option<usize>,
    /// `info`, `warning` or `error`.
    pub level: Option<String>,
    /// The flow or scheduled job (exact).
    pub flow: Option<String>,
    /// The record's id at its source (exact).
    pub record: Option<String>,
    /// First day, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (UTC).
    pub to: Option<String>,
    /// Text in the message, the entity or the record id (any case).
    pub q: Option<String>,
    /// 1-based page.
    pub page: Option<usize>,
    pub per_page: Option<usize>,
}

/// A checked filter.
#[derive(Debug, Default)]
pub struct Filter {
    level: Option<JournalLevel>,
    flow: Option<String>,
    record: Option<String>,
    from: Option<Day>,
    to: Option<Day>,
    q: Option<String>,
}

/// One page of the filtered entries.
#[derive(Debug, serde::Serialize)]
pub struct Page {
    pub entries: Vec<JournalEntry>,
    /// Entries that pass the filter, on every page.
    pub total: usize,
    pub page: usize,
    pub pages: usize,
}

fn given(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl JournalQuery {
    /// The filter, or a 400 naming the bad parameter.
    pub fn filter(&self) -> Result<Filter, ApiError> {
        let day = |name: &str, value: &Option<String>| {
            given(value)
                .map(|raw| {
                    Day::parse(&raw).ok_or_else(|| {
                        ApiError::BadRequest(format!("{name}={raw:?} is not a YYYY-MM-DD date"))
                    })
                })
                .transpose()
        };
        let level = given(&self.level)
            .map(|raw| {
                JournalLevel::parse(&raw).ok_or_else(|| {
                    ApiError::BadRequest(format!(
                        "level={raw:?} is not one of info, warning, error"
                    ))
                })
            })
            .transpose()?;
        Ok(Filter {
            level,
            flow: given(&self.flow),
            record: given(&self.record),
            from: day("from", &self.from)?,
            to: day("to", &self.to)?,
            q: given(&self.q).map(|q| q.to_lowercase()),
        })
    }

    /// The requested page of `entries` (newest first) that pass `filter`.
    pub fn page(&self, entries: Vec<JournalEntry>, filter: &Filter) -> Page {
        let kept: Vec<_> = entries.into_iter().filter(|e| filter.keeps(e)).collect();
        let per_page = self
            .per_page
            .unwrap_or(PER_PAGE.max(kept.len()))
            .clamp(1, MAX_PER_PAGE);
        let total = kept.len();
        let pages = total.div_ceil(per_page).max(1);
        let page = self.page.unwrap_or(1).clamp(1, pages);
        let entries = kept
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .collect();
        Page {
            entries,
            total,
            page,
            pages,
        }
    }
}

impl Filter {
    fn keeps(&self, e: &JournalEntry) -> bool {
        let day = Day::of_ms(e.at_ms);
        self.level.is_none_or(|l| e.level == l)
            && self
                .flow
                .as_ref()
                .is_none_or(|f| e.flow.as_ref() == Some(f))
            && self.record.as_ref().is_none_or(|r| &e.external_id == r)
            && self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
            && self.q.as_ref().is_none_or(|q| {
                [&e.message, &e.entity, &e.external_id]
                    .iter()
                    .any(|field| field.to_lowercase().contains(q))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        at_ms: i64,
        level: JournalLevel,
        flow: &str,
        record: &str,
        message: &str,
    ) -> JournalEntry {
        JournalEntry {
            at_ms,
            entity: "order".into(),
            external_id: record.into(),
            message: message.into(),
            level,
            flow: Some(flow.into()),
        }
    }

    /// 2026-11-20 and 2026-11-22 (UTC noon).
    const DAY_20: i64 = 1_795_176_000_000;
    const DAY_22: i64 = DAY_20 + 2 * 86_400_000;

    fn journal() -> Vec<JournalEntry> {
        vec![
            entry(
                DAY_22,
                JournalLevel::Error,
                "opencart_crm",
                "5101",
                "not applied (dead letter): refused",
            ),
            entry(
                DAY_22,
                JournalLevel::Warning,
                "opencart_crm",
                "5102",
                "attempt 1 failed, retrying",
            ),
            entry(
                DAY_20,
                JournalLevel::Info,
                "crm_moysklad",
                "77",
                "Stock too low",
            ),
        ]
    }

    fn records(query: JournalQuery) -> Vec<String> {
        let filter = query.filter().unwrap();
        query
            .page(journal(), &filter)
            .entries
            .into_iter()
            .map(|e| e.external_id)
            .collect()
    }

    #[test]
    fn each_filter_narrows_and_empty_fields_do_not() {
        let q = |f: fn(&mut JournalQuery)| {
            let mut query = JournalQuery::default();
            f(&mut query);
            records(query)
        };
        assert_eq!(q(|_| {}), ["5101", "5102", "77"]);
        assert_eq!(q(|x| x.level = Some("error".into())), ["5101"]);
        assert_eq!(q(|x| x.flow = Some("crm_moysklad".into())), ["77"]);
        assert_eq!(q(|x| x.record = Some("5102".into())), ["5102"]);
        assert_eq!(q(|x| x.from = Some("2026-11-21".into())), ["5101", "5102"]);
        assert_eq!(q(|x| x.to = Some("2026-11-20".into())), ["77"]);
        assert_eq!(q(|x| x.q = Some("STOCK".into())), ["77"]);
        assert_eq!(
            q(|x| {
                x.level = Some(String::new());
                x.q = Some("  ".into())
            }),
            ["5101", "5102", "77"]
        );
    }

    #[test]
    fn pages_and_bad_values() {
        let query = JournalQuery {
            per_page: Some(2),
            page: Some(2),
            ..JournalQuery::default()
        };
        let page = query.page(journal(), &query.filter().unwrap());
        assert_eq!((page.total, page.page, page.pages), (3, 2, 2));
        assert_eq!(page.entries.len(), 1);
        let bad = JournalQuery {
            level: Some("fatal".into()),
            ..JournalQuery::default()
        };
        assert!(matches!(bad.filter(), Err(ApiError::BadRequest(_))));
        let bad = JournalQuery {
            from: Some("22.11.2026".into()),
            ..JournalQuery::default()
        };
        assert!(matches!(bad.filter(), Err(ApiError::BadRequest(_))));
    }
}
