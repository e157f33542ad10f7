//! The CRM's deal and funnel methods (`api/v1/crm.deal.*`,
//! `crm.funnel.list`) and their checks: the deal methods read a JSON body;
//! `crm.deal.add` needs `name, stage_id, contact_id` (400
//! `required_parameter`), a known contact (400 `invalid_request`), stage
//! and currency (400 `error_validate`), and ignores every other key —
//! `external_id` among them: it is never written; `crm.deal.patch` takes
//! `name, description, expected_date, amount, currency_id` only (400
//! `invalid_field`, `field_unacceptable`, for any other field);
//! `crm.deal.move`/`close` answer 204, or 409 with `dialog_html` when the
//! CRM's own Shop-Script link must show a form (a natively linked deal
//! whose target stage runs an order action with a form; without `force`,
//! also a jump over stages or back); `crm.deal.list` checks `sort` and
//! `fields[]` (400 `invalid_field`) and sorts `last_action` by the last
//! history entry, newest first unless `asc=1`.

use super::super::api::{Answer, Call};
use super::state::{Deal, State};
use serde_json::{Value, json};

const SORTS: &[&str] = &[
    "stage_id",
    "create_datetime",
    "reminder_datetime",
    "name",
    "amount",
    "user_name",
    "last_action",
];
const FIELDS: &[&str] = &["amount", "tags", "user", "last_action", "is_pinned"];
const PATCHABLE: &[&str] = &[
    "name",
    "description",
    "expected_date",
    "amount",
    "currency_id",
];

pub(crate) fn funnels(st: &State) -> Answer {
    let list: Vec<Value> = st
        .funnels
        .iter()
        .map(|f| json!({ "id": f.id, "name": f.name, "sort": 0, "color": "#aaa", "icon": "fas fa-briefcase",
            "is_archived": false, "is_pinned": true,
            "stages": f.stages.iter().map(|s| json!({ "id": s.id, "funnel_id": f.id, "name": s.name,
                "number": s.number, "color": "#ccc", "limit_hours": null })).collect::<Vec<_>>() }))
        .collect();
    Answer::ok(json!(list))
}

pub(crate) fn list(st: &State, call: &Call) -> Result<Answer, Answer> {
    let int = |name: &str| call.param(name).and_then(|v| v.parse::<i64>().ok());
    let fields = call.all("fields[]");
    if let Some(bad) = fields.iter().find(|f| !FIELDS.contains(f)) {
        return Err(Answer::error(
            400,
            "invalid_field",
            &format!("Unknown configured deal fields: {bad}."),
        ));
    }
    let sort = call.param("sort").unwrap_or("");
    if !sort.is_empty() && !SORTS.contains(&sort) {
        return Err(Answer::error(
            400,
            "invalid_field",
            "Unknown sorting field.",
        ));
    }
    let contact = int("contact_id");
    if let Some(c) = contact
        && st.contact(c).is_none()
    {
        return Err(Answer::error(404, "not_found", "Contact not found"));
    }
    let limit = int("limit").filter(|l| (1..=500).contains(l)).unwrap_or(30);
    let offset = int("offset").unwrap_or(0).max(0);
    let stage = call.param("stage").unwrap_or("");
    let mut deals: Vec<&Deal> = st
        .deals
        .iter()
        .filter(|d| contact.is_none_or(|c| d.contact_id == c))
        .filter(|d| int("funnel").is_none_or(|f| f == 0 || d.funnel_id == f))
        .filter(|d| match stage {
            "won" | "lost" => d.status == stage.to_uppercase(),
            "" | "0" => true,
            s => d.status == "OPEN" && s.parse() == Ok(d.stage_id),
        })
        .collect();
    let asc = call.param("asc") == Some("1");
    deals.sort_by(|a, b| {
        let ord = match sort {
            "last_action" => a.last_log.cmp(&b.last_log),
            "name" => a.name.cmp(&b.name),
            _ => a.created.cmp(&b.created),
        }
        .then(a.id.cmp(&b.id));
        if asc { ord } else { ord.reverse() }
    });
    let with_last = fields.contains(&"last_action");
    let data: Vec<Value> = deals
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(|d| d.json(st.contact(d.contact_id), true, with_last))
        .collect();
    Ok(Answer::ok(json!({
        "params": { "total_count": deals.len(), "offset": offset, "limit": limit, "sort": sort,
                    "asc": asc, "fields": fields },
        "data": data,
    })))
}

pub(crate) fn info(st: &State, call: &Call) -> Result<Answer, Answer> {
    let id = call
        .required(call.param("id"), "id")?
        .parse::<i64>()
        .unwrap_or(0)
        .abs();
    let deal = st.deals.iter().find(|d| d.id == id).ok_or_else(not_found)?;
    Ok(Answer::ok(deal.json(
        st.contact(deal.contact_id),
        false,
        false,
    )))
}

pub(crate) fn add(st: &mut State, call: &Call) -> Result<Answer, Answer> {
    let body = call.json.clone().unwrap_or(Value::Null);
    let text = |k: &str| match body.get(k) {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let (name, stage, contact) = (text("name"), text("stage_id"), text("contact_id"));
    let mut missing = Vec::new();
    for (field, value) in [
        ("name", &name),
        ("stage_id", &stage),
        ("contact_id", &contact),
    ] {
        if value.is_empty() {
            missing.push(json!({ "field": field, "value": "", "code": field,
                "description": format!("Missing required parameter: “{field}”.") }));
        }
    }
    if !missing.is_empty() {
        return Err(validation("required_parameter", missing));
    }
    let contact: i64 = contact.parse().unwrap_or(0);
    if st.contact(contact).is_none() {
        return Err(Answer::error(
            400,
            "invalid_request",
            "Invalid contact identifier.",
        ));
    }
    let stage: i64 = stage.parse().unwrap_or(0);
    let Some(funnel) = st.stage(stage).map(|(f, _)| f.id) else {
        return Err(validation(
            "error_validate",
            vec![json!({ "field": "stage_id", "value": stage,
            "code": "stage_id", "description": "Deal stage not found." })],
        ));
    };
    let currency = Some(text("currency_id")).filter(|c| !c.is_empty());
    if let Some(c) = &currency
        && !st.currencies.contains(c)
    {
        return Err(validation(
            "error_validate",
            vec![json!({ "field": "currency_id", "value": c,
            "code": "currency_id", "description": "Unknown currency." })],
        ));
    }
    let amount = text("amount").replace(',', ".").parse::<f64>().ok();
    let (id, now) = (st.next(), st.now());
    st.deals.push(Deal {
        id,
        name,
        funnel_id: funnel,
        stage_id: stage,
        status: "OPEN".into(),
        contact_id: contact,
        description: text("description"),
        amount,
        currency_id: currency,
        created: now,
        updated: now,
        last_log: now,
        external_id: None,
    });
    Ok(Answer::with(201, json!(id)))
}

pub(crate) fn patch(st: &mut State, call: &Call) -> Result<Answer, Answer> {
    let id: i64 = call.required(call.param("id"), "id")?.parse().unwrap_or(0);
    let fields = match &call.json {
        Some(Value::Array(items)) if !items.is_empty() => items.clone(),
        _ => {
            return Err(Answer::error(
                400,
                "required_param",
                "Missing required parameters: field, value.",
            ));
        }
    };
    if !st.deals.iter().any(|d| d.id == id) {
        return Err(not_found());
    }
    let refused: Vec<Value> = fields
        .iter()
        .filter_map(|f| f.get("field").and_then(Value::as_str))
        .filter(|f| !PATCHABLE.contains(f))
        .map(|f| json!({ "field": f, "code": "field_unacceptable", "description": "Unacceptable field." }))
        .collect();
    if !refused.is_empty() {
        return Err(validation("invalid_field", refused).described("Invalid fields found."));
    }
    let now = st.now();
    let deal = st.deal_mut(id).ok_or_else(not_found)?;
    for f in &fields {
        let value = f.get("value").cloned().unwrap_or(Value::Null);
        let text = || {
            value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string())
        };
        match f.get("field").and_then(Value::as_str) {
            Some("name") => deal.name = text(),
            Some("description") => deal.description = text(),
            Some("amount") => deal.amount = text().replace(',', ".").parse().ok(),
            Some("currency_id") => deal.currency_id = Some(text()),
            _ => {}
        }
    }
    deal.updated = now;
    deal.last_log = now;
    Ok(Answer::ok(json!(fields)))
}

/// `crm.deal.move` (`close`: `Some(status)`, `crm.deal.close`).
pub(crate) fn shift(st: &mut State, call: &Call, close: bool) -> Result<Answer, Answer> {
    let body = call.json.clone().unwrap_or(Value::Null);
    let force = body.get("force").and_then(Value::as_bool).unwrap_or(false);
    let id = body
        .get("id")
        .and_then(Value::as_i64)
        .or_else(|| call.param("id")?.parse().ok());
    let id =
        id.ok_or_else(|| Answer::error(400, "invalid_request", "Deal identifier is required."))?;
    let target = if close {
        let status = body
            .get("status_id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_uppercase();
        if status.is_empty() {
            return Err(Answer::error(
                400,
                "invalid_request",
                "Missing required parameter: “status_id”.",
            ));
        }
        if status != "WON" && status != "LOST" {
            return Err(Answer::error(
                400,
                "unknown_value",
                "Unknown “status_id” value.",
            ));
        }
        status
    } else {
        let stage = body
            .get("stage_id")
            .and_then(Value::as_i64)
            .ok_or_else(|| {
                Answer::error(400, "empty_id", "Missing required parameter: “stage_id”.")
            })?;
        if stage < 1 || st.stage(stage).is_none() {
            return Err(Answer::error(400, "invalid_request", "Stage not found."));
        }
        stage.to_string()
    };
    let deal = st
        .deals
        .iter()
        .find(|d| d.id == id)
        .cloned()
        .ok_or_else(not_found)?;
    if !close && deal.stage_id.to_string() == target {
        return Ok(Answer::with(204, Value::Null));
    }
    if let Some(order) = deal
        .external_id
        .as_deref()
        .and_then(|e| e.strip_prefix("shop:"))
    {
        if let Some(action) = st.native_forms.get(&target) {
            return Err(Answer::with(
                409,
                json!({ "dialog_html": format!("<form>{action} needs input</form>"),
                "order_id": order.parse::<i64>().unwrap_or(0), "action_id": action }),
            ));
        }
        let jump = !close
            && match (
                st.stage(deal.stage_id),
                st.stage(target.parse().unwrap_or(0)),
            ) {
                (Some((_, from)), Some((_, to))) => {
                    to.number - from.number > 1 || to.number < from.number
                }
                _ => false,
            };
        if jump && !force {
            return Err(Answer::with(
                409,
                json!({ "dialog_html": "<div>Skip stages?</div>" }),
            ));
        }
    }
    let done = if close {
        st.close(id, &target)
    } else {
        st.move_to(id, target.parse().unwrap_or(0))
    };
    if !done {
        return Err(not_found());
    }
    Ok(Answer::with(204, Value::Null))
}

fn not_found() -> Answer {
    Answer::error(404, "not_found", "Deal not found")
}

fn validation(code: &str, fields: Vec<Value>) -> Answer {
    let mut a = Answer::error(400, code, "Please correct errors in the data.");
    a.body["error_fields"] = json!(fields);
    a
}

trait Described {
    fn described(self, text: &str) -> Self;
}

impl Described for Answer {
    fn described(mut self, text: &str) -> Self {
        self.body["error_description"] = json!(text);
        self
    }
}
