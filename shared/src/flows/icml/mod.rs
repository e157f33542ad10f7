//! ICML (MS-B9): the CRM's catalogue format, generated from the MoySklad
//! catalogue so a shop without its own catalogue sync can load MoySklad's
//! goods into the CRM with xmlIds that the stock pull then matches.
//!
//! Structure (RetailCRM "ICML" docs, a YML dialect):
//! `<yml_catalog date><shop><name/><company/><categories><category id
//! parentId?>name</category>…</categories><offers><offer id productId
//! quantity?><price/><purchasePrice/><categoryId/><name/><productName/>
//! <xmlId/><vendor/>?<param name code>…</param>*</offer>…</offers></shop>
//! </yml_catalog>`.
//!
//! Mapping: product folders → categories; a product without modifications →
//! one offer (id = productId = product id, xmlId = external code); a product
//! with modifications → one offer per variant (id = variant id, productId =
//! product id, xmlId = `product#variant`). Prices: the first sale price and
//! the purchase price, kopecks → roubles. Written as it is read, one page of
//! 1000 goods at a time (`write`); `validate` checks a document's structure.
//!
//! | rule | implemented by |
//! |---|---|
//! | MS-B9 | `write::write`, `validate::validate`, `export::run`, `refresh::IcmlRefresh`, `hooks::catalogue` |
//!
//! On demand: `synclane icml` writes one to a file; the admin API queues an
//! export (`export`) that a worker publishes to `files` (a directory, or S3).
//! For the CRM: `refresh` queues one when the catalogue is older than the
//! tenant's `icml.every_hours`, and `hooks::catalogue` serves it at a stable
//! public URL.

pub mod export;
pub mod files;
pub mod refresh;
pub mod status;
mod validate;
mod write;

pub use status::{ExportState, ExportStatus, Published};
pub use validate::{IcmlSummary, validate};
pub use write::{IcmlShop, write};

use super::schedule::ScheduledJob;
use super::{Flow, FlowCtx, Outcome, Subscription};
use crate::error::Result;
use crate::model::{EntityKind, Envelope, System};
use crate::settings::TenantSettings;
use async_trait::async_trait;
use files::CatalogueFiles;
use std::sync::Arc;

/// The flow: export requests (MS-B9) → published catalogues, and the
/// `icml-refresh` job that requests them on a timer.
pub struct Icml {
    /// Where catalogues are published; `None`: this process refuses exports
    /// (on AWS only the `icml-export` function may write the bucket).
    files: Option<Arc<dyn CatalogueFiles>>,
}

impl Icml {
    pub fn new(files: Option<Arc<dyn CatalogueFiles>>) -> Self {
        Icml { files }
    }
}

/// The flow's id: export requests are queued for it directly.
pub const FLOW_ID: &str = "icml";

const CONSUMES: &[Subscription] = &[Subscription::of(System::MoySklad, EntityKind::Catalogue)];

#[async_trait]
impl Flow for Icml {
    fn id(&self) -> &'static str {
        FLOW_ID
    }

    fn consumes(&self) -> &'static [Subscription] {
        CONSUMES
    }

    fn applies_to(&self, tenant: &TenantSettings) -> bool {
        tenant.moysklad.is_some()
    }

    async fn handle(&self, ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
        export::run(ctx, self.files.as_deref(), envelope).await
    }

    fn jobs(&self) -> Vec<Arc<dyn ScheduledJob>> {
        vec![Arc::new(refresh::IcmlRefresh)]
    }
}
