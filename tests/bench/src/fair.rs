//! `synclane-bench fair`: fair tenants (issue 18, item 3). Tenant A queues a
//! flood of events (10,000 by default), the worker loops of the local runtime
//! (`worker_loop::run`, 4 loops of 10) start on it, and once they are busy
//! tenant B sends one event. Reported: B's wait from its send to its
//! settling, in milliseconds and in A's messages settled meanwhile, with A's
//! per-message cost, on the embedded queue and, given `--aws-endpoint`, on
//! an SQS FIFO queue there (moto: its order is not AWS's, see
//! docs/FAIRNESS.md).
//!
//! The events are cheap (their flow is off for these tenants, so each is
//! settled after the tenant lookup): the queue and the loops are measured,
//! the flows are not. The store is SQLite in both runs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use synclane::model::{EntityKind, Envelope, EventKind, System, TenantId};
use synclane::queue::{Outgoing, Queue, Received, SqliteQueue, SqsQueue, tenant_of};
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane::secret::Secret;
use synclane::settings::TenantSettings;
use synclane::sqlite::Db;
use synclane::store::{SqliteStore, Store};
use tokio::sync::watch;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchFairArgs {
    /// Events tenant A queues.
    #[arg(long, default_value_t = 10_000)]
    flood: usize,
    /// A's messages settled before B sends its event.
    #[arg(long, default_value_t = 200)]
    busy: usize,
    /// Worker loops (the local runtime's default is 4).
    #[arg(long, default_value_t = 4)]
    workers: usize,
    /// Also run on an SQS FIFO queue at this endpoint (e.g. moto's): once
    /// with a group per record (no lanes), once with `--lanes` per flow (A floods one flow).
    #[arg(long)]
    aws_endpoint: Option<String>,
    /// SQS message groups per tenant and flow (fewer than `--workers`, as
    /// `LANES_PER_FLOW` is fewer than the Lambda's `MaximumConcurrency`).
    #[arg(long, default_value_t = 2)]
    lanes: u32,
}

const BATCH: usize = 10;

pub async fn run(args: BenchFairArgs) -> anyhow::Result<()> {
    println!(
        "fair: A floods {} events, {} worker loops of {BATCH}, B sends 1 after {} of A's are settled",
        args.flood, args.workers, args.busy
    );
    let dir = tempfile::tempdir()?;
    let db = Db::open(dir.path().join("queue.db"))?;
    report("sqlite", &args, Arc::new(SqliteQueue::new(db, 5))).await?;
    if let Some(endpoint) = &args.aws_endpoint {
        for lanes in [0, args.lanes] {
            let queue = sqs_queue(endpoint, lanes).await?.with_lanes_per_flow(lanes);
            let backend = match lanes {
                0 => "sqs on moto, a group per record".to_owned(),
                n => format!("sqs on moto, {n} lanes per flow"),
            };
            report(&backend, &args, Arc::new(queue)).await?;
        }
    }
    Ok(())
}

async fn sqs_queue(endpoint: &str, lanes: u32) -> anyhow::Result<SqsQueue> {
    use aws_sdk_sqs::config::{Credentials, Region};
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "bench"))
        .load()
        .await;
    let name = format!("synclane-fair-{}-{lanes}", std::process::id());
    Ok(SqsQueue::create(aws_sdk_sqs::Client::new(&config), &name, 5).await?)
}

async fn report(backend: &str, args: &BenchFairArgs, queue: Arc<dyn Queue>) -> anyhow::Result<()> {
    let run = flood_then_one(args, queue).await?;
    let cost = run.a_elapsed.as_secs_f64() * 1000.0 * args.workers as f64 / run.a_settled as f64;
    println!(
        "fair ({backend}): B waited {:.1} ms = {} of A's messages settled meanwhile; \
         {} of A's {} settled before B; A's cost {cost:.2} ms per message per loop; \
         B handed out {} in its batch, {} batch(es) after its send passed it over",
        run.b_wait.as_secs_f64() * 1000.0,
        run.a_meanwhile,
        run.a_before_b,
        args.flood,
        run.b_place
            .map_or("never".to_owned(), |at| format!("#{}", at + 1)),
        run.passed_over,
    );
    Ok(())
}

struct Run {
    b_wait: Duration,
    a_meanwhile: usize,
    a_before_b: usize,
    /// A's messages settled, and in how long, until B was settled.
    a_settled: usize,
    a_elapsed: Duration,
    b_place: Option<usize>,
    passed_over: usize,
}

async fn flood_then_one(args: &BenchFairArgs, queue: Arc<dyn Queue>) -> anyhow::Result<Run> {
    let dir = tempfile::tempdir()?;
    let store = Store::from_backend(SqliteStore::new(Db::open(dir.path().join("store.db"))?));
    let (a, b) = (
        TenantId::parse("flood-a").unwrap(),
        TenantId::parse("single-b").unwrap(),
    );
    for id in [&a, &b] {
        let settings = TenantSettings::new(id.clone(), Secret::new("s"));
        store.tenants.put_tenant(&settings).await?;
    }
    let recorded = Arc::new(Recorded::new(queue));
    let flood: Vec<Outgoing> = (0..args.flood).map(|n| event(&a, n)).collect();
    for chunk in flood.chunks(500) {
        recorded.send_batch(chunk.to_vec()).await?;
    }
    let worker = synclane::worker::Worker::new(
        store,
        synclane::peers::Peers::local(synclane::peers::http_client()),
        Arc::new(synclane::runtime::registry::registry(None)),
        recorded.clone(),
    );
    let (stop, stopped) = watch::channel(false);
    let settings = LoopSettings {
        batch: BATCH,
        visibility: Duration::from_secs(60),
        wait: Duration::from_millis(200),
    };
    let started = Instant::now();
    let loops: Vec<_> = (0..args.workers)
        .map(|_| {
            let (queue, worker) = (recorded.clone() as Arc<dyn Queue>, worker.clone());
            tokio::spawn(worker_loop::run(queue, worker, settings, stopped.clone()))
        })
        .collect();
    wait_until(|| recorded.settled_count() >= args.busy).await;
    recorded.send(event(&b, 0)).await?;
    let sent = Instant::now();
    let mark = recorded.settled_count();
    *recorded.b_sent.lock().unwrap() = true;
    wait_until(|| recorded.b_settled().is_some()).await;
    let b_wait = sent.elapsed();
    let a_elapsed = started.elapsed();
    stop.send(true)?;
    for handle in loops {
        handle.await?;
    }
    let at_b = recorded.b_settled().unwrap();

    Ok(Run {
        b_wait,
        a_meanwhile: at_b.saturating_sub(mark),
        a_before_b: at_b,
        a_settled: at_b,
        a_elapsed,
        b_place: *recorded.b_place.lock().unwrap(),
        passed_over: *recorded.passed_over.lock().unwrap(),
    })
}

/// One event of its own record, for a flow off for these tenants.
fn event(tenant: &TenantId, n: usize) -> Outgoing {
    let envelope = Envelope {
        tenant: tenant.clone(),
        source: System::OpenCart,
        kind: EventKind::Updated,
        entity: EntityKind::Order,
        external_id: n.to_string(),
        dedupe_key: format!("{tenant}-{n}-{}", std::process::id()),
        received_at: 0,
        payload: serde_json::json!({}),
        flow: Some("crm_opencart".into()),
    };
    Outgoing {
        group: envelope.group_key(),
        dedupe_id: envelope.dedupe_key.clone(),
        body: serde_json::to_string(&envelope).expect("an envelope serialises"),
    }
}

async fn wait_until(done: impl Fn() -> bool) {
    while !done() {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// The queue under test, noting the tenant of each message settled, in
/// order, where B's message was handed out, and the batches that passed it over.
struct Recorded {
    inner: Arc<dyn Queue>,
    groups: Mutex<HashMap<String, String>>,
    settled: Mutex<Vec<String>>,
    b_sent: Mutex<bool>,
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
            b_sent: Mutex::new(false),
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

    fn settled_count(&self) -> usize {
        self.settled.lock().unwrap().len()
    }

    /// How many messages were settled before B's.
    fn b_settled(&self) -> Option<usize> {
        self.settled
            .lock()
            .unwrap()
            .iter()
            .position(|t| t == "single-b")
    }
}

#[async_trait::async_trait]
impl Queue for Recorded {
    async fn send(&self, message: Outgoing) -> synclane::Result<()> {
        self.inner.send(message).await
    }
    async fn send_batch(&self, messages: Vec<Outgoing>) -> synclane::Result<()> {
        self.inner.send_batch(messages).await
    }
    async fn receive(
        &self,
        max: usize,
        visibility: Duration,
        wait: Duration,
    ) -> synclane::Result<Vec<Received>> {
        let after_b = *self.b_sent.lock().unwrap();
        let got = self.inner.receive(max, visibility, wait).await?;
        self.note_batch(after_b, &got);
        let mut groups = self.groups.lock().unwrap();
        for message in &got {
            groups.insert(message.handle.clone(), message.group.clone());
        }
        Ok(got)
    }
    async fn delete(&self, handle: &str) -> synclane::Result<()> {
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
    async fn retry_after(&self, handle: &str, delay: Duration) -> synclane::Result<()> {
        self.inner.retry_after(handle, delay).await
    }
    async fn wait(&self, handle: &str, delay: Duration) -> synclane::Result<()> {
        self.inner.wait(handle, delay).await
    }
    fn counts_failed_attempts(&self) -> bool {
        self.inner.counts_failed_attempts()
    }
    async fn keep_hidden(&self, handle: &str, visibility: Duration) -> synclane::Result<()> {
        self.inner.keep_hidden(handle, visibility).await
    }
    async fn dead_letter(&self, message: &Received) -> synclane::Result<()> {
        self.inner.dead_letter(message).await
    }
    async fn dead_letters(&self, max: usize) -> synclane::Result<Vec<Received>> {
        self.inner.dead_letters(max).await
    }
    async fn depth(&self) -> synclane::Result<u64> {
        self.inner.depth().await
    }
}
