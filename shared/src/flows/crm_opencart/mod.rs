//! CRM → OpenCart (RULES.md block OC, reverse direction;
//! seeds/opencart-crm-customer-change.txt, "Reverse direction"): a CRM
//! order edit (history poll) → the OpenCart order's Customer section,
//! billing (payment) and delivery sections, through our extension's API.
//! Only orders the forward flow (`opencart_crm`) linked are changed; no
//! OpenCart customer or order is ever created.
//!
//! | rule | implemented by |
//! |---|---|
//! | OC-R1 | `rules::company_name`, `rules::decide` (billing left as it is, journal note) |
//! | OC-R2 | `rules::decide` (Customer section, delivery name), `accounts::find` (the account, by link then e-mail) |
//! | OC-R3 | `rules::decide` (`customer_id` 0: a guest order; nothing created) |
//! | OC-R4 | `rules::decide` (billing company and contact name) |
//! | OC-R5 | `rules::decide`, `rules::buyer_changed` (only the fields that changed) |
//! | OC-X1 | `rules::precheck` |
//!
//! It takes the CRM changes made with our own API key too
//! (`own_changes`): another flow's write to a CRM order (MoySklad's
//! customer change, MS-C5) must reach OpenCart, while the forward flow's
//! own writes come back as changes OpenCart already shows, which the rules
//! find empty (see `apply` for echoes in both directions).

pub(crate) mod accounts;
mod apply;
pub mod rules;

use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use async_trait::async_trait;

/// The flow; see the module docs.
pub struct CrmOpenCart;

const CONSUMES: &[Subscription] = &[Subscription {
    source: System::RetailCrm,
    entity: EntityKind::Order,
    own_changes: true,
}];

#[async_trait]
impl Flow for CrmOpenCart {
    fn id(&self) -> &'static str {
        "crm_opencart"
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.retailcrm.is_some()
            && tenant
                .opencart
                .as_ref()
                .is_some_and(|oc| oc.base_url.is_some())
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        apply::sync(ctx, envelope).await
    }
}
