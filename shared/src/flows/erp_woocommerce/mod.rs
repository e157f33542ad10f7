//! ERP contacts → WooCommerce B2B customers (RULES.md block EW; seed
//! `erp-to-woocommerce-b2b-customers.fr.txt`): each ERP third party posted
//! to `/hooks/{tenant}/erp` becomes WooCommerce accounts for itself and its
//! contacts, activated and deactivated as the ERP says. On for tenants with
//! a WooCommerce shop.
//!
//! | rule | implemented by |
//! |---|---|
//! | EW-1 | `rules::ew_1_fields` (`desired`, `changes`: only what differs is sent) |
//! | EW-2 | `rules::ew_2_password` (who makes the password), `execute::run` (generated right before the create, never kept) |
//! | EW-3 | `rules::ew_3_address` |
//! | EW-4 | `rules::ew_4_accounts` (one account per e-mail), `parties::claim` (one worker creates it), `apply::sync` (`registration-error-email-exists` → the existing account is linked) |
//! | EW-5 | `rules::ew_5_inactive`, `shop::read` (an inactive party's account found by e-mail) |
//! | EW-6 | `rules::ew_6_web_mode` |
//! | EW-7 | `rules::ew_7_no_contacts`, `apply::sync` |
//!
//! Beyond the seed: versions older than the one applied are skipped and an
//! unchanged record costs no request (`applied`); the shop's webhooks about
//! a managed account are journalled and repaired at the next feed
//! (`shop_events`).
//!
//! Files: `apply` (one third party, end to end), `shop` (what is read of
//! the shop), `parties` (links and claims), `execute` (the plan carried
//! out), `record` (links written), `account` (an account's fingerprint),
//! `applied` (the version applied and the repair mark), `report` (journal),
//! `shop_events` (webhooks), `rules` (pure).

mod account;
mod applied;
mod apply;
mod execute;
mod parties;
mod record;
mod report;
pub mod rules;
mod shop;
pub(crate) mod shop_events;

use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use async_trait::async_trait;

/// The flow; see the module docs.
pub struct ErpWooCommerce;

const CONSUMES: &[Subscription] = &[
    Subscription::of(System::Erp, EntityKind::ThirdParty),
    Subscription::of(System::WooCommerce, EntityKind::Customer),
];

#[async_trait]
impl Flow for ErpWooCommerce {
    fn id(&self) -> &'static str {
        "erp_woocommerce"
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.woocommerce.is_some()
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        match envelope.source {
            System::WooCommerce => shop_events::apply(ctx, envelope).await,
            _ => apply::sync(ctx, envelope).await,
        }
    }
}
