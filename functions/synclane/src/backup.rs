//! `synclane backup --config F --out FILE`: an online backup of the local
//! database while `synclane serve` runs, and of the secrets key file beside
//! it (`FILE.key`). Restore: stop Synclane, copy both back, start it.

use clap::Args;
use std::path::PathBuf;
use synclane::runtime::config::LocalConfig;

#[derive(Args)]
pub struct BackupArgs {
    #[arg(long, default_value = "synclane.toml", env = "SYNCLANE_CONFIG")]
    config: PathBuf,
    /// The backup file to write (replaced if it exists).
    #[arg(long)]
    out: PathBuf,
}

pub async fn run(args: BackupArgs) -> anyhow::Result<()> {
    let config = LocalConfig::load(&args.config)?;
    let out = args.out.clone();
    // The copy sleeps between steps: keep it off the async threads.
    let made =
        tokio::task::spawn_blocking(move || synclane::runtime::backup::backup(&config, &out))
            .await??;
    let db = &made.database;
    println!(
        "backup written to {} ({} pages, schema version {}, {} steps in {} ms)",
        db.out.display(),
        db.pages,
        db.schema_version,
        db.steps,
        db.elapsed.as_millis()
    );
    match &made.key_copy {
        Some(key) => println!(
            "secrets key file {} copied to {}: keep it with the backup (and as secret); without it the tenants' sealed secrets cannot be read",
            made.key_file.display(),
            key.display()
        ),
        None => println!(
            "no secrets key file at {} (no secret sealed yet); if the process uses another one, back it up with this file: without it sealed secrets cannot be read",
            made.key_file.display()
        ),
    }
    Ok(())
}
