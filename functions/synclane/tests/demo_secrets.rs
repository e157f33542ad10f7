//! Issue 18, item 4: `synclane demo` with debug logging prints none of the
//! secrets it configures (the CRM key, the MoySklad token and webhook
//! token, the OpenCart webhook secret, the admin token) on stdout or stderr.

use std::process::Command;

/// The demo's secrets (`src/demo.rs`, `src/demo_moysklad.rs`).
const DEMO_SECRETS: [&str; 5] = [
    "demo-webhook-secret",
    "demo-crm-key",
    "demo-moysklad-token",
    "demo-webhook-token-0123",
    "demo-admin-token-0123456789abcdef",
];

#[test]
fn the_demo_with_debug_logs_prints_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_synclane"))
        .arg("demo")
        .current_dir(dir.path())
        .env("RUST_LOG", "debug")
        .output()
        .expect("run synclane demo");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let lines = stdout.lines().chain(stderr.lines()).collect::<Vec<_>>();
    assert!(
        lines.iter().any(|l| l.contains("DEBUG")),
        "debug logging is on"
    );
    for secret in DEMO_SECRETS {
        if let Some(line) = lines.iter().find(|l| l.contains(secret)) {
            panic!("{secret:?} printed: {line}");
        }
    }
}
