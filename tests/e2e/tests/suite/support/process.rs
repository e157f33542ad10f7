//! `synclane serve` as a child process, to be killed with SIGKILL or
//! stopped with SIGTERM: the local runtime on its embedded database, or on
//! the AWS table and queues of an `AwsStack` (workers outside Lambda).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use synclane::settings::TenantSettings;
use tokio::process::{Child, Command};

/// The `synclane` binary, built once per test run.
pub fn binary() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
            // Every binary at once, with the workspace's features: the same
            // build `cargo lambda watch` (`cargo run --bin`) and
            // infra/test.sh make, so the library is compiled once for all
            // binaries rather than once per package's feature set.
            let status = std::process::Command::new("cargo")
                .current_dir(&workspace)
                .args(["build", "--quiet", "--workspace", "--bins"])
                .status()
                .expect("run cargo build");
            assert!(status.success(), "cargo build of the binaries failed");
            // Tests run from target/<profile>/deps/.
            let exe = std::env::current_exe().expect("the test binary's path");
            let built = exe
                .parent()
                .and_then(Path::parent)
                .expect("target dir")
                .join("synclane");
            // A copy of this checkout's own (one per checkout, replaced by
            // rename so a process still running the old one keeps it):
            // another checkout sharing the target dir (CARGO_TARGET_DIR)
            // may build its `synclane` over the built one mid-run.
            let checkout = workspace.canonicalize().expect("the workspace's path");
            let tag: String = checkout
                .to_string_lossy()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let own = std::env::temp_dir().join(format!("synclane-e2e{tag}"));
            let partial = own.with_extension(format!("partial-{}", std::process::id()));
            std::fs::copy(&built, &partial).expect("copy the synclane binary");
            std::fs::rename(&partial, &own).expect("install the copy");
            own
        })
        .clone()
}

/// Where a process keeps its state.
pub enum Backend<'a> {
    /// The embedded database in this directory.
    Sqlite(&'a Path),
    /// The AWS stack's table and work queue (endpoint from the test environment).
    Aws(&'a super::aws_stack::AwsStack),
}

/// What one `synclane serve` runs.
pub struct Options {
    /// The hooks' port (a restarted process takes the same one).
    pub port: u16,
    pub workers: usize,
    pub visibility_secs: u64,
    pub schedules: bool,
}

/// What a few tests add to a process: the admin API, `RUST_LOG`.
#[derive(Debug, Default)]
pub struct Extras {
    pub admin_token_sha256: Option<String>,
    pub env: Vec<(String, String)>,
}

/// A running `synclane serve`; killed on drop.
pub struct Synclane {
    pub port: u16,
    child: Child,
}

impl Synclane {
    /// Writes a config for `tenants` and starts the process; returns once it serves.
    pub async fn start(
        dir: &Path,
        backend: &Backend<'_>,
        tenants: &[TenantSettings],
        options: &Options,
    ) -> Synclane {
        Self::start_with(dir, backend, tenants, options, &Extras::default()).await
    }

    /// Like `start`, with the admin API on and extra environment.
    pub async fn start_with(
        dir: &Path,
        backend: &Backend<'_>,
        tenants: &[TenantSettings],
        options: &Options,
        extras: &Extras,
    ) -> Synclane {
        let port = options.port;
        let config = dir.join(format!("synclane-{port}.toml"));
        let mut text = config_text(dir, backend, tenants, options, port);
        if let Some(hash) = &extras.admin_token_sha256 {
            // Top-level keys go before the first table.
            text = format!("admin_token_sha256 = {hash:?}\n{text}");
        }
        std::fs::write(&config, text).unwrap();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(format!("synclane-{port}.log")))
            .unwrap();
        let mut command = Command::new(binary());
        command
            .args(["serve", "--config"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true)
            .envs(extras.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let Backend::Aws(_) = backend {
            command
                .env("AWS_ENDPOINT_URL", super::aws::endpoint())
                .env("AWS_ACCESS_KEY_ID", "test")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1");
        }
        let child = command.spawn().expect("start synclane");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let health = client.get(format!("http://127.0.0.1:{port}/health")).send();
            if health.await.is_ok() {
                return Synclane { port, child };
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = std::fs::read_to_string(dir.join(format!("synclane-{port}.log")));
        panic!("synclane did not start: {}", log.unwrap_or_default());
    }

    /// The process's log so far (stdout and stderr).
    pub fn log(&self, dir: &Path) -> String {
        std::fs::read_to_string(dir.join(format!("synclane-{}.log", self.port))).unwrap_or_default()
    }

    pub fn hook_url(&self, tenant: &str) -> String {
        format!("http://127.0.0.1:{}/hooks/{tenant}/opencart", self.port)
    }

    /// SIGKILL: no shutdown code runs, in-flight messages stay claimed.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("kill synclane");
    }

    /// Sends SIGTERM (as systemd or Docker do to stop a service) and
    /// returns at once; `wait_exit` waits for the process to end.
    pub fn signal_term(&self) {
        let pid = self.child.id().expect("synclane still running");
        // `kill(1)`: no signal crate is among the workspace's dependencies.
        let sent = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -TERM {pid} failed");
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().expect("poll synclane").is_none()
    }

    /// Waits up to `limit` for the process to exit; its status, or `None`
    /// if it still runs then (it is killed when dropped).
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        tokio::time::timeout(limit, self.child.wait())
            .await
            .ok()
            .map(|status| status.expect("wait for synclane"))
    }

    /// SIGTERM, then waits up to `limit` for the exit: its status and how
    /// long the process took to stop (`None`: still running at `limit`).
    pub async fn terminate(
        mut self,
        limit: Duration,
    ) -> Option<(std::process::ExitStatus, Duration)> {
        let since = Instant::now();
        self.signal_term();
        let status = self.wait_exit(limit).await?;
        Some((status, since.elapsed()))
    }
}

pub fn config_text(
    dir: &Path,
    backend: &Backend<'_>,
    tenants: &[TenantSettings],
    options: &Options,
    port: u16,
) -> String {
    let mut text = format!(
        "listen = \"127.0.0.1:{port}\"\nworkers = {}\nvisibility_timeout_secs = {}\nschedules = {}\nmax_receives = 8\ndatabase = {:?}\n",
        options.workers,
        options.visibility_secs,
        options.schedules,
        dir.join("synclane.db").display().to_string(),
    );
    if let Backend::Aws(stack) = backend {
        text.push_str(&format!(
            "\n[aws]\ntable_name = {:?}\nqueue_url = {:?}\ndlq_url = {:?}\nsecrets_key_id = {:?}\n",
            stack.table,
            stack.queue.queue_url(),
            stack.queue.dlq_url(),
            stack.key_id
        ));
    }
    for tenant in tenants {
        #[derive(serde::Serialize)]
        struct One<'a> {
            tenants: [&'a TenantSettings; 1],
        }
        text.push('\n');
        text.push_str(&toml::to_string(&One { tenants: [tenant] }).expect("settings as TOML"));
    }
    text
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
