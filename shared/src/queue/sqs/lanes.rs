//! Tenant lanes: the SQS message group a record's messages are sent in.
//!
//! Why not one group per record: SQS FIFO has no notion of tenants. With a
//! group per record, a flood of tenant A is thousands of available groups,
//! and a receive hands out available groups roughly oldest first (AWS
//! documents no other order), so tenant B's single event waits behind A's
//! whole backlog. With the records of a tenant spread over `lanes` groups
//! (`{tenant}#lane-{n}`, `n` a stable hash of the record's group), a tenant
//! has at most `lanes` groups in flight at once; while they are, SQS passes
//! over the rest of its backlog ("in-flight messages block their group") and
//! hands out the next tenant's message. That caps a tenant at `lanes`
//! batches in flight, which is the fairness: the Lambda event source's
//! `MaximumConcurrency` above the cap is left to the other tenants.
//!
//! Order: a record always maps to the same lane, so its messages keep their
//! send order. The cost: a message waiting for a retry holds up the other
//! records of its lane (a `1 / lanes` share of its tenant) for the delay.
//!
//! The record's own group travels in the `group` message attribute, so
//! receivers see the same `Received::group` as on the embedded queue (the
//! Lambda batch settles records, not lanes, side by side).

use crate::queue::tenant_of;
use sha2::{Digest, Sha256};

/// Lanes per tenant by default: 8 of the worker's `MaximumConcurrency` of 20
/// (template.yaml), so one tenant's backlog leaves 12 for the others.
pub const LANES_PER_TENANT: u32 = 8;

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
    format!("{}#lane-{n}", tenant_of(group))
}

#[cfg(test)]
mod tests {
    use super::lane_of;

    #[test]
    fn a_record_keeps_its_lane_and_a_tenant_has_at_most_the_lanes() {
        let group = "shop-a#crm_opencart#opencart#order#7";
        assert_eq!(lane_of(group, 8), lane_of(group, 8));
        assert!(lane_of(group, 8).starts_with("shop-a#lane-"));
        let lanes: std::collections::BTreeSet<String> = (0..1000)
            .map(|n| lane_of(&format!("shop-a#f#opencart#order#{n}"), 8))
            .collect();
        assert_eq!(lanes.len(), 8, "{lanes:?}");
        assert_eq!(lane_of(group, 0), group);
    }
}
