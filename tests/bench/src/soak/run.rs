//! One pass of the stream against fresh peers: the clean pass (no faults,
//! no kills) or the chaos pass (every emulator faulting, the process
//! killed with SIGKILL every 1–3 s and started again), then the drain, and
//! what the pass leaves: the peers' end state, the queue's dead letters,
//! the process's log, its error answers and its journal.

use super::plan::{Plan, Step};
use super::serve::{ServeSpec, Store, free_port};
use super::snapshot::Snapshot;
use super::world::World;
use super::{Backend, SoakConfig};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use synclane::secret::Secret;
use synclane_emulators::faults::FaultCounts;
use tokio::sync::Semaphore;

/// Hook deliveries in flight at once (the shops' outboxes).
const POSTERS: usize = 16;

/// What one pass leaves.
pub struct Pass {
    pub snapshot: Snapshot,
    pub kills: usize,
    pub faults: FaultCounts,
    pub rate_limit_answers: u64,
    /// The same by peer and kind.
    pub rate_limit_detail: String,
    /// Dead letters: the message body and its receive count.
    pub dead_letters: Vec<(String, u32)>,
    /// The process's whole log.
    pub log: String,
    /// Hook answers other than 202 (status and body).
    pub answers: Vec<String>,
    /// Every tenant's journal, as the admin API answers it.
    pub journals: Vec<String>,
    /// Every secret the tenants are configured with (name, value).
    pub secrets: Vec<(String, String)>,
    /// From the first delivery to the last.
    pub deliver: Duration,
    /// From the last delivery to a quiet end state.
    pub drain: Duration,
    /// Whether the drain finished within its limit.
    pub drained: bool,
}

/// Runs `plan` once; `chaos` turns faults and kills on.
pub async fn pass(config: &SoakConfig, plan: &Plan, chaos: bool) -> anyhow::Result<Pass> {
    let dir = tempfile::tempdir()?;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut world = World::start(config.tenants, config.seed, config.crm_rate, &base).await?;
    let admin_token = format!("soak-admin-{}-0123456789abcdef", config.seed);
    let store = match &config.backend {
        Backend::Sqlite => Store::Sqlite,
        Backend::Aws { endpoint } => {
            Store::Aws(super::aws::create(endpoint, &format!("soak{port}")).await?)
        }
    };
    let spec = Arc::new(ServeSpec {
        binary: config.binary.clone(),
        dir: dir.path().to_owned(),
        port,
        workers: config.workers,
        store,
        tenants: world.tenants.iter().map(|t| t.settings.clone()).collect(),
        peer_timeout_secs: config.peer_timeout_secs,
        schedule_every_secs: 1,
        admin_token_sha256: sha256_hex(&admin_token),
        log_name: "synclane.log".into(),
    });
    let server = spec.start().await?;
    eprintln!(
        "soak: {} pass in {}",
        if chaos { "chaos" } else { "clean" },
        dir.path().display()
    );
    if chaos {
        let hold = Duration::from_secs(config.peer_timeout_secs) + Duration::from_secs(2);
        world.enable_faults(config.fault_rate, config.seed, hold);
    }
    // The killer: SIGKILL every 1–3 s (seeded), then a restart.
    let stop = Arc::new(AtomicBool::new(false));
    let kills = Arc::new(AtomicUsize::new(0));
    let killer = {
        let (spec, stop, kills) = (spec.clone(), stop.clone(), kills.clone());
        let seed = config.seed;
        tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
            let mut server = server;
            while chaos && !stop.load(Ordering::SeqCst) {
                let wait = rng.random_range(1000..=3000);
                tokio::time::sleep(Duration::from_millis(wait)).await;
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                server.kill().await;
                kills.fetch_add(1, Ordering::SeqCst);
                server = loop {
                    match spec.start().await {
                        Ok(server) => break server,
                        Err(error) => eprintln!("soak: restart failed, again: {error}"),
                    }
                };
            }
            server
        })
    };

    // Delivery: hooks by 16 posters resending until accepted, managers'
    // actions in their order.
    let started = Instant::now();
    let answers: Arc<Mutex<Vec<String>>> = Arc::default();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let permits = Arc::new(Semaphore::new(POSTERS));
    let secrets: Vec<Secret> = world
        .tenants
        .iter()
        .map(|t| t.settings.webhook_secret.clone())
        .collect();
    let ids: Vec<String> = world
        .tenants
        .iter()
        .map(|t| t.settings.id.to_string())
        .collect();
    let mut posting = Vec::new();
    for step in &plan.steps {
        match step {
            Step::Hook { tenant, body } => {
                let permit = permits.clone().acquire_owned().await?;
                let url = format!("{base}/hooks/{}/opencart", ids[*tenant]);
                let raw = serde_json::to_vec(body)?;
                let signature = synclane::hooks::signature::sign(&secrets[*tenant], &raw);
                let (http, answers) = (http.clone(), answers.clone());
                posting.push(tokio::spawn(async move {
                    post(&http, &url, &signature, raw, &answers).await;
                    drop(permit);
                }));
            }
            Step::CrmOrder {
                tenant,
                number,
                customer,
            } => world.crm_order(*tenant, number, *customer),
            Step::CrmStatus {
                tenant,
                number,
                status,
            } => world.crm_status(*tenant, number, status),
        }
    }
    for task in posting {
        task.await?;
    }
    let deliver = started.elapsed();
    eprintln!(
        "soak: {} pass delivered in {:.1} s",
        if chaos { "chaos" } else { "clean" },
        deliver.as_secs_f64()
    );

    // The drain: kills and faults go on until the queue is empty, then the
    // process runs undisturbed until the end state holds still.
    let drain_started = Instant::now();
    let deadline = drain_started + config.drain_limit;
    let mut drained = wait_empty(&spec, deadline).await;
    stop.store(true, Ordering::SeqCst);
    let server = killer.await?;
    if chaos {
        world.disable_faults();
    }
    drained = drained && settle(&world, &spec, deadline).await;
    let drain = drain_started.elapsed();

    let (journals, tenant_keys) =
        super::journals::read_all(&http, &base, &ids, &admin_token).await?;
    server.kill().await;
    let dead_letters = dead_letters(&spec)
        .await
        .unwrap_or_else(|error| vec![(format!("could not read the dead letters: {error}"), 0)]);
    let mut secrets: Vec<(String, String)> = world
        .tenants
        .iter()
        .flat_map(|t| {
            t.settings
                .clone()
                .secrets_mut()
                .into_iter()
                .map(|(name, s)| (format!("{} {name}", t.settings.id), s.expose().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    secrets.push(("admin token".into(), admin_token));
    secrets.extend(tenant_keys);
    let log = std::fs::read_to_string(spec.log_path()).unwrap_or_default();
    if config.keep {
        eprintln!("soak: kept {}", dir.keep().display());
    }
    let answers = answers.lock().unwrap().clone();
    Ok(Pass {
        snapshot: world.snapshot(),
        kills: kills.load(Ordering::SeqCst),
        faults: world.fault_counts(),
        rate_limit_answers: world.rate_limit_answers(),
        rate_limit_detail: world.rate_limit_detail(),
        dead_letters,
        log,
        answers,
        journals,
        secrets,
        deliver,
        drain,
        drained,
    })
}

/// Posts one hook body until it is accepted (the process may be down or
/// restarting: the extension's outbox resends too).
async fn post(
    http: &reqwest::Client,
    url: &str,
    signature: &str,
    raw: Vec<u8>,
    answers: &Mutex<Vec<String>>,
) {
    loop {
        let sent = http
            .post(url)
            .header("x-synclane-signature", signature)
            .body(raw.clone())
            .send()
            .await;
        match sent {
            Ok(r) if r.status() == 202 => return,
            Ok(r) => {
                let status = r.status();
                let body = r.text().await.unwrap_or_default();
                let refused = status.is_client_error();
                answers.lock().unwrap().push(format!("{status} {body}"));
                if refused {
                    // A refused body is never accepted later: the plan is wrong.
                    eprintln!("soak: hook refused {status}: {body}");
                    return;
                }
            }
            Err(_) => {}
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Until the queue holds no live message (checked twice, a second apart).
async fn wait_empty(spec: &ServeSpec, deadline: Instant) -> bool {
    let mut empty_since: Option<Instant> = None;
    let mut told = Instant::now();
    while Instant::now() < deadline {
        let depth = depth(spec).await;
        if told.elapsed() > Duration::from_secs(10) {
            eprintln!("soak: queue depth {depth:?}");
            told = Instant::now();
        }
        match depth {
            Ok(0) => {
                let since = *empty_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= Duration::from_secs(1) {
                    return true;
                }
            }
            _ => empty_since = None,
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    false
}

/// Until the queue is empty and the peers' end state has held still for
/// 5 s (the history poll runs every second meanwhile).
async fn settle(world: &World, spec: &ServeSpec, deadline: Instant) -> bool {
    let mut last = (world.snapshot(), Instant::now());
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = world.snapshot();
        let empty = matches!(depth(spec).await, Ok(0));
        if last.1.elapsed() > Duration::from_secs(30) {
            eprintln!(
                "soak: settling, {} records, queue empty: {empty}",
                now.len()
            );
        }
        if now != last.0 || !empty {
            last = (now, Instant::now());
        } else if last.1.elapsed() >= Duration::from_secs(5) {
            return true;
        }
    }
    false
}

/// Live messages in the process's queue.
async fn depth(spec: &ServeSpec) -> anyhow::Result<u64> {
    match &spec.store {
        Store::Sqlite => {
            let path = spec.dir.join("synclane.db");
            tokio::task::spawn_blocking(move || -> anyhow::Result<u64> {
                let db = open_read_only(&path)?;
                let n: i64 = db.query_row(
                    "SELECT count(*) FROM queue_messages WHERE dead = 0",
                    [],
                    |r| r.get(0),
                )?;
                Ok(n as u64)
            })
            .await?
        }
        Store::Aws(names) => super::aws::depth(names).await,
    }
}

/// The dead letters' bodies and receive counts.
async fn dead_letters(spec: &ServeSpec) -> anyhow::Result<Vec<(String, u32)>> {
    match &spec.store {
        Store::Sqlite => {
            let path = spec.dir.join("synclane.db");
            tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<(String, u32)>> {
                let db = open_read_only(&path)?;
                let mut query = db.prepare(
                    "SELECT body, receive_count FROM queue_messages WHERE dead = 1 ORDER BY seq",
                )?;
                let rows = query
                    .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(rows)
            })
            .await?
        }
        Store::Aws(names) => super::aws::dead_letters(names).await,
    }
}

fn open_read_only(path: &Path) -> rusqlite::Result<rusqlite::Connection> {
    let db = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    db.busy_timeout(Duration::from_secs(5))?;
    Ok(db)
}

/// What a dead letter's body says it is (flow, entity, id), for the report.
pub fn describe(body: &str) -> String {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let pick = |names: &[&str]| {
        names
            .iter()
            .filter_map(|n| value.get(*n))
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let summary = pick(&["tenant", "flow", "source", "entity", "external_id", "kind"]);
    if summary.is_empty() {
        body.chars().take(200).collect()
    } else {
        summary
    }
}

fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}
