//! CRM ⇄ MoySklad (RULES.md block MS, seeds/crm-moysklad-integration.ru.txt):
//! CRM orders and customers (history poll) → MoySklad; MoySklad order and
//! counterparty changes (webhooks) → CRM. The stock and price pulls, the
//! ICML catalogue and retail sales are flows of their own (`stock`,
//! `icml`, `moysklad_retail`).
//!
//! | rule | implemented by |
//! |---|---|
//! | MS-B1 | `jobs::crm_history::changes::changes` (history → changes), `apply::order_export::sync` |
//! | MS-B2 | `rules::counterparty::search_keys`, `rules::counterparty::best_match`, `rules::phone::lookup_variants`, `rules::counterparty::new_counterparty`, `apply::counterparty::resolve` |
//! | MS-B3 | `rules::counterparty::new_counterparty` |
//! | MS-B4 | `rules::inbound::customer_changes`, `rules::inbound::corporate_changes`, `apply::inbound::counterparty` |
//! | MS-B5 | `rules::positions::positions` |
//! | MS-B6 | `rules::force_delete::force_delete_due`, `rules::force_delete::deletions`, `apply::force_delete::run` |
//! | MS-B7 | `rules::problems::problem_of`, `apply::problems::raise`, `settings::validate::tenant` |
//! | MS-B8 | `flows::journal::note` |
//! | MS-B10 | `rules::moysklad_id::show_moysklad_id`, `apply::moysklad_id::show` |
//! | MS-C1 | `rules::manager::employee_of`, `apply::order_fields::attributes`, `settings::validate::tenant` |
//! | MS-C2 | `rules::counterparty::new_counterparty`, `apply::contact::ensure` |
//! | MS-C4 | `rules::counterparty::counterparty_changes`, `apply::counterparty::resolve` |
//! | MS-M1 | `rules::order_export::decide` |
//! | MS-M2 | `settings::validate::tenant` |
//! | MS-M3 | `settings::validate::tenant`, `rules::order_export::decide` |
//! | MS-M4 | `rules::order_export::precheck` |
//! | MS-M5 | `rules::order_export::decide` |
//! | MS-M6 | `rules::shipment::shipment_due`, `rules::shipment::demand_body`, `rules::copy_fields::matching`, `apply::status_seen::shipment_seen`, `apply::demand::sync`, `apply::shipment_hook::demand` |
//! | MS-M7 | `rules::shipment::returns_due`, `rules::shipment::return_body`, `apply::returns::sync`, `settings::validate::tenant` |
//! | MS-M8 | `rules::positions::positions`, `settings::validate::tenant` |
//! | MS-M9 | `rules::payments::document_kind`, `rules::payments::payment_doc`, `rules::copy_fields::matching`, `apply::payments::sync` |
//! | MS-M10 | `rules::payments::payment_doc`, `settings::validate::tenant` |
//! | MS-M11 | `rules::payments::account_of`, `rules::payments::order_account`, `apply::account::decide`, `settings::validate::tenant` |
//! | MS-M12 | `rules::custom_fields::forward`, `rules::custom_fields::reverse`, `apply::order_fields::attributes`, `apply::inbound::order`, `settings::validate::tenant` |
//! | MS-S1 | `rules::positions::positions`, `settings::validate::tenant` |
//! | MS-S2 | `rules::order_export::decide` |
//! | MS-S3 | `rules::moves::moves`, `apply::moves::sync` |
//! | MS-S4 | `rules::moves::moves`, `settings::validate::tenant` |
//! | MS-S5 | `rules::inbound::order_changes`, `rules::order_lines::line_changes`, `apply::inbound::order` |
//! | MS-S9 | `rules::order_export::decide` |
//! | MS-S10 | `rules::cost_prices::cost_edits`, `apply::cost_prices::edits`, `apply::cost_prices::write` |
//! | MS-S11 | `rules::cost_prices::cost_edits`, `settings::validate::tenant` |
//! | MS-S12 | `rules::order_export::decide` |
//! | MS-S13 | `rules::positions::positions`, `settings::validate::tenant` |
//! | MS-S14 | `rules::shipment::demand_body` |
//! | MS-S15 | `rules::payments::payment_doc` |
//! | MS-S16 | `rules::counterparty::push_customer_change`, `apply::customer_push::sync` |

pub mod apply;
pub mod rules;

use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::error::{Error, Result};
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use apply::Ctx;
use async_trait::async_trait;

/// The flow; see the module docs.
pub struct CrmMoySklad;

const CONSUMES: &[Subscription] = &[
    Subscription::of(System::RetailCrm, EntityKind::Order),
    Subscription::of(System::RetailCrm, EntityKind::Customer),
    Subscription::of(System::RetailCrm, EntityKind::CorporateCustomer),
    Subscription::of(System::MoySklad, EntityKind::Order),
    Subscription::of(System::MoySklad, EntityKind::Customer),
    Subscription::of(System::MoySklad, EntityKind::Shipment),
];

#[async_trait]
impl Flow for CrmMoySklad {
    fn id(&self) -> &'static str {
        "crm_moysklad"
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.retailcrm.is_some() && tenant.moysklad.as_ref().is_some_and(|m| m.sync.is_some())
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        let ms = Ctx::new(ctx.peers, ctx.tenant)?;
        let result = route(ctx, &ms, envelope).await;
        if let Err(err) = &result {
            // MS-B7: what only the merchant can fix becomes a task (at most one open).
            apply::problems::raise(ctx.store, &ms, err).await;
        }
        result
    }
}

/// The handler of each kind of event.
async fn route(ctx: &FlowCtx<'_>, ms: &Ctx, envelope: &Envelope) -> Result<Outcome> {
    let store = ctx.store;
    match (envelope.source, envelope.entity) {
        (System::RetailCrm, EntityKind::Order) => {
            apply::order_export::sync(store, ms, envelope, ctx.claims).await
        }
        (System::RetailCrm, EntityKind::Customer | EntityKind::CorporateCustomer) => {
            apply::customer_push::sync(store, ms, envelope).await
        }
        (System::MoySklad, EntityKind::Order) => apply::inbound::order(store, ms, envelope).await,
        (System::MoySklad, EntityKind::Customer) => {
            apply::inbound::counterparty(store, ms, envelope).await
        }
        // Demand CREATE: a shipment made in MoySklad (MS-M6, MS-S10).
        (System::MoySklad, EntityKind::Shipment) => {
            apply::shipment_hook::demand(store, ms, envelope).await
        }
        (source, entity) => Err(Error::Invalid(format!(
            "crm_moysklad consumes no {entity} events from {source}"
        ))),
    }
}
