//! `synclane-bench export`: the CM-4 customer exports (issue 17), each
//! format written from generated customers to a file, to show time and that
//! peak memory does not grow with the list (numbers in BENCHMARKS.md).
//!
//! Each (format, size) runs in its own child process (`export-one`, this
//! binary re-executed), which generates the rows one at a time (never a
//! list in memory), streams them through the format's `RowSink` into a
//! file, and reports its own peak RSS (`VmHWM` from /proc/self/status): the
//! figure is the export's alone, untouched by the other runs.

use serde::{Deserialize, Serialize};
use std::io::BufWriter;
use std::time::Instant;
use synclane::customers::export::{Format, Header, Options, writer};
use synclane::customers::{CustomerRow, LinkedRecord};
use synclane::model::System;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchExportArgs {
    /// The largest list exported (the others: 0 and 10,000 customers).
    #[arg(long, default_value_t = 100_000)]
    rows: u64,
    /// Formats to run, comma-separated.
    #[arg(long, default_value = "csv,xlsx,html,xml")]
    formats: String,
}

#[derive(clap::Args, Debug, Clone)]
pub struct ExportOneArgs {
    #[arg(long)]
    format: String,
    #[arg(long)]
    rows: u64,
    /// Directory for the file (and XLSX's temporary rows).
    #[arg(long)]
    dir: std::path::PathBuf,
}

/// What a child reports, one JSON line on stdout.
#[derive(Serialize, Deserialize)]
struct Report {
    rows: u64,
    seconds: f64,
    bytes: u64,
    peak_rss_kib: u64,
}

pub async fn run(args: BenchExportArgs) -> anyhow::Result<()> {
    let formats = args
        .formats
        .split(',')
        .map(Format::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let mut sizes = vec![0, 10_000, args.rows];
    sizes.dedup();
    println!("| format | customers | time | rows/s | file | peak RSS |");
    println!("|---|---|---|---|---|---|");
    for format in formats {
        for &rows in &sizes {
            let dir = tempfile::tempdir()?;
            let out = tokio::process::Command::new(std::env::current_exe()?)
                .args(["export-one", "--format", format.extension()])
                .args(["--rows", &rows.to_string()])
                .arg("--dir")
                .arg(dir.path())
                .output()
                .await?;
            anyhow::ensure!(
                out.status.success(),
                "export-one {format:?} {rows}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let r: Report = serde_json::from_slice(&out.stdout)?;
            let rate = if r.seconds > 0.0 {
                r.rows as f64 / r.seconds
            } else {
                0.0
            };
            println!(
                "| {} | {} | {:.2} s | {:.0} | {:.1} MB | {:.1} MiB |",
                format.extension(),
                r.rows,
                r.seconds,
                rate,
                r.bytes as f64 / 1e6,
                r.peak_rss_kib as f64 / 1024.0
            );
        }
    }
    Ok(())
}

/// The child: one export, then its report.
pub async fn run_one(args: ExportOneArgs) -> anyhow::Result<()> {
    let format = Format::parse(&args.format)?;
    let path = args.dir.join(format!("customers.{}", format.extension()));
    let options = Options {
        tempdir: Some(args.dir.clone()),
        ..Options::default()
    };
    let header = Header::new(System::OpenCart, time::OffsetDateTime::now_utc());
    let started = Instant::now();
    let file = BufWriter::new(std::fs::File::create(&path)?);
    let mut sink = writer(format, &header, &options, Box::new(file))?;
    for i in 0..args.rows {
        sink.row(&customer(i))?;
    }
    let rows = sink.finish()?;
    let seconds = started.elapsed().as_secs_f64();
    let report = Report {
        rows,
        seconds,
        bytes: std::fs::metadata(&path)?.len(),
        peak_rss_kib: peak_rss_kib().unwrap_or(0),
    };
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

const FIRST: [&str; 6] = ["Анна", "José", "Zoë", "Ivan", "Мария-Луиза", "Chloé"];
const LAST: [&str; 5] = [
    "Иванова",
    "O'Brien, \"Jr\"",
    "Müller",
    "Smith & <Sons>",
    "Line\r\nbreak",
];

/// A customer like a shop's: mixed scripts, now and then a value that needs
/// quoting or escaping, two linked records.
fn customer(i: u64) -> CustomerRow {
    let n = i as usize;
    CustomerRow {
        id: (i + 1).to_string(),
        first_name: FIRST[n % FIRST.len()].to_owned(),
        last_name: LAST[n % LAST.len()].to_owned(),
        email: format!("customer{i}@example.com"),
        phone: format!("+7 999 {:03}-{:02}-{:02}", i % 1000, i % 97, i % 89),
        group_id: (i % 4).to_string(),
        group: ["", "Default", "Опт", "VIP"][n % 4].to_owned(),
        newsletter: i.is_multiple_of(3),
        active: !i.is_multiple_of(10),
        ip: format!("10.{}.{}.{}", i % 256, (i / 256) % 256, i % 200),
        date_added: format!(
            "2024-{:02}-{:02} 09:{:02}:00",
            i % 12 + 1,
            i % 28 + 1,
            i % 60
        ),
        linked: vec![
            LinkedRecord {
                system: System::RetailCrm,
                id: (100_000 + i).to_string(),
            },
            LinkedRecord {
                system: System::MoySklad,
                id: format!("0b4c{i:08x}-5a1e-11ef-0a80-0d6f00000000"),
            },
        ],
    }
}
