//! Shop-Script orders ⇄ Webasyst CRM deals (RULES.md block SS; seed
//! `shopscript-orders-crm-deals.txt`): each order linked to a deal, the
//! deal showing the order, deal moves and closes running order actions,
//! order actions moving the deal; orders only ever move forward. On for
//! tenants with a `shopscript` section.
//!
//! | rule | implemented by |
//! |---|---|
//! | SS-1 | `manual::candidates`, `manual::link` (admin API `/admin/tenants/{t}/shopscript/orders/{id}/deal`), `client::find` |
//! | SS-2 | `rules::automatic_stage`, `rules::qualifies`, `watch`, `order_side::apply`, `create::deal_for` (claimed: one deal per order) |
//! | SS-3 | `rules::shown` (the deal's description and amount), `order_side::sync` (rewritten when it changes) |
//! | SS-4 | `rules::stage_step` (deal → order), `rules::deal_target` (order → deal, forward only), `deal_side::apply`, `order_side::sync`, `live_check::problems` (mapping checked on save) |
//! | SS-5 | `rules::close_step` (won → complete, lost → delete; no Delete → journal, never a refund), `deal_side::apply` |
//! | SS-6 | `rules::rank`, `rules::stage_step` (a backward move refused and journalled), `notes::once` |
//!
//! Changes come in as `(shopscript, order)` events (the shop's HTTP
//! notifications through `hooks::shopscript`, and `jobs::shopscript_orders`,
//! the catch-up poll) and `(webasyst_crm, deal)` events (`jobs::webasyst_deals`).
//! Links are Synclane's own (`pair`): the public API cannot write a deal's
//! `external_id`.
//!
//! Files: `order_side` and `deal_side` (one event each way; what they read
//! before writing, `order_reads` and `deal_side::plan`, is shared with the
//! dry run, `flows::dry_run::shopscript`), `create` (a
//! new deal), `client` (its CRM contact), `pair` (links), `record` (what
//! was done per order), `funnels` (stage order, cached), `watch` (SS-2's
//! start), `notes` (journal entries, once), `manual` (SS-1), `live_check`
//! (SS-4 on save), `rules` (pure).

mod client;
mod create;
pub(crate) mod deal_side;
mod funnels;
pub mod live_check;
pub mod manual;
mod notes;
pub(crate) mod order_reads;
pub(crate) mod order_side;
mod pair;
mod record;
pub mod rules;
pub mod watch;

use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use async_trait::async_trait;

pub use pair::{deal_key, deal_of, order_key, order_of};
pub use record::seen;

/// The flow; see the module docs.
pub struct ShopScriptDeals;

/// The flow's id.
pub const ID: &str = "shopscript_deals";

const CONSUMES: &[Subscription] = &[
    Subscription::of(System::ShopScript, EntityKind::Order),
    Subscription::of(System::WebasystCrm, EntityKind::Deal),
];

#[async_trait]
impl Flow for ShopScriptDeals {
    fn id(&self) -> &'static str {
        ID
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.shopscript.is_some()
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        match envelope.source {
            System::WebasystCrm => deal_side::apply(ctx, envelope).await,
            _ => order_side::apply(ctx, envelope).await,
        }
    }
}
