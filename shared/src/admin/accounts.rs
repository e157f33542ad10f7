//! The operator routes: tenant accounts and their API keys (the operator
//! token only; see `auth`).
//!
//! Rotating a key without downtime: issue a new key, switch the clients to
//! it, revoke the old one; both work in between.

use super::AdminState;
use super::keys::{self, IssuedKey, KeyInfo};
use crate::clock::now_ms;
use crate::hooks::ApiError;
use crate::model::TenantId;
use crate::store::{Account, PutOutcome};
use axum::Json;
use axum::extract::{Path, State};
use http::StatusCode;
use serde::{Deserialize, Serialize};

/// `POST /admin/accounts`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// The tenant id: letters, digits, `-` and `_`, at most 64.
    pub tenant: String,
    /// The first key's label.
    #[serde(default)]
    pub label: Option<String>,
}

/// A new account with its first key (shown this once).
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreatedAccount {
    pub account: Account,
    pub key: IssuedKey,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AccountList {
    pub accounts: Vec<Account>,
}

/// `POST /admin/accounts/{tenant}/keys` (the body may be empty).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyList {
    pub keys: Vec<KeyInfo>,
}

/// The path of an operator route on one account.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(
    dead_code,
    reason = "describes the path in the document; handlers take `Path`"
)]
pub struct AccountPath {
    /// The tenant id.
    pub tenant: String,
}

fn tenant_id(raw: &str) -> Result<TenantId, ApiError> {
    TenantId::parse(raw)
        .ok_or_else(|| ApiError::BadRequest(format!("{raw:?} is not a valid tenant id")))
}

fn body<T: serde::de::DeserializeOwned + Default>(raw: &[u8]) -> Result<T, ApiError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(raw).map_err(|e| ApiError::BadRequest(format!("body: {e}")))
}

async fn issue(
    app: &AdminState,
    tenant: &TenantId,
    label: Option<String>,
) -> Result<IssuedKey, ApiError> {
    let label = label.unwrap_or_else(|| "key".into());
    let issued = keys::issue(app.store.accounts.as_ref(), tenant, &label).await?;
    let issued = issued
        .ok_or_else(|| ApiError::Conflict(format!("tenant {tenant} has no enabled account")))?;
    tracing::info!(message = "API key issued.", %tenant, key_id = %issued.info.id);
    Ok(issued)
}

/// Creates a tenant's account and its first key.
#[utoipa::path(post, path = "/admin/accounts", tag = "operator",
    security(("operator_token" = [])),
    request_body = NewAccount,
    responses(
        (status = 201, description = "Created; `key.key` is shown this once", body = CreatedAccount),
        (status = 400, description = "Not a valid tenant id"),
        (status = 409, description = "The tenant has an account already"),
    ))]
pub(super) async fn create(
    State(app): State<AdminState>,
    raw: axum::body::Bytes,
) -> Result<(StatusCode, Json<CreatedAccount>), ApiError> {
    let new: NewAccount =
        serde_json::from_slice(&raw).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?;
    let tenant = tenant_id(&new.tenant)?;
    let account = Account {
        tenant: tenant.clone(),
        created_ms: now_ms(),
        disabled: false,
    };
    if let PutOutcome::Exists(_) = app.store.accounts.create_account(&account).await? {
        return Err(ApiError::Conflict(format!(
            "tenant {tenant} has an account already"
        )));
    }
    tracing::info!(message = "Tenant account created.", %tenant);
    let key = issue(&app, &tenant, new.label).await?;
    Ok((StatusCode::CREATED, Json(CreatedAccount { account, key })))
}

/// Every tenant account.
#[utoipa::path(get, path = "/admin/accounts", tag = "operator",
    security(("operator_token" = [])),
    responses((status = 200, description = "The accounts, by tenant id", body = AccountList)))]
pub(super) async fn list(State(app): State<AdminState>) -> Result<Json<AccountList>, ApiError> {
    let mut accounts = app.store.accounts.list_accounts().await?;
    accounts.sort_by(|a, b| a.tenant.cmp(&b.tenant));
    Ok(Json(AccountList { accounts }))
}

/// Disables the account: its keys are deleted and it gets no new ones
/// (its settings and data stay; the sync itself is not stopped).
#[utoipa::path(delete, path = "/admin/accounts/{tenant}", tag = "operator",
    security(("operator_token" = [])), params(AccountPath),
    responses(
        (status = 204, description = "Disabled"),
        (status = 404, description = "No such account"),
    ))]
pub(super) async fn disable(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<StatusCode, ApiError> {
    let tenant = tenant_id(&tenant)?;
    if !app.store.accounts.disable_account(&tenant).await? {
        return Err(ApiError::UnknownTenant);
    }
    tracing::info!(message = "Tenant account disabled.", %tenant);
    Ok(StatusCode::NO_CONTENT)
}

/// The account's keys: ids, labels, dates; never a key.
#[utoipa::path(get, path = "/admin/accounts/{tenant}/keys", tag = "operator",
    security(("operator_token" = [])), params(AccountPath),
    responses(
        (status = 200, description = "The keys", body = KeyList),
        (status = 404, description = "No such account"),
    ))]
pub(super) async fn list_keys(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
) -> Result<Json<KeyList>, ApiError> {
    let tenant = tenant_id(&tenant)?;
    if app.store.accounts.get_account(&tenant).await?.is_none() {
        return Err(ApiError::UnknownTenant);
    }
    let mut keys: Vec<KeyInfo> = (app.store.accounts.list_keys(&tenant).await?.iter())
        .map(KeyInfo::from)
        .collect();
    keys.sort_by(|a, b| (a.created_ms, &a.id).cmp(&(b.created_ms, &b.id)));
    Ok(Json(KeyList { keys }))
}

/// Issues another key (rotation: issue, switch, revoke the old one).
#[utoipa::path(post, path = "/admin/accounts/{tenant}/keys", tag = "operator",
    security(("operator_token" = [])), params(AccountPath),
    request_body(content = NewKey, description = "Optional"),
    responses(
        (status = 201, description = "Issued; `key` is shown this once", body = IssuedKey),
        (status = 409, description = "No enabled account"),
    ))]
pub(super) async fn issue_key(
    State(app): State<AdminState>,
    Path(tenant): Path<String>,
    raw: axum::body::Bytes,
) -> Result<(StatusCode, Json<IssuedKey>), ApiError> {
    let tenant = tenant_id(&tenant)?;
    let new: NewKey = body(&raw)?;
    Ok((
        StatusCode::CREATED,
        Json(issue(&app, &tenant, new.label).await?),
    ))
}

/// Revokes a key: it stops working at once.
#[utoipa::path(delete, path = "/admin/accounts/{tenant}/keys/{key}", tag = "operator",
    security(("operator_token" = [])),
    params(AccountPath, ("key" = String, Path, description = "The key's public id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "The tenant has no such key"),
    ))]
pub(super) async fn revoke_key(
    State(app): State<AdminState>,
    Path((tenant, key)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let tenant = tenant_id(&tenant)?;
    if !app.store.accounts.revoke_key(&tenant, &key).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(message = "API key revoked.", %tenant, key_id = %key);
    Ok(StatusCode::NO_CONTENT)
}
