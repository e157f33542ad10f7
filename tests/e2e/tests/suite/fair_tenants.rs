//! Issue 18 item 3, fair tenants on the local runtime: tenant A floods the
//! queue, the worker loops (the local runtime's, `worker_loop::run`) are busy
//! with it, then tenant B sends one event. B's event is settled after at
//! most `BOUND` more of A's messages, not after A's whole backlog.
//!
//! The bound: a receive takes every tenant's oldest group head in turn, so
//! B's message is in the next batch any loop receives, second at worst
//! (behind A's oldest); that loop first finishes the batch it holds. With
//! `WORKERS` loops of `BATCH` messages, at most `WORKERS × (BATCH + 1)` of A's
//! messages are settled meanwhile (each loop's current batch and A's head
//! before B; the per-message cost being alike). Counted, not timed.
//!
//! The events are cheap (their flow is off for these tenants, so each is
//! settled after the tenant lookup): the queue and the loops are what is
//! under test. `synclane-bench fair` runs the 10,000-event flood and times it.
//!
//! What is exact and asserted as such: no receive started after B's send
//! returned hands out A's messages without B's, and B's is at most second. What depends on
//! the loops' relative speed: how many of A's messages the other loops
//! settle meanwhile; asserted within twice the like-cost figure (`BOUND`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use synclane::Result;
use synclane::model::{EntityKind, Envelope, EventKind, System, TenantId};
use synclane::queue::{Outgoing, Queue, Received, tenant_of};
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane::secret::Secret;
use synclane::settings::TenantSettings;
use synclane::store::Store;
use tokio::sync::watch;

const WORKERS: usize = 4;
const BATCH: usize = 10;
/// A's messages settled between B's send and B's settling, per-message
/// costs alike: every loop's batch in hand, and A's head before B.
const BOUND: usize = WORKERS * (BATCH + 1);
/// A's flood in CI (the benchmark floods 10,000), and how many of A's
/// messages are settled before B sends (the loops are mid-flood).
struct Plan {
    flood: usize,
    busy: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fair_tenants_one_event_of_b_is_not_held_up_by_a_flood_of_a() {
    let store = crate::support::sqlite::store().await;
    let queue = crate::support::sqlite::queue(5).await;
    let plan = Plan {
        flood: 2_000,
        busy: 100,
    };
    let run = flood_then_one(store, queue, &plan).await;
    let flood = plan.flood;
    let (settled_a_meanwhile, settled_a_total) = (run.a_meanwhile, run.a_before_b);
    println!(
        "fair (sqlite): B settled after {settled_a_meanwhile} of A's messages \
         (like-cost bound {BOUND}); {settled_a_total} of A's {flood} settled by then; \
         B handed out at place {:?}, {} batch(es) passed it over",
        run.b_place, run.passed_over
    );
    assert_eq!(
        run.passed_over, 0,
        "a receive after B's send handed out only A"
    );
    assert!(
        matches!(run.b_place, Some(0 | 1)),
        "B handed out at most second in its batch: {:?}",
        run.b_place
    );
    assert!(
        settled_a_meanwhile <= 2 * BOUND,
        "B waited for {settled_a_meanwhile} of A's messages (like-cost bound {BOUND})"
    );
    assert!(settled_a_total < flood, "B came before A's flood drained");
}

/// On SQS FIFO (moto) the tenant lanes (`queue::SqsQueue`) keep B's message
/// from waiting behind A's backlog: A has at most `LANES` groups in flight
/// (fewer than the loops, as `LANES_PER_TENANT` is fewer than the worker's
/// `MaximumConcurrency` on AWS), and the queue passes over the rest of A's
/// messages while they are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fair_tenants_on_sqs_lanes_keep_b_out_of_a_backlog() {
    const LANES: u32 = 2;
    let store = crate::support::sqlite::store().await;
    let client = aws_sdk_sqs::Client::new(&crate::support::aws::sdk_config().await);
    let name = format!("synclane-fair-{}", uuid::Uuid::new_v4().simple());
    let queue = synclane::queue::SqsQueue::create(client, &name, 5)
        .await
        .unwrap()
        .with_lanes_per_tenant(LANES);
    let queue: Arc<dyn Queue> = Arc::new(queue);
    let plan = Plan {
        flood: 500,
        busy: 50,
    };
    let run = flood_then_one(store, queue, &plan).await;
    println!(
        "fair (sqs on moto): B settled after {} of A's messages (like-cost bound {BOUND}); \
         {} of A's {} settled by then; B handed out at place {:?}, {} batch(es) passed it over",
        run.a_meanwhile, run.a_before_b, plan.flood, run.b_place, run.passed_over
    );
    assert!(
        run.a_meanwhile <= 2 * BOUND,
        "B waited for {} of A's messages (like-cost bound {BOUND})",
        run.a_meanwhile
    );
    assert!(
        run.a_before_b < plan.flood,
        "B came before A's flood drained"
    );
}

/// What one run saw.
struct Run {
    /// A's messages settled after B's event was sent, before it was settled.
    a_meanwhile: usize,
    /// A's messages settled before B's, in all.
    a_before_b: usize,
    /// B's place in the batch that handed it out.
    b_place: Option<usize>,
    /// Batches of receives started after B's send that came before B's without it.
    passed_over: usize,
}

async fn flood_then_one(store: Store, queue: Arc<dyn Queue>, plan: &Plan) -> Run {
    let (a, b) = (tenant("flood-a"), tenant("single-b"));
    for id in [&a, &b] {
        let settings = TenantSettings::new(id.clone(), Secret::new("s"));
        store.tenants.put_tenant(&settings).await.unwrap();
    }
    let recorded = Arc::new(Recorded::new(queue));
    let flood: Vec<Outgoing> = (0..plan.flood).map(|n| event(&a, n)).collect();
    for chunk in flood.chunks(500) {
        recorded.send_batch(chunk.to_vec()).await.unwrap();
    }
    let worker = crate::support::worker_with(store, recorded.clone(), None);
    let (stop, stopped) = watch::channel(false);
    let settings = LoopSettings {
        batch: BATCH,
        visibility: Duration::from_secs(30),
        wait: Duration::from_millis(200),
    };
    let loops: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (queue, worker) = (recorded.clone() as Arc<dyn Queue>, worker.clone());
            tokio::spawn(worker_loop::run(queue, worker, settings, stopped.clone()))
        })
        .collect();
    wait_until(|| recorded.settled().len() >= plan.busy).await;
    let mark = recorded.settled().len();
    recorded.send(event(&b, 0)).await.unwrap();
    recorded.b_sent.store(true, Ordering::SeqCst);
    wait_until(|| recorded.settled().iter().any(|t| t == b.as_str())).await;
    stop.send(true).unwrap();
    for handle in loops {
        handle.await.unwrap();
    }
    let settled = recorded.settled();
    let at_b = settled.iter().position(|t| t == b.as_str()).unwrap();
    let (b_place, passed_over) = (
        *recorded.b_place.lock().unwrap(),
        *recorded.passed_over.lock().unwrap(),
    );
    Run {
        a_meanwhile: at_b - mark,
        a_before_b: at_b,
        b_place,
        passed_over,
    }
}

fn tenant(id: &str) -> TenantId {
    TenantId::parse(id).unwrap()
}

/// One event of its own record, for a flow off for these tenants.
fn event(tenant: &TenantId, n: usize) -> Outgoing {
    let envelope = Envelope {
        tenant: tenant.clone(),
        source: System::OpenCart,
        kind: EventKind::Updated,
        entity: EntityKind::Order,
        external_id: n.to_string(),
        dedupe_key: format!("{tenant}-{n}"),
        received_at: 0,
        payload: serde_json::json!({}),
        flow: Some("crm_opencart".into()),
    };
    Outgoing {
        group: envelope.group_key(),
        dedupe_id: envelope.dedupe_key.clone(),
        body: serde_json::to_string(&envelope).unwrap(),
    }
}

async fn wait_until(done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done() {
        assert!(Instant::now() < deadline, "timed out");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The queue under test, noting the tenant of each message deleted
/// (settled), in order, and the first batch of a receive started after
/// `b_sent` turned true.
struct Recorded {
    inner: Arc<dyn Queue>,
    groups: Mutex<HashMap<String, String>>,
    settled: Mutex<Vec<String>>,
    b_sent: AtomicBool,
    /// B's place in the batch that handed it out.
    b_place: Mutex<Option<usize>>,
    /// Batches received by calls started after B's send, before B's, without B.
    passed_over: Mutex<usize>,
}

impl Recorded {
    fn new(inner: Arc<dyn Queue>) -> Self {
        Recorded {
            inner,
            groups: Mutex::default(),
            settled: Mutex::default(),
            b_sent: AtomicBool::new(false),
            b_place: Mutex::default(),
            passed_over: Mutex::default(),
        }
    }

    /// Notes where B's message was handed out, and each batch a receive
    /// started after B's send handed out before it without it.
    fn note_batch(&self, started_after_b: bool, got: &[Received]) {
        let mut place = self.b_place.lock().unwrap();
        if place.is_some() || got.is_empty() {
            return;
        }
        *place = got.iter().position(|m| tenant_of(&m.group) == "single-b");
        if place.is_none() && started_after_b {
            *self.passed_over.lock().unwrap() += 1;
        }
    }

    fn settled(&self) -> Vec<String> {
        self.settled.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl Queue for Recorded {
    async fn send(&self, message: Outgoing) -> Result<()> {
        self.inner.send(message).await
    }
    async fn send_batch(&self, messages: Vec<Outgoing>) -> Result<()> {
        self.inner.send_batch(messages).await
    }
    async fn receive(
        &self,
        max: usize,
        visibility: Duration,
        wait: Duration,
    ) -> Result<Vec<Received>> {
        let after_b = self.b_sent.load(Ordering::SeqCst);
        let got = self.inner.receive(max, visibility, wait).await?;
        self.note_batch(after_b, &got);
        let mut groups = self.groups.lock().unwrap();
        for message in &got {
            groups.insert(message.handle.clone(), message.group.clone());
        }
        Ok(got)
    }
    async fn delete(&self, handle: &str) -> Result<()> {
        self.inner.delete(handle).await?;
        let group = self
            .groups
            .lock()
            .unwrap()
            .remove(handle)
            .unwrap_or_default();
        self.settled
            .lock()
            .unwrap()
            .push(tenant_of(&group).to_owned());
        Ok(())
    }
    async fn retry_after(&self, handle: &str, delay: Duration) -> Result<()> {
        self.inner.retry_after(handle, delay).await
    }
    async fn keep_hidden(&self, handle: &str, visibility: Duration) -> Result<()> {
        self.inner.keep_hidden(handle, visibility).await
    }
    async fn dead_letter(&self, message: &Received) -> Result<()> {
        self.inner.dead_letter(message).await
    }
    async fn dead_letters(&self, max: usize) -> Result<Vec<Received>> {
        self.inner.dead_letters(max).await
    }
    async fn depth(&self) -> Result<u64> {
        self.inner.depth().await
    }
}
