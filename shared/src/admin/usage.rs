//! `GET /admin/tenants/{tenant}/usage?from=YYYY-MM-DD&to=YYYY-MM-DD`: the
//! tenant's metered operations (`store::usage`) per day and flow, with the
//! totals per day, per flow and overall. JSON by default; CSV (one row per
//! day and flow) with `Accept: text/csv` or `?format=csv`.
//!
//! Without `to` the range ends today (UTC); without `from` it starts 29
//! days before `to` (30 days in all). At most `MAX_DAYS` days per request.

use super::{AdminState, existing_tenant};
use crate::hooks::ApiError;
use crate::store::{Day, UsageRow};
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderMap, header};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest range one request may ask for (a year and a day).
const MAX_DAYS: i64 = 366;

pub(super) fn routes() -> Router<AdminState> {
    Router::new().route("/admin/tenants/{tenant}/usage", get(usage))
}

#[derive(Debug, Deserialize)]
struct UsageQuery {
    from: Option<String>,
    to: Option<String>,
    format: Option<String>,
}

/// The JSON answer.
#[derive(Debug, Serialize)]
struct Usage {
    tenant: String,
    from: Day,
    to: Day,
    /// One row per day and flow that had operations, by day then flow.
    rows: Vec<UsageRow>,
    /// Operations per day (days without any are left out).
    per_day: BTreeMap<Day, u64>,
    per_flow: BTreeMap<String, u64>,
    total: u64,
}

async fn usage(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    Query(query): Query<UsageQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let csv = wants_csv(query.format.as_deref(), &headers)?;
    let (from, to) = range(query.from.as_deref(), query.to.as_deref())?;
    let tenant = existing_tenant(&app, &tenant).await?.id;
    let rows = app.store.usage.usage(&tenant, from, to).await?;
    if csv {
        return as_csv(&rows);
    }
    let mut per_day = BTreeMap::new();
    let mut per_flow = BTreeMap::new();
    for row in &rows {
        *per_day.entry(row.day).or_default() += row.operations;
        *per_flow.entry(row.flow.clone()).or_default() += row.operations;
    }
    let total = rows.iter().map(|r| r.operations).sum();
    let answer = Usage {
        tenant: tenant.to_string(),
        from,
        to,
        rows,
        per_day,
        per_flow,
        total,
    };
    Ok(axum::Json(answer).into_response())
}

/// `?format=` wins over `Accept`; an unknown format is refused.
fn wants_csv(format: Option<&str>, headers: &HeaderMap) -> Result<bool, ApiError> {
    match format {
        Some("csv") => Ok(true),
        Some("json") => Ok(false),
        Some(other) => Err(ApiError::BadRequest(format!(
            "format {other:?} is neither \"json\" nor \"csv\""
        ))),
        None => Ok(headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/csv"))),
    }
}

fn range(from: Option<&str>, to: Option<&str>) -> Result<(Day, Day), ApiError> {
    let parse = |name: &str, raw: &str| {
        Day::parse(raw)
            .ok_or_else(|| ApiError::BadRequest(format!("{name}={raw:?} is not a YYYY-MM-DD date")))
    };
    let to = match to {
        Some(raw) => parse("to", raw)?,
        None => Day::today(),
    };
    let from = match from {
        Some(raw) => parse("from", raw)?,
        None => to.minus_days(29),
    };
    if from > to {
        return Err(ApiError::BadRequest(format!(
            "from {from} is after to {to}"
        )));
    }
    if from.days_until(to) > MAX_DAYS {
        return Err(ApiError::BadRequest(format!(
            "at most {MAX_DAYS} days per request"
        )));
    }
    Ok((from, to))
}

fn as_csv(rows: &[UsageRow]) -> Result<Response, ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = (|| {
        out.write_record(["day", "flow", "operations"])?;
        for row in rows {
            out.write_record([
                row.day.to_string(),
                row.flow.clone(),
                row.operations.to_string(),
            ])?;
        }
        out.into_inner().map_err(|e| e.into_error().into())
    })();
    let body: Vec<u8> = written
        .map_err(|e: csv::Error| ApiError::Unavailable(crate::Error::Storage(e.to_string())))?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], body).into_response())
}
