//! Shop-Script ⇄ Webasyst CRM options (RULES.md block SS): the two
//! Webasyst installs and their API tokens, the secret of the shop's HTTP
//! notifications, the funnel stage ↔ order action mapping (SS-4) and the
//! automatic mode per storefront (SS-2).
//!
//! The default order workflow's actions and the states they lead to are
//! kept here (`DEFAULT_ACTION_STATES`), read from Shop-Script's own
//! `lib/config/data/workflow.php`: SS-6 needs each mapped action's target
//! state to tell a forward move from a backward one, and the API does not
//! publish it (`shop.settings.get` lists states and the actions available
//! in each, not where an action leads). A shop's custom actions are named
//! in `action_states`.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The default workflow's state-changing actions and their target states.
pub const DEFAULT_ACTION_STATES: &[(&str, &str)] = &[
    ("create", "new"),
    ("process", "processing"),
    ("pay", "paid"),
    ("capture", "paid"),
    ("fulfilling", "fulfilling"),
    ("ship", "shipped"),
    ("pickup", "pickup"),
    ("complete", "completed"),
    ("refund", "refunded"),
    ("cancel", "refunded"),
    ("delete", "deleted"),
];

/// A shop on Shop-Script and the CRM its orders' deals live in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShopScriptSettings {
    /// The Webasyst install the shop runs on, e.g. `https://shop.example`
    /// (its API answers at `{shop_url}/api.php/shop.*`).
    pub shop_url: String,
    /// An API token of that install with the `shop` scope (see README).
    pub shop_token: Secret,
    /// The Webasyst install of the CRM (the shop's own one is allowed).
    pub crm_url: String,
    /// An API token of the CRM install with the `crm` scope.
    pub crm_token: Secret,
    /// The value of the `X-Synclane-Secret` header the merchant puts in
    /// each "HTTP request" notification rule; notifications without it are
    /// refused. Empty (the default): every notification is refused and the
    /// catch-up poll alone brings changes.
    #[serde(default)]
    pub notification_secret: Secret,
    /// The shop's backend, for the order link on the deal (SS-3). Default
    /// `{shop_url}/webasyst/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend_url: Option<String>,
    /// How order numbers read (Shop-Script's "order number format"), `{id}`
    /// standing for the order's id. Default `#100{id}`, Shop-Script's own.
    #[serde(default = "default_order_format")]
    pub order_format: String,
    /// SS-4: per CRM funnel id, stage id → the order action it runs (and
    /// that moves a deal of that funnel to it).
    #[serde(default)]
    pub funnels: BTreeMap<String, BTreeMap<String, String>>,
    /// SS-2: storefronts whose new orders each get a deal.
    #[serde(default)]
    pub automatic: Vec<AutomaticDeals>,
    /// Target states of the shop's custom workflow actions (the default
    /// workflow's are known, `DEFAULT_ACTION_STATES`).
    #[serde(default)]
    pub action_states: BTreeMap<String, String>,
    /// Requests per second Synclane sends to each install (default 5). A
    /// Webasyst install states no limit; its PHP workers are shared with
    /// the shop's visitors and the CRM's users.
    #[serde(default = "requests_per_second")]
    pub requests_per_second: u32,
}

/// SS-2: one storefront's automatic mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutomaticDeals {
    /// The storefront as orders carry it (`params.storefront`, e.g.
    /// `shop.example/`), or `*` for every order, backend ones included.
    pub storefront: String,
    /// The funnel and stage new deals start in.
    pub funnel_id: u64,
    pub stage_id: u64,
}

impl ShopScriptSettings {
    /// The shop backend's base, ending with `/`.
    pub fn backend(&self) -> String {
        match &self.backend_url {
            Some(url) => format!("{}/", url.trim_end_matches('/')),
            None => format!("{}/webasyst/", self.shop_url.trim_end_matches('/')),
        }
    }

    /// The state `action` leads to: the shop's own setting, else the
    /// default workflow's; `None` for actions that change no state
    /// (comment, message, edit) and unknown custom ones.
    pub fn action_state(&self, action: &str) -> Option<&str> {
        self.action_states
            .get(action)
            .map(String::as_str)
            .or_else(|| {
                DEFAULT_ACTION_STATES
                    .iter()
                    .find(|(a, _)| *a == action)
                    .map(|(_, s)| *s)
            })
    }

    /// SS-4: the stage of funnel `funnel` that `action` moves a deal to.
    pub fn stage_for_action(&self, funnel: u64, action: &str) -> Option<u64> {
        self.funnels
            .get(&funnel.to_string())?
            .iter()
            .find(|(_, a)| a.as_str() == action)
            .and_then(|(stage, _)| stage.parse().ok())
    }

    /// SS-4: the action a deal moved to `stage` of `funnel` runs.
    pub fn action_for_stage(&self, funnel: u64, stage: u64) -> Option<&str> {
        self.funnels
            .get(&funnel.to_string())?
            .get(&stage.to_string())
            .map(String::as_str)
    }

    /// SS-2: the automatic rule for an order of `storefront` (an exact
    /// match first, ignoring a trailing `/` or `*`, then `*`).
    pub fn automatic_for(&self, storefront: Option<&str>) -> Option<&AutomaticDeals> {
        let norm = |s: &str| s.trim_end_matches(['/', '*']).to_owned();
        let wanted = storefront.map(norm);
        self.automatic
            .iter()
            .find(|r| r.storefront != "*" && Some(norm(&r.storefront)) == wanted)
            .or_else(|| self.automatic.iter().find(|r| r.storefront == "*"))
    }
}

fn default_order_format() -> String {
    "#100{id}".into()
}

fn requests_per_second() -> u32 {
    5
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(extra: &str) -> ShopScriptSettings {
        toml::from_str(&format!(
            "shop_url = \"https://shop.example\"\nshop_token = \"s\"\n\
             crm_url = \"https://crm.example\"\ncrm_token = \"c\"\n{extra}"
        ))
        .unwrap()
    }

    #[test]
    fn defaults_and_lookups() {
        let s = parse(
            "[funnels.3]\n11 = \"process\"\n12 = \"pay\"\n\
             [[automatic]]\nstorefront = \"shop.example/\"\nfunnel_id = 3\nstage_id = 10\n\
             [[automatic]]\nstorefront = \"*\"\nfunnel_id = 4\nstage_id = 20\n\
             [action_states]\nconfirm_pay = \"paid\"",
        );
        assert_eq!(s.backend(), "https://shop.example/webasyst/");
        assert_eq!(s.order_format, "#100{id}");
        assert_eq!(s.requests_per_second, 5);
        assert_eq!(s.stage_for_action(3, "pay"), Some(12));
        assert_eq!(s.action_for_stage(3, 11), Some("process"));
        assert_eq!(s.action_for_stage(4, 11), None);
        assert_eq!(s.action_state("ship"), Some("shipped"));
        assert_eq!(s.action_state("confirm_pay"), Some("paid"));
        assert_eq!(s.action_state("comment"), None);
        let rule = s.automatic_for(Some("shop.example")).unwrap();
        assert_eq!(rule.funnel_id, 3);
        assert_eq!(s.automatic_for(None).unwrap().funnel_id, 4);
        assert!(!format!("{s:?}").contains("\"s\""), "tokens never printed");
    }
}
