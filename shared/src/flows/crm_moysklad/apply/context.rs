//! The tenant's CRM and MoySklad clients for one message, from the
//! process's `Peers` (which hold the shared rate budgets).

use crate::connectors::moysklad::MoySklad;
use crate::connectors::retailcrm::RetailCrm;
use crate::error::{Error, Result};
use crate::peers::Peers;
use crate::settings::{MoySkladSync, TenantSettings};

/// Everything a CRM ⇄ MoySklad handler needs.
pub(crate) struct Ctx {
    pub settings: TenantSettings,
    pub sync: MoySkladSync,
    pub crm: RetailCrm,
    pub ms: MoySklad,
}

impl Ctx {
    pub fn new(peers: &Peers, settings: &TenantSettings) -> Result<Ctx> {
        let ms_settings = settings.moysklad_account()?;
        let sync = ms_settings
            .sync
            .clone()
            .ok_or_else(|| Error::Invalid("the CRM ⇄ MoySklad sync is off".into()))?;
        Ok(Ctx {
            crm: peers.crm_of(settings)?,
            ms: peers.moysklad(&settings.id, ms_settings),
            sync,
            settings: settings.clone(),
        })
    }
}
