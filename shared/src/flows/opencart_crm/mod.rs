//! OpenCart → CRM (RULES.md block OC, forward direction;
//! seeds/opencart-crm-customer-change.txt): an OpenCart order event from our
//! extension → the CRM order, its customer and, for a company on the
//! billing address, its corporate customer.
//!
//! | rule | implemented by |
//! |---|---|
//! | OC-F1 | `rules::decide` (`CustomerStep::Use`), `apply::sync` (lookup by e-mail, then phone) |
//! | OC-F2 | `rules::decide` (`CustomerStep::Create`) |
//! | OC-F3 | `rules::decide` (`CorporateStep::Use`) |
//! | OC-F4 | `rules::decide` (`CorporateStep::Create`) |
//! | OC-X1 | `rules::precheck`, `flows::links::Claims` |
//!
//! An order deleted in the shop (`checkout/order/deleteOrder`) is skipped
//! with a journal note: a shop's deletion never deletes the CRM order,
//! which may already be paid, shipped or worked on by managers (`apply`).
//! `echo` lets the reverse flow (`crm_opencart`) mark what it wrote to
//! OpenCart as already in the CRM.

mod apply;
pub mod echo;
pub mod rules;

use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use async_trait::async_trait;

/// The flow; see the module docs.
pub struct OpenCartCrm;

/// The flow's id.
pub(crate) const ID: &str = "opencart_crm";

const CONSUMES: &[Subscription] = &[Subscription::of(System::OpenCart, EntityKind::Order)];

#[async_trait]
impl Flow for OpenCartCrm {
    fn id(&self) -> &'static str {
        ID
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.retailcrm.is_some()
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        apply::sync(ctx, envelope).await
    }
}
