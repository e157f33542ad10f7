//! The composition root's lists: every flow and every scheduled job. The
//! only place in the library that names each flow; everything else reaches
//! them through the `Registry`.

use crate::backfill::queued::BackfillRuns;
use crate::customers::export_job::CustomerExports;
use crate::flows::crm_moysklad::CrmMoySklad;
use crate::flows::crm_opencart::CrmOpenCart;
use crate::flows::erp_woocommerce::ErpWooCommerce;
use crate::flows::icml::Icml;
use crate::flows::icml::files::CatalogueFiles;
use crate::flows::moysklad_retail::MoySkladRetail;
use crate::flows::opencart_crm::OpenCartCrm;
use crate::flows::schedule::ScheduledJob;
use crate::flows::shopscript_deals::ShopScriptDeals;
use crate::flows::stock::Stock;
use crate::flows::{Flow, Registry};
use crate::jobs::crm_history::CrmHistoryPoll;
use crate::jobs::moysklad_webhooks::MoySkladWebhooks;
use crate::jobs::shopscript_orders::ShopScriptOrderPoll;
use crate::jobs::webasyst_deals::WebasystDealPoll;
use std::sync::Arc;

/// Every flow. `catalogue_files`: where ICML and customer exports are
/// published (`None`: this process refuses them).
pub fn registry(catalogue_files: Option<Arc<dyn CatalogueFiles>>) -> Registry {
    let flows: Vec<Arc<dyn Flow>> = vec![
        Arc::new(OpenCartCrm),
        Arc::new(CrmOpenCart),
        Arc::new(CrmMoySklad),
        Arc::new(MoySkladRetail),
        Arc::new(Stock),
        Arc::new(Icml::new(catalogue_files.clone())),
        Arc::new(CustomerExports::new(catalogue_files)),
        Arc::new(ErpWooCommerce),
        Arc::new(ShopScriptDeals),
        Arc::new(BackfillRuns),
    ];
    Registry::new(flows)
}

/// Every scheduled job: the sources' polls and upkeep, then the flows' own.
pub fn jobs(registry: &Registry) -> Vec<Arc<dyn ScheduledJob>> {
    let mut jobs: Vec<Arc<dyn ScheduledJob>> = vec![
        Arc::new(CrmHistoryPoll),
        Arc::new(MoySkladWebhooks),
        Arc::new(ShopScriptOrderPoll),
        Arc::new(WebasystDealPoll),
    ];
    jobs.extend(registry.jobs());
    jobs
}

/// The job called `name`.
pub fn job(registry: &Registry, name: &str) -> Option<Arc<dyn ScheduledJob>> {
    jobs(registry).into_iter().find(|job| job.name() == name)
}
