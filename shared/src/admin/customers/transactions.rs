//! CM-3: an OpenCart customer's transactions (store credit), newest first,
//! and adding one (description, amount). `transaction.add` is not
//! idempotent: after an unclear failure the connector looks for the
//! transaction before sending again, so one request adds one transaction.

use super::params::SystemParam;
use super::{customer_id, peer_error, shop};
use crate::admin::AdminState;
use crate::connectors::opencart::api::NewTransaction;
use crate::hooks::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ListQuery {
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    page: Option<u32>,
}

/// The body of an added transaction.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AddBody {
    description: String,
    /// `"-5.00"` or `-5`: a decimal with up to 4 places; negative takes credit away.
    amount: Value,
}

pub(super) async fn list(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(query): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    SystemParam {
        system: query.system,
    }
    .system()?;
    let id = customer_id(&id)?;
    let page = query.page.unwrap_or(1).max(1);
    let (_, client) = shop(&app, &tenant).await?;
    let found = client
        .transaction_list(id, page, 50)
        .await
        .map_err(peer_error)?
        .ok_or(ApiError::NotFound)?;
    let rows: Vec<Value> = found
        .transactions
        .iter()
        .map(|t| {
            json!({"id": t.customer_transaction_id.to_string(), "order_id": t.order_id,
                   "description": t.description, "amount": t.amount, "date_added": t.date_added})
        })
        .collect();
    Ok(Json(json!({
        "customer_id": id.to_string(), "transactions": rows, "total": found.total,
        "balance": found.balance, "page": found.page,
    })))
}

pub(super) async fn add(
    State(app): State<AdminState>,
    Path((tenant, id)): Path<(String, String)>,
    Query(params): Query<SystemParam>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    params.system()?;
    let id = customer_id(&id)?;
    let body: AddBody =
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?;
    let transaction = NewTransaction {
        description: checked_description(&body.description)?,
        amount: checked_amount(&body.amount)?,
        order_id: None,
    };
    let (_, client) = shop(&app, &tenant).await?;
    let added = client
        .transaction_add(id, &transaction)
        .await
        .map_err(peer_error)?
        .ok_or(ApiError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "customer_id": id.to_string(),
            "transaction": {"id": added.customer_transaction_id.to_string(),
                "description": added.description, "amount": added.amount,
                "date_added": added.date_added},
        })),
    ))
}

pub(crate) fn checked_description(raw: &str) -> Result<String, ApiError> {
    let text = raw.trim();
    if text.is_empty() || text.chars().count() > 1000 {
        return Err(ApiError::BadRequest(
            "description: 1 to 1000 characters".into(),
        ));
    }
    Ok(text.to_owned())
}

/// The shop's `DECIMAL(15,4)`: `-?[0-9]{1,11}(.[0-9]{1,4})?`, not zero.
pub(crate) fn checked_amount(raw: &Value) -> Result<String, ApiError> {
    let text = match raw {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let digits = text.strip_prefix('-').unwrap_or(&text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let shape_ok = (1..=11).contains(&whole.len())
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (fraction.is_empty() && !digits.ends_with('.')
            || (1..=4).contains(&fraction.len()) && fraction.bytes().all(|b| b.is_ascii_digit()));
    let zero = digits.bytes().all(|b| matches!(b, b'0' | b'.'));
    if !shape_ok || zero {
        return Err(ApiError::BadRequest(format!(
            "amount {text:?}: a non-zero decimal with up to 11 digits and 4 places"
        )));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cm_3_amount_shapes() {
        for ok in ["5", "-5.00", "12345678901.1234", "0.5"] {
            assert_eq!(checked_amount(&json!(ok)).unwrap(), ok);
        }
        assert_eq!(checked_amount(&json!(-2.5)).unwrap(), "-2.5");
        for bad in [
            "",
            "0",
            "0.00",
            "1.",
            ".5",
            "1e3",
            "123456789012",
            "1.23456",
            "abc",
        ] {
            assert!(checked_amount(&json!(bad)).is_err(), "{bad}");
        }
        assert!(checked_amount(&json!(null)).is_err());
        assert!(checked_description("  ").is_err());
    }
}
