//! `synclane demo` (what `cargo run --bin synclane` runs on a fresh
//! checkout): it must finish by itself and show every scenario's outcome.

use std::process::Command;

#[test]
fn the_demo_runs_every_scenario_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_synclane"))
        .arg("demo")
        .current_dir(dir.path())
        .env("RUST_LOG", "warn")
        .output()
        .expect("run synclane demo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "order 501 -> 1",            // OC-F1/OC-X1: one CRM order for two deliveries
        "order 504 -> (not synced)", // abandoned cart
        "corporate_customer company:vasilek jsc -> ", // OC-F4 created the company
        "laces @ main: available 100.0, purchase price 50.5", // MS-P1, MS-P2, MS-S8 reserve
        "boot#42 @ main: available 5.0", // MS-B9 variant xmlId
        "ICML export ready: 2 offers (1 modification)",
        "<xmlId>boot#42</xmlId>",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in:\n{stdout}"
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "the demo leaves nothing in the working directory"
    );
}
