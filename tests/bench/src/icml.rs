//! `synclane-bench icml`: an ICML export (MS-B9) of a large generated
//! catalogue, as the `icml-export` function makes it: streamed from
//! MoySklad's pages into a file, then validated (numbers in BENCHMARKS.md).
//!
//! The MoySklad emulator runs in a child process (`stock
//! --serve-emulators`), so the peak memory read here (VmHWM) is the
//! export's alone; it enforces the real rate limit (45 requests / 3 s).

use std::sync::Arc;
use std::time::Instant;
use synclane::budget::{LocalRateBudget, RateLimits};
use synclane::connectors::moysklad::MoySklad;
use synclane::flows::icml::{IcmlShop, validate, write};
use synclane::secret::Secret;
use synclane::settings::MoySkladSettings;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchIcmlArgs {
    /// Goods in the generated MoySklad catalogue.
    #[arg(long, default_value_t = 100_000)]
    goods: u32,
}

pub async fn run(args: BenchIcmlArgs) -> anyhow::Result<()> {
    let mut emulators = crate::stock::Emulators::spawn(args.goods, 1).await?;
    let hello = emulators.ask("hello").await?;
    let settings = MoySkladSettings {
        webhook_token: Default::default(),
        public_base_url: None,
        base_url: hello["ms"].as_str().unwrap_or_default().to_owned(),
        token: Secret::new(crate::stock::TOKEN),
        disable_webhook_prefixes: Vec::new(),
        request_weight: 1,
        sync: None,
    };
    let ms = MoySklad::new(
        reqwest::Client::new(),
        settings,
        Arc::new(LocalRateBudget::new(RateLimits::MOYSKLAD)),
    );
    let shop = IcmlShop {
        name: "bench".into(),
        company: "Bench LLC".into(),
    };
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("catalogue.xml");
    println!("icml: {} goods", args.goods);

    let started = Instant::now();
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let offers = write(&ms, &shop, &mut out).await?;
    drop(out);
    let written = started.elapsed();
    let summary = validate(std::io::BufReader::new(std::fs::File::open(&path)?))?;
    let total = started.elapsed();
    let calls = emulators.ask("counters").await?;
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "generated {offers} offers, {:.1} MB, in {:.1} s; validated ({} offers) in {:.1} s more",
        bytes as f64 / 1e6,
        written.as_secs_f64(),
        summary.offers,
        (total - written).as_secs_f64()
    );
    println!(
        "MoySklad requests: {}, rate-limit violations: 1049 = {}, 1073 = {}",
        calls["ms_requests"], calls["rate_violations"], calls["parallel_violations"]
    );
    println!(
        "peak memory of the export process (VmHWM): {}",
        crate::stock::vm_hwm().unwrap_or_else(|| "unknown".into())
    );
    Ok(())
}
