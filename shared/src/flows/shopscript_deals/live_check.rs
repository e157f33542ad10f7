//! SS-4's mapping (and SS-2's funnels) checked against the live installs
//! when settings are saved: every funnel and stage must exist in the CRM
//! (`crm.funnel.list`), every stage must belong to its funnel, and every
//! mapped action must be one the shop's workflow offers in some state
//! (`shop.settings.get`'s `order_states`). Two calls; an install that
//! refuses the token is a problem of the settings too.

use crate::connectors::webasyst::{Funnel, ShopInfo};
use crate::error::{Error, Result};
use crate::peers::Peers;
use crate::settings::TenantSettings;

/// The problems found, one line each; an error when an install could not
/// be asked (down, throttling).
pub async fn problems(peers: &Peers, tenant: &TenantSettings) -> Result<Vec<String>> {
    let Some(ss) = &tenant.shopscript else {
        return Ok(Vec::new());
    };
    let mut problems = Vec::new();
    let funnels = match peers.webasyst_crm_of(tenant)?.funnels().await {
        Ok(f) => Some(f),
        Err(Error::PeerAuth { message, .. }) => {
            problems.push(format!("the CRM refused shopscript.crm_token: {message}"));
            None
        }
        Err(other) => return Err(other),
    };
    let info = match peers.shopscript_of(tenant)?.info().await {
        Ok(info) => Some(info),
        Err(Error::PeerAuth { message, .. }) => {
            problems.push(format!("the shop refused shopscript.shop_token: {message}"));
            None
        }
        Err(other) => return Err(other),
    };
    if let Some(funnels) = &funnels {
        for (funnel, stages) in &ss.funnels {
            let stages = stages.keys().map(String::as_str);
            problems.extend(stage_problems("SS-4", funnels, funnel, stages));
        }
        for rule in &ss.automatic {
            let what = format!("SS-2 storefront {:?}", rule.storefront);
            let stage = rule.stage_id.to_string();
            let funnel = rule.funnel_id.to_string();
            problems.extend(stage_problems(
                &what,
                funnels,
                &funnel,
                [stage.as_str()].into_iter(),
            ));
        }
    }
    if let Some(info) = &info {
        for (funnel, stages) in &ss.funnels {
            for action in stages.values() {
                if !offered(info, action) {
                    problems.push(format!(
                        "SS-4 funnel {funnel}: the shop's workflow has no action {action:?}"
                    ));
                }
            }
        }
    }
    Ok(problems)
}

fn stage_problems<'a>(
    what: &str,
    funnels: &[Funnel],
    funnel: &str,
    stages: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let Some(found) = funnels.iter().find(|f| f.id.to_string() == funnel) else {
        return vec![format!("{what}: the CRM has no funnel {funnel}")];
    };
    stages
        .filter(|stage| found.stages.iter().all(|s| s.id.to_string() != *stage))
        .map(|stage| {
            format!(
                "{what}: stage {stage} is not a stage of funnel {funnel} ({})",
                found.name
            )
        })
        .collect()
}

fn offered(info: &ShopInfo, action: &str) -> bool {
    info.order_states
        .iter()
        .any(|s| s.available_actions.iter().any(|a| a == action))
}
