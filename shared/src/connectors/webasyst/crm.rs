//! The CRM's deal methods (`crm.funnel.list`, `crm.deal.*`).
//!
//! Read in the CRM's `api/v1`: the deal methods read a JSON body
//! (`readBodyAsJson`). `crm.deal.add` takes `name, stage_id, contact_id`
//! (required; 400 `required_parameter` with `error_fields`), `amount,
//! currency_id, description, expected_date, fields, user_contact_id`, and
//! nothing else: `external_id` is never read, so the CRM's own
//! `shop:<id>` link cannot be made from outside. `crm.deal.patch` (PATCH,
//! `?id=`, a list of `{field, value}`) accepts `name, description,
//! expected_date, amount, currency_id` and custom fields; any other field
//! is 400 `invalid_field` (`field_unacceptable`). `crm.deal.move` (`id,
//! stage_id, force`) and `crm.deal.close` (`id, status_id WON|LOST,
//! lost_id, lost_text, force`) answer 204, or 409 with `dialog_html` when
//! the CRM's own Shop-Script link must show a form first (an order action
//! that needs input; without `force` also a jump over stages).
//! `crm.deal.list` has no "changed since" filter; `sort=last_action`
//! orders by the last history entry, which every change writes.

use super::client::{Body, Replay, Webasyst};
use super::crm_wire::{Deal, Funnel, Page};
use super::errors::{ApiFailure, none_if_not_found};
use crate::error::Result;
use reqwest::Method;
use serde_json::{Value, json};

/// The largest page `crm.deal.list` serves.
pub const DEAL_PAGE: u32 = 500;

/// What became of a move or close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveOutcome {
    Moved,
    /// 409: the CRM wants a form filled in first (its own Shop-Script
    /// link); the deal did not move.
    NeedsForm {
        dialog_html: String,
        action_id: Option<String>,
    },
    /// No such deal (404).
    NoDeal,
}

/// A deal to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDeal {
    pub name: String,
    pub stage_id: i64,
    pub contact_id: i64,
    pub description: String,
    /// Amount and currency, when the CRM knows the currency.
    pub amount: Option<(f64, String)>,
}

/// Which deals `crm.deal.list` returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealQuery {
    pub contact_id: Option<i64>,
    /// `last_action` (newest first) or the API's default.
    pub by_last_action: bool,
    pub offset: u32,
    pub limit: u32,
}

/// A CRM's API. Cheap to clone.
#[derive(Clone)]
pub struct Crm {
    pub(super) api: Webasyst,
}

impl Crm {
    pub fn new(api: Webasyst) -> Self {
        Crm { api }
    }

    /// Every funnel with its stages.
    pub async fn funnels(&self) -> Result<Vec<Funnel>> {
        let answer = self
            .api
            .call(
                Method::GET,
                "crm.funnel.list",
                &[],
                Body::None,
                Replay::Safe,
            )
            .await?;
        Ok(self.api.parse(answer)?)
    }

    /// One page of deals (open and closed).
    pub async fn deals(&self, q: &DealQuery) -> Result<Page<Deal>> {
        let mut query = vec![
            ("limit", q.limit.clamp(1, DEAL_PAGE).to_string()),
            ("offset", q.offset.to_string()),
        ];
        if let Some(contact) = q.contact_id {
            query.push(("contact_id", contact.to_string()));
        }
        if q.by_last_action {
            query.push(("sort", "last_action".into()));
            query.push(("asc", "0".into()));
            query.push(("fields[]", "last_action".into()));
        }
        let answer = self
            .api
            .call(
                Method::GET,
                "crm.deal.list",
                &query,
                Body::None,
                Replay::Safe,
            )
            .await?;
        Ok(self.api.parse(answer)?)
    }

    /// `crm.deal.info`; `None` when there is no such deal.
    pub async fn deal(&self, id: i64) -> Result<Option<Deal>> {
        let query = [("id", id.to_string())];
        let answer = self
            .api
            .call(
                Method::GET,
                "crm.deal.info",
                &query,
                Body::None,
                Replay::Safe,
            )
            .await;
        none_if_not_found(answer.and_then(|a| self.api.parse(a)))
    }

    /// Creates a deal; returns its id.
    pub async fn add_deal(&self, deal: &NewDeal) -> Result<i64> {
        let mut body = json!({
            "name": deal.name,
            "stage_id": deal.stage_id,
            "contact_id": deal.contact_id,
            "description": deal.description,
        });
        if let Some((amount, currency)) = &deal.amount {
            body["amount"] = json!(amount);
            body["currency_id"] = json!(currency);
        }
        let answer = self
            .api
            .call(
                Method::POST,
                "crm.deal.add",
                &[],
                Body::Json(body),
                Replay::Refused,
            )
            .await?;
        Ok(self.api.parse::<i64>(answer)?)
    }

    /// Writes `fields` (`name, description, expected_date, amount,
    /// currency_id` or custom fields) of deal `id`; `false` when it is gone.
    pub async fn patch_deal(&self, id: i64, fields: &[(&str, Value)]) -> Result<bool> {
        let body: Vec<Value> = fields
            .iter()
            .map(|(field, value)| json!({ "field": field, "value": value }))
            .collect();
        let query = [("id", id.to_string())];
        let answer = self
            .api
            .call(
                Method::PATCH,
                "crm.deal.patch",
                &query,
                Body::Json(json!(body)),
                Replay::Safe,
            )
            .await;
        Ok(none_if_not_found(answer)?.is_some())
    }

    /// Moves deal `id` to `stage_id` (`force`: no confirmation of a jump).
    pub async fn move_deal(&self, id: i64, stage_id: i64, force: bool) -> Result<MoveOutcome> {
        let body = json!({ "id": id, "stage_id": stage_id, "force": force });
        let answer = self
            .api
            .call(
                Method::POST,
                "crm.deal.move",
                &[],
                Body::Json(body),
                Replay::Safe,
            )
            .await;
        outcome(answer)
    }

    /// Closes deal `id` as won or lost.
    pub async fn close_deal(&self, id: i64, won: bool, force: bool) -> Result<MoveOutcome> {
        let status = if won { "WON" } else { "LOST" };
        let body = json!({ "id": id, "status_id": status, "force": force });
        let answer = self
            .api
            .call(
                Method::POST,
                "crm.deal.close",
                &[],
                Body::Json(body),
                Replay::Safe,
            )
            .await;
        outcome(answer)
    }
}

/// A move's or close's answer: 204, 409 with its dialog, 404.
fn outcome(answer: std::result::Result<(u16, bytes::Bytes), ApiFailure>) -> Result<MoveOutcome> {
    match answer {
        Ok(_) => Ok(MoveOutcome::Moved),
        Err(f) if f.status == Some(409) => {
            let body = f.body.unwrap_or(Value::Null);
            let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_owned);
            Ok(MoveOutcome::NeedsForm {
                dialog_html: text("dialog_html").unwrap_or_default(),
                action_id: text("action_id"),
            })
        }
        Err(f) if f.is_not_found() => Ok(MoveOutcome::NoDeal),
        Err(f) => Err(f.error),
    }
}
