//! `synclane-bench hooks-load`: the hook benchmark's load generator, run as
//! a process of its own by `hooks`: signed OpenCart order webhooks in an
//! open loop (each sent at its scheduled time, whatever the previous answers
//! did), then one JSON line of figures on stdout.

use hdrhistogram::Histogram;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use synclane::secret::Secret;
use tokio::sync::Mutex;

#[derive(clap::Args, Debug, Clone)]
pub struct LoadArgs {
    #[arg(long)]
    url: String,
    #[arg(long)]
    secret: String,
    #[arg(long, default_value_t = 1000)]
    rate: u64,
    #[arg(long, default_value_t = 10)]
    seconds: u64,
}

pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let secret = Secret::new(args.secret.clone());
    let bodies: Vec<(Vec<u8>, String)> = (1..=args.rate * args.seconds)
        .map(|id| {
            let raw = crate::hooks::event(id);
            let signature = synclane::hooks::signature::sign(&secret, &raw);
            (raw, signature)
        })
        .collect();
    let (histogram, errors, elapsed) = open_loop(&args.url, bodies, args.rate).await;
    let ms = |q: f64| crate::hooks::ms(histogram.value_at_quantile(q));
    println!(
        "{}",
        json!({
            "acks": histogram.len(), "errors": errors, "seconds": elapsed.as_secs_f64(),
            "rate": histogram.len() as f64 / elapsed.as_secs_f64(),
            "p50_ms": ms(0.5), "p90_ms": ms(0.9), "p99_ms": ms(0.99),
            "max_ms": crate::hooks::ms(histogram.max()),
        })
    );
    Ok(())
}

async fn open_loop(
    url: &str,
    bodies: Vec<(Vec<u8>, String)>,
    rate: u64,
) -> (Histogram<u64>, u64, Duration) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(512)
        .build()
        .expect("an HTTP client");
    let histogram = Arc::new(Mutex::new(Histogram::<u64>::new(3).expect("a histogram")));
    let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(bodies.len());
    for (i, (raw, signature)) in bodies.into_iter().enumerate() {
        tokio::time::sleep_until(start + interval * i as u32).await;
        let (client, url, histogram, errors) = (
            client.clone(),
            url.to_owned(),
            histogram.clone(),
            errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let response = client
                .post(url)
                .header("x-synclane-signature", signature)
                .body(raw)
                .send()
                .await;
            let latency = sent.elapsed().as_micros() as u64;
            match response {
                Ok(r) if r.status() == 202 => {
                    histogram.lock().await.record(latency).expect("in range")
                }
                _ => {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = start.elapsed();
    let histogram = Arc::try_unwrap(histogram)
        .expect("every task is done")
        .into_inner();
    (
        histogram,
        errors.load(std::sync::atomic::Ordering::Relaxed),
        elapsed,
    )
}
