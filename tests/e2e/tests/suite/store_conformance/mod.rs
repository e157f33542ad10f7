//! The `Store` contract, run against every implementation.
//!
//! Each case is a plain async function over a fresh, empty store;
//! `store_suite!` turns the list of cases into one `#[tokio::test]` per case
//! and backend (`store_conformance::dynamo::<case>`, `..::sqlite::<case>`).

mod accounts;
mod dead_letters;
mod expiry;
mod keys;
mod leases;
mod links;
mod tenants;
mod usage;

use synclane::store::Store;

/// A fresh, empty store behind the port.
pub type Fresh = Store;

/// `store_suite!(backend, fresh_store_future)`: one test per case.
macro_rules! store_suite {
    ($backend:ident, $fresh:expr) => {
        store_suite!(@cases $backend, $fresh, [
            tenants_put_get_list,
            put_link_if_absent_twice,
            replace_link_checks_the_version,
            links_of_group_follow_the_group,
            concurrent_put_link_if_absent_has_one_winner,
            idempotency_claim_release,
            idempotency_key_expires,
            cursors_are_versioned,
            journal_lists_newest_first,
            journal_entries_expire,
            lease_has_one_holder,
            expired_lease_is_takeable,
            concurrent_lease_has_one_winner,
            snapshots_batch_get_put,
            usage_counts_with_a_new_done_key_only,
            concurrent_metered_claims_count_once,
            dead_letters_per_tenant_removed_once,
            accounts_and_keys,
        ]);
    };
    (@cases $backend:ident, $fresh:expr, [$($case:ident),* $(,)?]) => {
        mod $backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $case() {
                    super::$case($fresh.await).await;
                }
            )*
        }
    };
}

use accounts::accounts_and_keys;
use dead_letters::dead_letters_per_tenant_removed_once;
use expiry::{idempotency_key_expires, journal_entries_expire};
use keys::{cursors_are_versioned, idempotency_claim_release, journal_lists_newest_first};
use leases::{
    concurrent_lease_has_one_winner, expired_lease_is_takeable, lease_has_one_holder,
    snapshots_batch_get_put,
};
use links::{
    concurrent_put_link_if_absent_has_one_winner, links_of_group_follow_the_group,
    put_link_if_absent_twice, replace_link_checks_the_version,
};
use tenants::tenants_put_get_list;
use usage::{concurrent_metered_claims_count_once, usage_counts_with_a_new_done_key_only};

store_suite!(dynamo, crate::support::aws::dynamo_store());

store_suite!(sqlite, crate::support::sqlite::store());
