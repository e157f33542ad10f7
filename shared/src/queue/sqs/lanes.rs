//! Tenant lanes: the SQS message group a record's messages are sent in.
//!
//! Why not one group per record: SQS FIFO has no notion of tenants. With a
//! group per record, a flood of tenant A is thousands of available groups,
//! and a receive hands out available groups roughly oldest first (AWS
//! documents no other order), so tenant B's single event waits behind A's
//! whole backlog. With the records of a tenant's flow spread over `lanes`
//! groups (`{tenant}#{flow}#lane-{n}`, `n` a stable hash of the record's
//! group), a tenant has at most `lanes` groups in flight per flow; while
//! they are, SQS passes over the rest of its backlog ("in-flight messages
//! block their group") and hands out the next tenant's message. That caps a
//! flood at `lanes` batches in flight for each flow it goes through (one
//! for a shop's orders, two for a CRM edit fanned out to MoySklad and
//! OpenCart), which is the fairness: the Lambda event source's
//! `MaximumConcurrency` above the cap is left to the other tenants.
//!
//! Why per flow and not per tenant: flows talk to different peers. In a
//! lane shared by two flows, a message of one waiting for its peer (an
//! OpenCart that is down) would hold up the other flow's messages (the
//! same order's MoySklad export), and could take its retries with it.
//!
//! Order: a record always maps to the same lane, so its messages keep their
//! send order. The cost: a message waiting for a retry holds up the other
//! records of its lane (a `1 / lanes` share of its flow) for the delay.
//!
//! The record's own group travels in the `group` message attribute, so
//! receivers see the same `Received::group` as on the embedded queue (the
//! Lambda batch settles records, not lanes, side by side).

use crate::queue::tenant_and_flow;
use sha2::{Digest, Sha256};

/// Lanes per tenant and flow by default: 4 of the worker's
/// `MaximumConcurrency` of 20 (template.yaml), so a tenant's backlog in one
/// flow leaves 16 for the others, and a CRM edit fanned out to two flows 12.
pub const LANES_PER_FLOW: u32 = 4;

/// The message attribute holding the record's own group.
pub(super) const GROUP_ATTRIBUTE: &str = "group";

/// The SQS message group of `group`'s messages; `lanes == 0` keeps one
/// group per record (no cap, no fairness).
pub(super) fn lane_of(group: &str, lanes: u32) -> String {
    if lanes == 0 {
        return group.to_owned();
    }
    let digest = Sha256::digest(group.as_bytes());
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) % lanes;
    format!("{}#lane-{n}", tenant_and_flow(group))
}

#[cfg(test)]
mod tests {
    use super::lane_of;

    #[test]
    fn a_record_keeps_its_lane_and_a_flow_has_at_most_the_lanes() {
        let group = "shop-a#crm_opencart#opencart#order#7";
        assert_eq!(lane_of(group, 8), lane_of(group, 8));
        assert!(lane_of(group, 8).starts_with("shop-a#crm_opencart#lane-"));
        let lanes: std::collections::BTreeSet<String> = (0..1000)
            .map(|n| lane_of(&format!("shop-a#f#opencart#order#{n}"), 8))
            .collect();
        assert_eq!(lanes.len(), 8, "{lanes:?}");
        assert_eq!(lane_of(group, 0), group);
    }

    #[test]
    fn two_flows_of_one_record_never_share_a_lane() {
        for n in 0..100 {
            let record = format!("retailcrm#order#{n}");
            let to_shop = lane_of(&format!("shop-a#crm_opencart#{record}"), 4);
            let to_warehouse = lane_of(&format!("shop-a#crm_moysklad#{record}"), 4);
            assert_ne!(to_shop, to_warehouse);
        }
        assert!(lane_of("shop-a", 4).starts_with("shop-a#lane-"));
    }
}
