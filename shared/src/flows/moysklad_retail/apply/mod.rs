//! MoySklad retail sale (`retaildemand` CREATE) → CRM order and buyer
//! (MS-R1..MS-R4, MS-C3, MS-C5): reads the sale, resolves the buyer, gathers
//! the CRM order and the other sales of it, asks the retail rules and carries
//! out their plan. `switch` turns retail on and off (the webhook).
//!
//! Every step reads the current state before it writes, so the same webhook
//! delivered again (same or new `requestId`) changes nothing more. The
//! reads (`load`, `buyer::plan`, `order`'s) are shared with the dry run
//! (`flows::dry_run::ms_retail`).

pub(crate) mod buyer;
pub(crate) mod order;
mod sale;
pub mod switch;

use crate::connectors::moysklad::MoySklad;
use crate::error::{Error, Result};
use crate::flows::moysklad_retail::rules::{Sale, SaleBuyer};
use crate::flows::{FlowCtx, Outcome};
use crate::model::Envelope;
use crate::settings::RetailOptions;

/// The sale's href: the event's `meta.href` (as the hook passes it), else its id.
fn sale_ref(envelope: &Envelope) -> String {
    let p = &envelope.payload;
    [&p["meta"]["href"], &p["events"][0]["meta"]["href"]]
        .into_iter()
        .find_map(|v| v.as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| envelope.external_id.clone())
}

pub(crate) async fn sync(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let (store, claims, settings) = (ctx.store, ctx.claims, ctx.tenant);
    let tenant = &envelope.tenant;
    let (Some(crm_settings), Some(ms_settings)) = (&settings.retailcrm, &settings.moysklad) else {
        return Err(Error::Invalid(
            "retail needs RetailCRM and MoySklad accounts".into(),
        ));
    };
    let options = ms_settings
        .sync
        .as_ref()
        .map(|s| s.retail.clone())
        .unwrap_or_default();
    if !options.enabled {
        return Ok(Outcome::Skipped("retail is off for this tenant".into()));
    }
    let ms = ctx.peers.moysklad(tenant, ms_settings);
    let crm = ctx.peers.crm(tenant, crm_settings);
    let Some(Loaded {
        sale,
        agent_id,
        buyer: sale_buyer,
    }) = load(&ms, &options, &sale_ref(envelope)).await?
    else {
        return Ok(Outcome::Skipped("the retail sale no longer exists".into()));
    };
    let crm_buyer = buyer::resolve(store, &crm, tenant, &agent_id, &sale_buyer, claims).await?;
    let ctx = order::Context {
        store,
        crm: &crm,
        ms: &ms,
        tenant,
        options: &options,
        journal_days: settings.journal.retention_days,
        owner: claims.owner(),
    };
    order::apply(&ctx, &sale, &crm_buyer).await
}

/// A sale as read, with its counterparty's id and buyer.
pub(crate) struct Loaded {
    pub sale: Sale,
    pub agent_id: String,
    pub buyer: SaleBuyer,
}

/// Reads the sale at `href` (or with that id) and its buyer; `None` when
/// the sale is gone.
pub(crate) async fn load(
    ms: &MoySklad,
    options: &RetailOptions,
    href: &str,
) -> Result<Option<Loaded>> {
    let Some(read) = sale::read(ms, options, href).await? else {
        return Ok(None);
    };
    let agent = read
        .doc
        .agent
        .clone()
        .ok_or_else(|| Error::Invalid("a retail sale without agent".into()))?;
    let agent_id = agent
        .id
        .clone()
        .or_else(|| agent.meta.as_ref().map(|m| m.id().to_owned()))
        .unwrap_or_default();
    let buyer = sale::buyer(ms, &agent).await?;
    Ok(Some(Loaded {
        sale: read.sale,
        agent_id,
        buyer,
    }))
}
