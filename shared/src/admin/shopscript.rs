//! SS-1 through the admin API: `GET /admin/tenants/{t}/shopscript/orders/{id}/deal`
//! lists the order's client's open deals (and the deal linked already, if
//! any); `POST` with `{"deal_id": N}` links the order to that open deal of
//! the same client, with `{"stage_id": N}` to a new deal in that stage.
//! 200 `{deal_id, created}` once linked (and the deal brought up to the
//! order), 409 when the order has a deal already, 404 without such an
//! order, 400 for a deal that cannot be chosen.

use super::{AdminState, existing_tenant};
use crate::flows::FlowCtx;
use crate::flows::events::Events;
use crate::flows::links::{ClaimPolicy, Claims};
use crate::flows::shopscript_deals::manual::{self, Candidates, Choice, Linked};
use crate::hooks::ApiError;
use crate::settings::TenantSettings;
use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

/// The `POST` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LinkRequest {
    #[serde(default)]
    deal_id: Option<i64>,
    #[serde(default)]
    stage_id: Option<i64>,
}

/// SS-1: the order's client's open deals and the deal linked already.
#[utoipa::path(get, path = "/admin/tenants/{tenant}/shopscript/orders/{order}/deal", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath, ("order" = i64, Path, description = "The Shop-Script order id")),
    responses((status = 200, description = "The candidates"), (status = 404, description = "No such order, or Shop-Script not configured")))]
pub(super) async fn show(
    State(app): State<AdminState>,
    Path((tenant, order)): Path<(String, i64)>,
) -> Result<Json<Candidates>, ApiError> {
    let settings = shop_tenant(&app, &tenant).await?;
    let session = Session::new(&app);
    let ctx = session.ctx(&app, &settings);
    let found = session.guard(&app, manual::candidates(&ctx, order)).await?;
    found.map(Json).ok_or(ApiError::NotFound)
}

/// SS-1: links the order to an open deal (`{"deal_id": N}`) or a new one (`{"stage_id": N}`).
#[utoipa::path(post, path = "/admin/tenants/{tenant}/shopscript/orders/{order}/deal", tag = "tenant", security(("tenant_key" = [])), params(super::openapi::TenantPath, ("order" = i64, Path, description = "The Shop-Script order id")),
    request_body(content = Object, description = "`{\"deal_id\": N}` or `{\"stage_id\": N}`"),
    responses((status = 200, description = "Linked: `{deal_id, created}`"), (status = 400, description = "A deal that cannot be chosen"),
        (status = 404, description = "No such order"), (status = 409, description = "The order has a deal already")))]
pub(super) async fn link(
    State(app): State<AdminState>,
    Path((tenant, order)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> Result<Json<Value>, ApiError> {
    let settings = shop_tenant(&app, &tenant).await?;
    let request: LinkRequest =
        serde_json::from_slice(&body).map_err(|e| ApiError::BadRequest(format!("body: {e}")))?;
    let choice = match (request.deal_id, request.stage_id) {
        (Some(deal), None) => Choice::Existing(deal),
        (None, Some(stage_id)) => Choice::New { stage_id },
        _ => {
            return Err(ApiError::BadRequest(
                "send either deal_id (an open deal of the client) or stage_id (a new deal)".into(),
            ));
        }
    };
    let session = Session::new(&app);
    let ctx = session.ctx(&app, &settings);
    let linked = session
        .guard(&app, manual::link(&ctx, order, choice))
        .await?;
    match linked {
        Linked::Done { deal_id, created } => {
            tracing::info!(message = "SS-1: order linked to a deal.", tenant = %settings.id, order, deal_id, created);
            Ok(Json(
                json!({ "order_id": order, "deal_id": deal_id, "created": created }),
            ))
        }
        Linked::AlreadyLinked(deal) => Err(ApiError::Conflict(format!(
            "order {order} is linked to deal {deal} already"
        ))),
        Linked::NoOrder => Err(ApiError::NotFound),
        Linked::Refused(why) => Err(ApiError::BadRequest(why)),
    }
}

async fn shop_tenant(app: &AdminState, tenant: &str) -> Result<TenantSettings, ApiError> {
    let settings = existing_tenant(app, tenant).await?;
    if settings.shopscript.is_none() {
        return Err(ApiError::NotConfigured("Shop-Script shop"));
    }
    Ok(settings)
}

/// One request's flow context: its own link claims, renewed while the
/// work runs and given back after, as the worker does for a message.
struct Session {
    claims: Claims,
    events: Events,
}

impl Session {
    fn new(app: &AdminState) -> Self {
        let owner = format!("admin-{}", uuid::Uuid::now_v7());
        Session {
            claims: Claims::new(owner, ClaimPolicy::default()),
            events: Events::new(app.sync.queue.clone(), app.sync.registry.clone()),
        }
    }

    fn ctx<'a>(&'a self, app: &'a AdminState, settings: &'a TenantSettings) -> FlowCtx<'a> {
        FlowCtx {
            store: &app.store,
            peers: &app.sync.peers,
            claims: &self.claims,
            tenant: settings,
            events: &self.events,
        }
    }

    /// Runs `work`, keeping the claims alive; an answer for each failure.
    async fn guard<T>(
        &self,
        app: &AdminState,
        work: impl std::future::Future<Output = crate::Result<T>>,
    ) -> Result<T, ApiError> {
        let links = app.store.links.as_ref();
        let result = tokio::select! {
            result = work => result,
            never = self.claims.keep_alive(links) => match never {},
        };
        self.claims.release_all(links).await;
        result.map_err(|e| match e {
            crate::Error::PeerAuth { .. }
            | crate::Error::PeerRejected { .. }
            | crate::Error::Invalid(_) => ApiError::BadRequest(e.to_string()),
            other => ApiError::Unavailable(other),
        })
    }
}
