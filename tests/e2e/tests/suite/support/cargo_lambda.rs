//! The real Lambda binaries under `cargo lambda watch` (the Lambda runtime
//! API emulator from cargo-lambda, which `infra/lib/python-tools.sh`
//! installs): HTTP functions are reached at
//! `http://127.0.0.1:<port>/lambda-url/<function>/...`, others through
//! `cargo lambda invoke`. The functions' environment points at moto.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// The workspace root (cargo lambda finds the function crates from there).
fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn free_port() -> u16 {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    socket.local_addr().expect("local address").port()
}

/// A running `cargo lambda watch`; stopped (with the functions it started) on drop.
pub struct LambdaWatch {
    pub port: u16,
    child: Child,
    log_path: PathBuf,
}

impl LambdaWatch {
    /// Builds the binaries (so no invocation waits for a compile), then
    /// starts the emulator with `env` for every function.
    ///
    /// The build is `--workspace --bins`, as `cargo run --bin` (what
    /// `cargo lambda watch` runs) resolves features over the whole
    /// workspace: a `-p function` build has other features, so the library
    /// would be compiled twice over.
    pub async fn start(functions: &[&str], env: &[(&str, String)]) -> LambdaWatch {
        let status = Command::new("cargo")
            .current_dir(workspace())
            .args(["build", "--quiet", "--workspace", "--bins"])
            .status()
            .await
            .expect("run cargo build");
        assert!(status.success(), "cargo build of {functions:?} failed");

        let port = free_port();
        // The emulator's and the functions' logs, kept out of the test output.
        let log_path = std::env::temp_dir().join(format!("synclane-cargo-lambda.{port}.log"));
        let log = std::fs::File::create(&log_path).expect("create the cargo lambda log");
        let vars: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut watch = Command::new("cargo");
        watch
            .current_dir(workspace())
            .args(["lambda", "watch", "--quiet", "--ignore-changes"])
            .args([
                "--invoke-address",
                "127.0.0.1",
                "--invoke-port",
                &port.to_string(),
            ])
            .args(["--env-vars", &vars.join(",")])
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log handle"))
            .stderr(log)
            // Its own process group, so drop can stop the functions it spawned too.
            .process_group(0)
            .kill_on_drop(true);
        let child = watch.spawn().expect(
            "start `cargo lambda watch` (cargo-lambda comes from PyPI: infra/lib/python-tools.sh)",
        );
        let started = Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "cargo lambda watch did not listen on {port}; see {}",
                log_path.display()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        LambdaWatch {
            port,
            child,
            log_path,
        }
    }

    /// The URL of `path` on the HTTP function `function`.
    pub fn url(&self, function: &str, path: &str) -> String {
        format!("http://127.0.0.1:{}/lambda-url/{function}{path}", self.port)
    }

    /// Invokes `function` with `event` through `cargo lambda invoke --data-file`
    /// and returns its JSON answer.
    pub async fn invoke(&self, function: &str, event: &Value) -> Value {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("event.json");
        std::fs::write(&file, serde_json::to_vec(event).unwrap()).expect("write the event");
        let out = Command::new("cargo")
            .current_dir(workspace())
            .args(["lambda", "invoke", function, "--output-format", "json"])
            .arg("--data-file")
            .arg(&file)
            .args([
                "--invoke-address",
                "127.0.0.1",
                "--invoke-port",
                &self.port.to_string(),
            ])
            .stdin(Stdio::null())
            .output()
            .await
            .expect("run cargo lambda invoke");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "cargo lambda invoke {function} failed: {stdout}\n{}\n(function logs: {})",
            String::from_utf8_lossy(&out.stderr),
            self.log_path.display()
        );
        serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("{function} answered {stdout:?}: {e}"))
    }
}

impl Drop for LambdaWatch {
    fn drop(&mut self) {
        if let Some(pid) = self.child.id() {
            // The whole group: cargo lambda and the function processes it runs.
            let _ = std::process::Command::new("kill")
                .args(["-TERM", "--", &format!("-{pid}")])
                .status();
        }
    }
}
