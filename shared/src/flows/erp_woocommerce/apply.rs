//! One ERP third party → its WooCommerce accounts: the stale and unchanged
//! checks, links and the shop's accounts read, new accounts claimed, the
//! rules asked, the plan carried out, links and the applied version
//! recorded.
//!
//! Resumable: every account is linked as soon as the shop has it, and the
//! version is recorded last. A delivery that failed halfway is redelivered;
//! the accounts it created are then linked (or, if it died before linking
//! them, found through `registration-error-email-exists`) and only what is
//! left is written. Rounds: an e-mail found taken or an account found gone
//! sends its account through a new read and plan, at most `ROUNDS` times.

use super::execute::{self, Done};
use super::parties;
use super::record::Recorder;
use super::report::Report;
use super::rules::{self, AccountPlan, ErpRef, Input, Plan};
use super::{applied, shop};
use crate::connectors::erp::ThirdParty;
use crate::error::{Error, Result};
use crate::flows::links::Claim;
use crate::flows::{FlowCtx, Outcome};
use crate::model::Envelope;
use std::collections::{HashMap, HashSet};

/// Plan-and-write rounds before the shop counts as changing under us.
const ROUNDS: usize = 3;

pub(super) async fn sync(ctx: &FlowCtx<'_>, envelope: &Envelope) -> Result<Outcome> {
    let shop = ctx.tenant.woocommerce_shop()?;
    let tp = ThirdParty::from_payload(&envelope.payload)?;
    let tenant = &envelope.tenant;
    let cursors = ctx.store.cursors.as_ref();
    let stored = applied::load(cursors, tenant, &tp.tiers_id).await?;
    let last = stored.applied.updated_at;
    if let Some(last) = last.filter(|last| tp.updated_at < *last) {
        return Ok(Outcome::Skipped(format!(
            "stale: version {} is older than version {last} already applied",
            tp.updated_at
        )));
    }
    let content = applied::content(shop, &tp);
    let mut record = applied::Applied {
        updated_at: Some(tp.updated_at),
        fingerprint: Some(content.clone()),
        dedupe_key: Some(envelope.dedupe_key.clone()),
    };
    if stored.applied.fingerprint.as_deref() == Some(content.as_str()) {
        applied::save(cursors, tenant, &tp.tiers_id, stored, &record).await?;
        return Ok(Outcome::Skipped(
            "unchanged since the version last applied".into(),
        ));
    }
    if !rules::is_sent(&tp) {
        applied::save(cursors, tenant, &tp.tiers_id, stored, &record).await?;
        return Ok(Outcome::Skipped(
            "EW-7: a third party without contacts is not sent".into(),
        ));
    }
    let woo = ctx.peers.woocommerce(tenant, shop);
    let links_store = ctx.store.links.as_ref();
    let (wanted, _) = rules::wanted_accounts(&tp);
    let mut links = parties::load(links_store, tenant, &wanted).await?;
    let mut accounts = shop::read(&woo, &wanted, &links).await?;
    let recorder = Recorder {
        store: links_store,
        claims: ctx.claims,
        tenant,
        settings: shop,
    };
    let mut held: HashMap<ErpRef, Claim> = HashMap::new();
    // The e-mails still to settle; `None`: every account.
    let mut todo: Option<HashSet<String>> = None;
    let mut report = Report::default();
    for round in 1..=ROUNDS {
        for w in wanted.iter().filter(|w| pending(&todo, &w.email)) {
            let owner = &w.parties[0];
            if w.active
                && !held.contains_key(owner)
                && shop::linked(w, &links, &accounts).is_none()
                && let Some(claim) = parties::claim(
                    links_store,
                    ctx.claims,
                    &woo,
                    tenant,
                    w,
                    &mut accounts,
                    &mut links,
                )
                .await?
            {
                held.insert(owner.clone(), claim);
            }
        }
        let input = Input {
            settings: shop,
            third_party: &tp,
            accounts: &accounts,
            links: &links,
            last_applied: last,
        };
        let Plan::Apply {
            accounts: plans,
            notes,
            ..
        } = rules::plan(input)
        else {
            return Err(Error::Invalid("the rules skipped a checked record".into()));
        };
        if round == 1 {
            report.notes = notes;
        }
        let plans: Vec<AccountPlan> = plans
            .into_iter()
            .filter(|p| pending(&todo, &p.email))
            .collect();
        let results = execute::run(&woo, &plans, &accounts).await?;
        let mut again = HashSet::new();
        for (plan, settled) in plans.iter().zip(results) {
            let mut outcomes = vec![settled.done];
            outcomes.extend(settled.role);
            for done in outcomes {
                match done {
                    Done::Account(account) => {
                        let claim = held.remove(&plan.parties[0]);
                        recorder.account(plan, &account, claim, &mut links).await?;
                        accounts.retain(|a| a.id != account.id);
                        accounts.push(*account);
                    }
                    Done::EmailTaken => {
                        shop::by_email(&woo, &plan.email, &mut accounts).await?;
                        again.insert(plan.email.to_lowercase());
                    }
                    Done::Gone(id) => {
                        accounts.retain(|a| a.id != id);
                        again.insert(plan.email.to_lowercase());
                    }
                    Done::NotCreated => {}
                    Done::Refused(why) => report.refused.push(format!("{}: {why}", plan.email)),
                    Done::Transient(error) => report.retry(error),
                }
            }
        }
        if again.is_empty() {
            break;
        }
        if round == ROUNDS {
            report.retry(Error::Busy(format!(
                "accounts of {} kept changing in the shop: {again:?}",
                tp.tiers_id
            )));
        }
        todo = Some(again);
    }
    report.journal(ctx, &tp.tiers_id).await;
    if let Some(error) = report.transient.take() {
        return Err(error);
    }
    // A refused account keeps the fingerprint off: the same feed tries again.
    if !report.complete() {
        record.fingerprint = None;
    }
    applied::save(cursors, tenant, &tp.tiers_id, stored, &record).await?;
    Ok(Outcome::Applied)
}

/// Whether `email` is still to be settled.
fn pending(todo: &Option<HashSet<String>>, email: &str) -> bool {
    todo.as_ref()
        .is_none_or(|emails| emails.contains(&email.to_lowercase()))
}
