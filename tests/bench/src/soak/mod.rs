//! The chaos soak (issue 18, item 1): a seeded stream of mixed events for
//! several tenants (`plan`) applied twice to fresh peer emulators through a
//! real `synclane serve` process: once clean, once with every emulator
//! faulting 20% of its requests (`synclane_emulators::faults`) and the
//! process killed with SIGKILL every 1–3 s and started again. The two end
//! states, read by natural keys, must be equal: nothing lost, nothing
//! doubled, no rate-limit answer drawn from any peer, no dead letter the
//! clean pass does not share. Both passes run with `RUST_LOG=debug`, and no
//! configured secret may appear in the logs, error answers or journals
//! (issue 18, item 4).
//!
//! `synclane-bench soak` prints the figures; the e2e suite runs a short
//! version (`tests/e2e/tests/suite/soak`).

mod aws;
mod journals;
pub mod plan;
mod run;
pub mod serve;
pub mod snapshot;
pub mod world;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;
use synclane_emulators::faults::{FaultCounts, FaultKind, When};

/// Where the process keeps its state.
#[derive(Clone, Debug)]
pub enum Backend {
    /// The local runtime's embedded database.
    Sqlite,
    /// DynamoDB and SQS at `endpoint` (moto), workers outside Lambda.
    Aws { endpoint: String },
}

/// What to run.
#[derive(Clone, Debug)]
pub struct SoakConfig {
    pub events: usize,
    pub tenants: usize,
    pub seed: u64,
    pub backend: Backend,
    /// Share of every emulator's requests that fault in the chaos pass.
    pub fault_rate: f64,
    /// Share of hook deliveries sent twice.
    pub duplicates: f64,
    /// The CRM's limit per API key (the emulator's and the tenant's setting).
    pub crm_rate: u32,
    pub workers: usize,
    /// The process's peer timeout; a timeout fault holds 2 s longer.
    pub peer_timeout_secs: u64,
    /// The `synclane` binary.
    pub binary: PathBuf,
    /// How long a drain may take before the soak gives up.
    pub drain_limit: Duration,
    /// Keep each pass's directory (database, log, config) for a post-mortem.
    pub keep: bool,
}

impl SoakConfig {
    /// The soak: 20% faults, 30% duplicates, the CRM's real limit.
    pub fn new(events: usize, tenants: usize, seed: u64, backend: Backend) -> SoakConfig {
        SoakConfig {
            events,
            tenants,
            seed,
            backend,
            fault_rate: 0.2,
            duplicates: 0.3,
            crm_rate: 10,
            workers: 8,
            peer_timeout_secs: 3,
            binary: serve::default_binary(),
            drain_limit: Duration::from_secs(1800),
            keep: false,
        }
    }
}

/// The soak's figures and findings.
pub struct Report {
    pub config: SoakConfig,
    pub events: usize,
    pub deliveries: usize,
    pub duplicates: usize,
    pub kills: usize,
    pub faults: FaultCounts,
    pub rate_limit_answers: u64,
    /// Clean pass, then chaos pass: by peer and kind.
    pub rate_limit_detail: String,
    /// Records in the clean end state, by kind.
    pub records: BTreeMap<String, usize>,
    pub lost: Vec<String>,
    pub duplicated: Vec<String>,
    pub changed: Vec<String>,
    pub extra: Vec<String>,
    /// Dead letters of the chaos pass the clean pass shares (explained by
    /// the input), and those it does not (unexplained).
    pub explained_dead: Vec<String>,
    pub unexplained_dead: Vec<String>,
    /// Secrets found in logs, answers or journals (where, which).
    pub secrets_found: Vec<String>,
    /// Lines, answers and journals searched.
    pub searched: (usize, usize, usize, usize),
    pub clean_secs: (f64, f64),
    pub chaos_secs: (f64, f64),
    pub drained: bool,
    pub panics: Vec<String>,
}

impl Report {
    /// Everything that fails the soak, one line each.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.drained {
            problems.push("a pass did not drain within its limit".into());
        }
        let mut list = |what: &str, items: &[String]| {
            if !items.is_empty() {
                problems.push(format!("{} {what}: {:?}", items.len(), head(items)));
            }
        };
        list("lost", &self.lost);
        list("duplicated", &self.duplicated);
        list("changed", &self.changed);
        list("extra", &self.extra);
        list("unexplained dead letters", &self.unexplained_dead);
        list("secrets found", &self.secrets_found);
        list("panics", &self.panics);
        if self.rate_limit_answers > 0 {
            problems.push(format!(
                "{} rate-limit answers ({})",
                self.rate_limit_answers, self.rate_limit_detail
            ));
        }
        if self.kills == 0 {
            problems.push("the process was never killed".into());
        }
        if self.faults.values().sum::<u64>() == 0 {
            problems.push("no fault was injected".into());
        }
        // The secrets check proves nothing over texts it never read.
        if self.searched.1 == 0 || self.searched.3 == 0 {
            problems.push(format!(
                "the secrets were searched in {} log lines and {} journal entries",
                self.searched.1, self.searched.3
            ));
        }
        problems
    }

    /// The figures, as BENCHMARKS.md reports them.
    pub fn print(&self) {
        let c = &self.config;
        let backend = match c.backend {
            Backend::Sqlite => "local (sqlite)",
            Backend::Aws { .. } => "aws (moto)",
        };
        println!(
            "soak {backend}: {} events ({} hook deliveries, {} duplicates) over {} tenants, seed {}",
            self.events, self.deliveries, self.duplicates, c.tenants, c.seed
        );
        println!(
            "  records (clean end state): {} {:?}",
            self.records.values().sum::<usize>(),
            self.records
        );
        let total: u64 = self.faults.values().sum();
        let by_kind: Vec<String> = FaultKind::ALL
            .iter()
            .map(|k| {
                let before = self.faults.get(&(*k, When::Before)).copied().unwrap_or(0);
                let after = self.faults.get(&(*k, When::After)).copied().unwrap_or(0);
                format!("{} {before}+{after}", k.name())
            })
            .collect();
        println!(
            "  chaos: {} kills (SIGKILL every 1-3 s), {total} faults injected at {:.0}% (before+after applying): {}",
            self.kills,
            c.fault_rate * 100.0,
            by_kind.join(", ")
        );
        println!(
            "  lost {}, duplicated {}, changed {}, extra {}, rate-limit answers {}, dead letters {} explained + {} unexplained",
            self.lost.len(),
            self.duplicated.len(),
            self.changed.len(),
            self.extra.len(),
            self.rate_limit_answers,
            self.explained_dead.len(),
            self.unexplained_dead.len()
        );
        for dead in &self.explained_dead {
            println!("    explained dead letter: {dead}");
        }
        println!(
            "  time: clean {:.1} s delivering + {:.1} s to drain; chaos {:.1} s delivering + {:.1} s to drain",
            self.clean_secs.0, self.clean_secs.1, self.chaos_secs.0, self.chaos_secs.1
        );
        println!(
            "  secrets: {} configured, searched in {} log lines, {} error answers, {} journal entries: {} found",
            self.searched.0,
            self.searched.1,
            self.searched.2,
            self.searched.3,
            self.secrets_found.len()
        );
        let problems = self.problems();
        if problems.is_empty() {
            println!("  PASS");
        } else {
            for p in &problems {
                println!("  FAIL: {p}");
            }
        }
    }
}

fn head(items: &[String]) -> Vec<&String> {
    items.iter().take(10).collect()
}

/// Runs the clean pass, then the chaos pass, and compares them.
pub async fn run(config: SoakConfig) -> anyhow::Result<Report> {
    anyhow::ensure!(
        config.binary.is_file(),
        "no synclane binary at {} (build it: cargo build --release -p synclane-cli, or set SYNCLANE_BIN)",
        config.binary.display()
    );
    let plan = plan::Plan::new(
        config.seed,
        config.events,
        config.tenants,
        config.duplicates,
    );
    let clean = run::pass(&config, &plan, false).await?;
    let chaos = run::pass(&config, &plan, true).await?;
    let difference = chaos.snapshot.compare(&clean.snapshot);
    // A clean pass with doubles would hide them from the comparison.
    let mut duplicated = difference.duplicated;
    duplicated.extend(
        clean
            .snapshot
            .duplicates()
            .into_iter()
            .map(|d| format!("{d} (clean pass)")),
    );
    let clean_dead: Vec<String> = clean
        .dead_letters
        .iter()
        .map(|(b, _)| run::describe(b))
        .collect();
    let (mut explained_dead, mut unexplained_dead) = (Vec::new(), Vec::new());
    for (body, receives) in &chaos.dead_letters {
        let what = run::describe(body);
        if clean_dead.contains(&what) {
            explained_dead.push(format!("{what} (the clean pass dead-letters it too)"));
        } else {
            unexplained_dead.push(format!("{what} after {receives} receives"));
        }
    }
    for what in &clean_dead {
        if !chaos
            .dead_letters
            .iter()
            .any(|(b, _)| &run::describe(b) == what)
        {
            unexplained_dead.push(format!("{what} (clean pass only)"));
        }
    }
    let mut secrets_found = Vec::new();
    let mut panics = Vec::new();
    let mut searched = (0, 0, 0, 0);
    for (name, pass) in [("clean", &clean), ("chaos", &chaos)] {
        secrets_found.extend(secrets_in(pass).into_iter().map(|s| format!("{name}: {s}")));
        panics.extend(
            pass.log
                .lines()
                .filter(|l| l.contains("panicked at"))
                .map(|l| format!("{name}: {l}")),
        );
        searched.0 = pass.secrets.len();
        searched.1 += pass.log.lines().count();
        searched.2 += pass.answers.len();
        searched.3 += pass
            .journals
            .iter()
            .map(|j| j.matches("\"at_ms\"").count())
            .sum::<usize>();
    }
    Ok(Report {
        events: plan.events,
        deliveries: plan.deliveries,
        duplicates: plan.duplicates,
        kills: chaos.kills,
        faults: chaos.faults.clone(),
        rate_limit_answers: clean.rate_limit_answers + chaos.rate_limit_answers,
        rate_limit_detail: format!(
            "clean: {}; chaos: {}",
            clean.rate_limit_detail, chaos.rate_limit_detail
        ),
        records: clean.snapshot.by_kind(),
        lost: difference.lost,
        duplicated,
        changed: difference.changed,
        extra: difference.extra,
        explained_dead,
        unexplained_dead,
        secrets_found,
        searched,
        clean_secs: (clean.deliver.as_secs_f64(), clean.drain.as_secs_f64()),
        chaos_secs: (chaos.deliver.as_secs_f64(), chaos.drain.as_secs_f64()),
        drained: clean.drained && chaos.drained,
        panics,
        config,
    })
}

/// Each configured secret found in the pass's log, error answers or
/// journals, with where (the secrets check of `secrets/debug_run.rs`).
fn secrets_in(pass: &run::Pass) -> Vec<String> {
    let mut found = Vec::new();
    for (name, secret) in &pass.secrets {
        // An unset secret (an empty feed token) is in every text.
        if secret.len() < 8 {
            continue;
        }
        if let Some(line) = pass.log.lines().find(|l| l.contains(secret.as_str())) {
            found.push(format!("{name} in the log: {line}"));
        }
        for answer in &pass.answers {
            if answer.contains(secret.as_str()) {
                found.push(format!("{name} in an answer: {answer}"));
            }
        }
        for journal in &pass.journals {
            if journal.contains(secret.as_str()) {
                found.push(format!("{name} in a journal"));
            }
        }
    }
    found
}

/// `synclane-bench soak`.
#[derive(clap::Args, Debug, Clone)]
pub struct SoakArgs {
    /// Events in the stream (before duplicates).
    #[arg(long, default_value_t = 10_000)]
    events: usize,
    /// Tenants the events are spread over.
    #[arg(long, default_value_t = 3)]
    tenants: usize,
    #[arg(long, default_value_t = 18)]
    seed: u64,
    /// `sqlite` (the local runtime) or `aws` (moto at AWS_ENDPOINT_URL).
    #[arg(long, default_value = "sqlite")]
    backend: String,
    /// Worker tasks of the process.
    #[arg(long, default_value_t = 8)]
    workers: usize,
    /// Seconds a pass may take to drain before the soak gives up.
    #[arg(long, default_value_t = 1800)]
    drain_limit: u64,
    /// Keep each pass's directory (database, log, config) and print where.
    #[arg(long)]
    keep: bool,
    /// The `synclane` binary (default: beside this one, or SYNCLANE_BIN).
    #[arg(long)]
    synclane: Option<PathBuf>,
}

/// Runs the soak and prints its figures; an error when it fails.
pub async fn bench(args: SoakArgs) -> anyhow::Result<()> {
    let backend = match args.backend.as_str() {
        "sqlite" => Backend::Sqlite,
        "aws" => Backend::Aws {
            endpoint: std::env::var("AWS_ENDPOINT_URL")
                .or_else(|_| std::env::var("SYNCLANE_TEST_AWS_ENDPOINT"))
                .map_err(|_| anyhow::anyhow!("--backend aws needs AWS_ENDPOINT_URL (moto)"))?,
        },
        other => anyhow::bail!("unknown backend {other:?}: sqlite or aws"),
    };
    let mut config = SoakConfig::new(args.events, args.tenants, args.seed, backend);
    config.workers = args.workers;
    config.drain_limit = Duration::from_secs(args.drain_limit);
    config.keep = args.keep;
    if let Some(binary) = args.synclane {
        config.binary = binary;
    }
    let report = run(config).await?;
    report.print();
    let problems = report.problems();
    anyhow::ensure!(problems.is_empty(), "the soak failed: {problems:?}");
    Ok(())
}
