//! MoySklad retail sales → CRM orders and buyers (RULES.md MS-R1..MS-R4,
//! MS-C3, MS-C5; seed sections "Розница", "Корпоративные клиенты", "Смена
//! клиента"). A `retaildemand` CREATE webhook brings a sale; `apply` reads
//! it, resolves the buyer, gathers the CRM order and its other sales, asks
//! `rules` and carries out their plan.
//!
//! | rule | implemented by |
//! |---|---|
//! | MS-R1 | `rules::decide`, `rules::new_order_items`, `apply::order::apply`, `apply::switch::set_retail` |
//! | MS-R2 | `rules::reconcile` |
//! | MS-R3 | `rules::desired_payments`, `rules::missing_payments` |
//! | MS-R4 | `rules::order_fields` |
//! | MS-C3 | `rules::plan_buyer`, `apply::buyer::resolve` |
//! | MS-C5 | `rules::plan_buyer`, `apply::buyer::resolve` |

pub mod apply;
pub mod rules;

use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use async_trait::async_trait;

/// The flow; see the module docs.
pub struct MoySkladRetail;

const CONSUMES: &[Subscription] = &[Subscription::of(System::MoySklad, EntityKind::RetailSale)];

#[async_trait]
impl Flow for MoySkladRetail {
    fn id(&self) -> &'static str {
        "moysklad_retail"
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.retailcrm.is_some()
            && tenant
                .moysklad
                .as_ref()
                .and_then(|m| m.sync.as_ref())
                .is_some_and(|s| s.retail.enabled)
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        apply::sync(ctx, envelope).await
    }
}
