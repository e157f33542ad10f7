//! `erp_woocommerce`'s dry run.
//!
//! - A WooCommerce customer: the account as the shop holds it now
//!   (`GET customers/{id}`; gone: as a `customer.deleted` webhook, else as
//!   a `customer.updated` one) asked to the flow's own plan
//!   (`shop_events::plan`): an account it does not manage, or one that
//!   matches the fingerprint of its last write, is a skip; any other is a
//!   journal entry and a repair mark for its third party's next feed.
//! - An ERP third party: a skip. The ERP pushes its feed to Synclane
//!   (`POST /hooks/{tenant}/erp`, the CSV upload) and offers no API to read
//!   a third party back by id, and Synclane keeps only the version and
//!   fingerprint it applied, not the record; so there is nothing to plan
//!   from until the ERP sends the record again.

use super::{Command, FlowPlan, Reads};
use crate::error::{Error, Result};
use crate::flows::erp_woocommerce::shop_events::{self, Change, Repair};

const FLOW: &str = "erp_woocommerce";

/// Why an ERP third party has no dry run (see the module docs).
pub(super) const THIRD_PARTY: &str = "the ERP pushes its feed to Synclane and cannot be read \
     back by id; Synclane keeps only the version it applied, not the record: the plan is \
     made when the ERP sends the third party again";

pub(super) fn third_party() -> FlowPlan {
    FlowPlan::skip(FLOW, THIRD_PARTY)
}

pub(super) async fn customer(reads: &Reads<'_>, id: &str) -> Result<FlowPlan> {
    let settings = reads.tenant;
    let shop = settings.woocommerce_shop()?;
    let account: i64 = id
        .parse()
        .map_err(|_| Error::Invalid(format!("{id:?} is not a WooCommerce customer id")))?;
    let woo = reads.peers.woocommerce(&settings.id, shop);
    let change = match woo.customer(account).await? {
        Some(now) => Change::Updated(Box::new(now)),
        None => Change::Deleted,
    };
    let plan = shop_events::plan(reads.store, shop, &settings.id, account, &change).await?;
    let Repair { owner, message } = match plan {
        Ok(repair) => repair,
        Err(reason) => return Ok(FlowPlan::skip(FLOW, reason)),
    };
    Ok(FlowPlan::apply(
        FLOW,
        vec![
            Command::new("synclane", "journal_note").data(&message),
            Command::new("synclane", "mark_for_repair").record(owner.tiers_id()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::dry_run::Verdict;

    #[test]
    fn dry_run_of_an_erp_third_party_is_a_skip_that_says_why() {
        let plan = third_party();
        assert_eq!(plan.flow, "erp_woocommerce");
        assert_eq!(plan.verdict, Verdict::Skip);
        assert!(plan.commands.is_empty());
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(json["verdict"], "skip");
        assert!(
            json["reason"]
                .as_str()
                .unwrap()
                .contains("cannot be read back")
        );
    }
}
