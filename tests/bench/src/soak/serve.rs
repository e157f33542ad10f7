//! `synclane serve` as a child process of the soak: written a config, started,
//! killed with SIGKILL and started again on the same port and state, with
//! `RUST_LOG=debug` and its output appended to one log file per run (the
//! secrets check reads it).

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use synclane::settings::TenantSettings;
use tokio::process::{Child, Command};

/// Where the process keeps its state.
#[derive(Clone, Debug)]
pub enum Store {
    /// The embedded database in the run's directory.
    Sqlite,
    /// DynamoDB and SQS (moto), as the `[aws]` table of the config names them.
    Aws(AwsNames),
}

/// The AWS resources a process runs on, and moto's endpoint.
#[derive(Clone, Debug, Serialize)]
pub struct AwsNames {
    pub table_name: String,
    pub queue_url: String,
    pub dlq_url: String,
    pub secrets_key_id: String,
    #[serde(skip)]
    pub endpoint: String,
}

/// One process's settings; a restart reuses them.
pub struct ServeSpec {
    pub binary: PathBuf,
    pub dir: PathBuf,
    pub port: u16,
    pub workers: usize,
    pub store: Store,
    pub tenants: Vec<TenantSettings>,
    /// The peers' timeout the process is given (the faults hold longer).
    pub peer_timeout_secs: u64,
    /// Every scheduled job's interval (the CRM history poll's).
    pub schedule_every_secs: u64,
    /// Hex SHA-256 of the admin token (the journal is read through it).
    pub admin_token_sha256: String,
    /// The log file's name in `dir`.
    pub log_name: String,
}

/// A running `synclane serve`; killed on drop.
pub struct Serve {
    child: Child,
}

impl ServeSpec {
    pub fn log_path(&self) -> PathBuf {
        self.dir.join(&self.log_name)
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn config_text(&self) -> String {
        let mut text = format!(
            "admin_token_sha256 = {:?}\nlisten = \"127.0.0.1:{}\"\nworkers = {}\nvisibility_timeout_secs = {}\n\
             schedules = true\nschedule_every_secs = {}\npeer_timeout_secs = {}\nmax_receives = {}\ndatabase = {:?}\n",
            self.admin_token_sha256,
            self.port,
            self.workers,
            // Short: a killed process's messages come back soon; a live
            // worker keeps its messages hidden (every half of it).
            2,
            self.schedule_every_secs,
            self.peer_timeout_secs,
            // The worker records a dead letter on the queue's last receive.
            match self.store {
                Store::Sqlite => 8,
                Store::Aws(_) => super::aws::MAX_RECEIVES,
            },
            self.dir.join("synclane.db").display().to_string(),
        );
        if let Store::Aws(names) = &self.store {
            #[derive(Serialize)]
            struct Aws<'a> {
                aws: &'a AwsNames,
            }
            text.push('\n');
            text.push_str(&toml::to_string(&Aws { aws: names }).expect("aws as TOML"));
        }
        for tenant in &self.tenants {
            #[derive(Serialize)]
            struct One<'a> {
                tenants: [&'a TenantSettings; 1],
            }
            text.push('\n');
            text.push_str(&toml::to_string(&One { tenants: [tenant] }).expect("settings as TOML"));
        }
        text
    }

    /// Writes the config and starts the process; returns once it serves.
    pub async fn start(&self) -> anyhow::Result<Serve> {
        let config = self.dir.join(format!("synclane-{}.toml", self.port));
        std::fs::write(&config, self.config_text())?;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())?;
        let mut command = Command::new(&self.binary);
        command
            .args(["serve", "--config"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .env("RUST_LOG", "debug");
        if let Store::Aws(names) = &self.store {
            command
                .env("AWS_ENDPOINT_URL", &names.endpoint)
                .env("AWS_ACCESS_KEY_ID", "test")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1");
        }
        let child = command.spawn()?;
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let health = client.get(format!("{}/health", self.base_url())).send();
            if health.await.is_ok_and(|r| r.status().is_success()) {
                return Ok(Serve { child });
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let log = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        anyhow::bail!("synclane did not start: {tail:?}")
    }
}

impl Serve {
    /// SIGKILL: no shutdown code runs; in-flight messages stay claimed.
    pub async fn kill(mut self) {
        let _ = self.child.kill().await;
    }
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The `synclane` binary beside this executable (the bench's and the tests'
/// target directory), or `SYNCLANE_BIN`.
pub fn default_binary() -> PathBuf {
    if let Ok(path) = std::env::var("SYNCLANE_BIN") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("this executable's path");
    let dir = exe.parent().expect("its directory");
    // Test binaries run from target/<profile>/deps/.
    [dir.join("synclane"), dir.join("../synclane")]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| dir.join("synclane"))
}

/// Whether `path` holds an executable file.
pub fn exists(path: &Path) -> bool {
    path.is_file()
}
