//! What can be checked of the Shop-Script settings without calling the
//! installs: addresses, secrets, the shape of the SS-4 mapping (numeric
//! ids, one stage per action in a funnel, actions whose target state is
//! known, so SS-6 can order them) and the SS-2 rules. The check against the
//! live funnels and workflow runs when the admin API saves the settings
//! (`flows::shopscript_deals::live_check`).

use super::ShopScriptSettings;
use std::collections::BTreeSet;

/// The problems of `ss`, one line each.
pub(super) fn problems(ss: &ShopScriptSettings) -> Vec<String> {
    let mut problems = Vec::new();
    for (what, url) in [("shop_url", &ss.shop_url), ("crm_url", &ss.crm_url)] {
        // Tokens travel in every request: HTTPS, but for an install on this
        // machine (development, the emulators).
        let local = ["http://localhost", "http://127.0.0.1", "http://[::1]"]
            .iter()
            .any(|p| url.starts_with(p));
        if !url.starts_with("https://") && !local {
            problems.push(format!(
                "shopscript.{what} {url:?} must start with https:// (the API token is sent with \
                 every request)"
            ));
        }
    }
    if ss.shop_token.is_empty() || ss.crm_token.is_empty() {
        problems.push("shopscript.shop_token and shopscript.crm_token are required".into());
    }
    let secret = ss.notification_secret.expose();
    if !secret.is_empty() && secret.len() < 16 {
        problems.push(
            "shopscript.notification_secret must be at least 16 characters (or empty: \
             notifications refused)"
                .into(),
        );
    }
    if !ss.order_format.contains("{id}") {
        problems.push("shopscript.order_format must contain {id}".into());
    }
    if ss.requests_per_second == 0 {
        problems.push("shopscript.requests_per_second must be at least 1".into());
    }
    for (funnel, stages) in &ss.funnels {
        if funnel.parse::<u64>().is_err() {
            problems.push(format!("SS-4 funnel {funnel:?} is not a funnel id"));
        }
        let mut actions = BTreeSet::new();
        for (stage, action) in stages {
            if stage.parse::<u64>().is_err() {
                problems.push(format!(
                    "SS-4 funnel {funnel}: stage {stage:?} is not a stage id"
                ));
            }
            if !actions.insert(action.as_str()) {
                problems.push(format!(
                    "SS-4 funnel {funnel}: action {action:?} is mapped to more than one stage"
                ));
            }
            if ss.action_state(action).is_none() {
                problems.push(format!(
                    "SS-4 funnel {funnel}: action {action:?} changes no order state that \
                     Synclane knows; name its target state in shopscript.action_states"
                ));
            }
        }
    }
    let mut storefronts = BTreeSet::new();
    for rule in &ss.automatic {
        if rule.storefront.trim().is_empty() {
            problems.push("SS-2 automatic: a rule has an empty storefront (use \"*\")".into());
        } else if !storefronts.insert(rule.storefront.trim_end_matches(['/', '*'])) {
            problems.push(format!(
                "SS-2 automatic: storefront {:?} has more than one rule",
                rule.storefront
            ));
        }
        if rule.funnel_id == 0 || rule.stage_id == 0 {
            problems.push(format!(
                "SS-2 automatic: storefront {:?} needs funnel_id and stage_id",
                rule.storefront
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use crate::settings::AutomaticDeals;
    use std::collections::BTreeMap;

    fn settings() -> ShopScriptSettings {
        ShopScriptSettings {
            shop_url: "https://shop.example".into(),
            shop_token: Secret::new("t"),
            crm_url: "http://127.0.0.1:9000".into(),
            crm_token: Secret::new("t"),
            notification_secret: Secret::default(),
            backend_url: None,
            order_format: "#100{id}".into(),
            funnels: BTreeMap::new(),
            automatic: vec![],
            action_states: BTreeMap::new(),
            requests_per_second: 5,
        }
    }

    #[test]
    fn ss_4_mapping_shape_is_checked() {
        let mut ss = settings();
        assert!(problems(&ss).is_empty(), "{:?}", problems(&ss));
        let stages = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        ss.funnels.insert(
            "3".into(),
            stages(&[("11", "pay"), ("12", "pay"), ("x", "comment")]),
        );
        let found = problems(&ss);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found.iter().any(|p| p.contains("more than one stage")));
        assert!(found.iter().any(|p| p.contains("\"x\" is not a stage id")));
        assert!(found.iter().any(|p| p.contains("\"comment\" changes no")));
        ss.funnels
            .insert("3".into(), stages(&[("11", "pay"), ("12", "confirm")]));
        ss.action_states.insert("confirm".into(), "paid".into());
        assert!(problems(&ss).is_empty(), "a named custom action passes");
    }

    #[test]
    fn addresses_secrets_and_automatic_rules_are_checked() {
        let mut ss = settings();
        ss.shop_url = "http://shop.example".into();
        ss.notification_secret = Secret::new("short");
        ss.order_format = "#".into();
        let rule = AutomaticDeals {
            storefront: "shop.example/".into(),
            funnel_id: 3,
            stage_id: 0,
        };
        ss.automatic = vec![
            rule.clone(),
            AutomaticDeals {
                storefront: "shop.example".into(),
                ..rule
            },
        ];
        let found = problems(&ss).join("\n");
        for needle in [
            "shop_url",
            "notification_secret",
            "order_format",
            "needs funnel_id",
            "more than one rule",
        ] {
            assert!(found.contains(needle), "{needle} not in {found}");
        }
    }
}
