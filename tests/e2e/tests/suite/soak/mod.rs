//! Issue 18, items 1 and 4: the chaos soak's CI version. A seeded stream of
//! OpenCart order events (new orders, later edits; 30% delivered twice,
//! shuffled) and CRM managers' orders and status changes (read by the
//! history poll, exported to MoySklad) for three tenants goes through a
//! real `synclane serve` twice: clean, and with every peer emulator
//! faulting 20% of its requests (503, 429 with Retry-After, timeouts,
//! resets, cut bodies; half after applying the write) while the process is
//! killed with SIGKILL every 1–3 s. The end states must be equal (nothing
//! lost, nothing doubled), no peer's rate limit is ever hit, no dead letter
//! goes unexplained, no panic is logged, and no configured secret appears in
//! the debug logs, error answers or journals. The figures of the long runs
//! are in BENCHMARKS.md (`synclane-bench soak`).

use crate::support::process;
use synclane_bench::soak::{self, Backend, SoakConfig};

async fn soak(events: usize, backend: Backend) {
    let mut config = SoakConfig::new(events, 3, 18, backend);
    config.binary = process::binary();
    config.drain_limit = std::time::Duration::from_secs(600);
    let report = soak::run(config).await.expect("the soak runs");
    report.print();
    let problems = report.problems();
    assert!(problems.is_empty(), "the soak failed: {problems:#?}");
}

/// 200 events rather than the 1,000: on the CI's 2 shared cores a
/// debug `synclane serve` killed every 1–3 s drains about one event a
/// second under the faults (each restart costs a second of start-up), so
/// 1,000 events would take some 20 minutes; 200 take about 4 (BENCHMARKS.md,
/// "Chaos soak", has the long runs).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn soak_200_events_faults_and_kills_end_as_a_clean_run_sqlite() {
    soak(200, Backend::Sqlite).await;
}

/// The worker processes on DynamoDB and SQS (moto), killed the same way.
/// Ignored: its clean pass alone took over 5 minutes on moto here, and on
/// AWS a killed worker's link claims still wait out their 15 s lease (many
/// processes share the store), so it does not fit the CI's time yet. Run it
/// with `bash infra/test.sh -p synclane-e2e -- soak_60 --ignored`.
#[ignore = "too slow for the CI on moto (BENCHMARKS.md, Chaos soak)"]
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn soak_60_events_workers_killed_end_as_a_clean_run_aws() {
    soak(
        60,
        Backend::Aws {
            endpoint: crate::support::aws::endpoint(),
        },
    )
    .await;
}
