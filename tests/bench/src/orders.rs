//! `synclane-bench orders`: CRM requests per OpenCart order event, and the
//! wall time of a burst of orders against a CRM limited to 10 requests/s
//! per key, beside the floor that limit sets (requests ÷ 10 per second).
//!
//! The local runtime runs in this process on its embedded database, with
//! the CRM emulator (PHP shapes, 10 requests/s refused above with 503).

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::secret::Secret;
use synclane::settings::{RetailCrmSettings, TenantSettings};
use synclane_emulators::retailcrm::RetailCrmEmulator;

#[derive(clap::Args, Debug, Clone)]
pub struct OrdersArgs {
    /// Orders in the burst.
    #[arg(long, default_value_t = 500)]
    orders: u64,
    /// Distinct buyers of the burst (a third of them for a company).
    #[arg(long, default_value_t = 150)]
    buyers: u64,
    /// Worker tasks.
    #[arg(long, default_value_t = 4)]
    workers: usize,
    /// Also list each event's CRM requests (method and path).
    #[arg(long)]
    explain: bool,
}

const SECRET: &str = "bench-secret";
const TENANT: &str = "bench";

fn tenant(crm_url: &str) -> TenantSettings {
    TenantSettings {
        retailcrm: Some(RetailCrmSettings {
            base_url: crm_url.into(),
            api_key: Secret::new("bench-key"),
            site: "shop".into(),
            corporate_customers: true,
            requests_per_second: 10,
        }),
        ..TenantSettings::new(
            synclane::model::TenantId::parse(TENANT).unwrap(),
            Secret::new(SECRET),
        )
    }
}

/// An order event of buyer `buyer`, its company if it has one, at `modified`.
fn event(order_id: u64, buyer: u64, company: bool, status: u32, modified: &str) -> Value {
    json!({
        "route": "checkout/order/addOrderHistory",
        "order_id": order_id.to_string(),
        "order": { "order_id": order_id.to_string(), "order_status_id": status.to_string(),
                   "customer_id": "0", "firstname": "Bench", "lastname": format!("Buyer{buyer}"),
                   "email": format!("buyer{buyer}@bench.example"), "telephone": format!("+7900{buyer:07}"),
                   "payment_company": if company { format!("Company {}", buyer % 40) } else { String::new() },
                   "payment_address_1": "Lenina 1", "payment_city": "Moscow",
                   "shipping_address_1": "Mira 2", "shipping_city": "Moscow",
                   "date_modified": modified, "total": "100.00" },
        "products": [{ "product_id": "40", "name": "iPhone", "model": "p11", "quantity": "1", "price": "100.00" }]
    })
}

struct Bench {
    local: Local,
    crm: RetailCrmEmulator,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Bench {
    async fn start(workers: usize) -> anyhow::Result<Bench> {
        let dir = tempfile::tempdir()?;
        let crm = RetailCrmEmulator::start("bench-key", &["shop"]).await;
        crm.set_rate_limit(10);
        let config = LocalConfig {
            listen: "127.0.0.1:0".parse()?,
            database: dir.path().join("bench.db"),
            workers,
            schedules: false,
            tenants: vec![tenant(&crm.base_url())],
            ..LocalConfig::default()
        };
        let local = Local::start(&config).await?;
        Ok(Bench {
            local,
            crm,
            http: reqwest::Client::new(),
            _dir: dir,
        })
    }

    async fn post(&self, body: &Value) -> anyhow::Result<()> {
        let raw = serde_json::to_vec(body)?;
        let signature = synclane::hooks::signature::sign(&Secret::new(SECRET), &raw);
        let url = format!("http://{}/hooks/{TENANT}/opencart", self.local.addr);
        let answer = self
            .http
            .post(url)
            .header("x-synclane-signature", signature)
            .body(raw)
            .send()
            .await?;
        anyhow::ensure!(answer.status() == 202, "hook answered {}", answer.status());
        Ok(())
    }

    /// Until the queue is empty and the CRM saw nothing for 300 ms.
    async fn settle(&self) -> anyhow::Result<()> {
        let mut seen = (self.crm.requests().len(), Instant::now());
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let now = self.crm.requests().len();
            if now != seen.0 {
                seen = (now, Instant::now());
            } else if self.local.queue.depth().await? == 0
                && seen.1.elapsed() > Duration::from_millis(300)
            {
                return Ok(());
            }
        }
    }

    /// The CRM requests one event costs (method and path).
    async fn cost(&self, body: &Value) -> anyhow::Result<Vec<String>> {
        let before = self.crm.requests().len();
        self.post(body).await?;
        self.settle().await?;
        Ok(self.crm.requests()[before..]
            .iter()
            .map(|r| format!("{} {} ({})", r.method, r.path, r.status))
            .collect())
    }
}

pub async fn run(args: OrdersArgs) -> anyhow::Result<()> {
    let bench = Bench::start(1).await?;
    // Buyer 901 is in the CRM already (made there before Synclane saw it).
    let settings = tenant(&bench.crm.base_url());
    let person = synclane::model::Person {
        first_name: Some("Bench".into()),
        last_name: Some("Buyer901".into()),
        email: Some("buyer901@bench.example".into()),
        phone: Some("+79000000901".into()),
        ..Default::default()
    };
    let customer = synclane::model::Customer {
        person,
        address: None,
    };
    synclane::peers::Peers::local(synclane::peers::http_client())
        .crm(&settings.id, settings.crm()?)
        .customer_create(None, &customer)
        .await?;
    let rows = [
        (
            "new private customer",
            event(1, 1, false, 1, "2026-11-30 10:00:00"),
        ),
        (
            "private customer linked (next order)",
            event(2, 1, false, 1, "2026-11-30 10:01:00"),
        ),
        (
            "customer in the CRM, not linked yet",
            event(3, 901, false, 1, "2026-11-30 10:02:00"),
        ),
        (
            "new corporate customer",
            event(4, 2, true, 1, "2026-11-30 10:03:00"),
        ),
        (
            "corporate linked (next order)",
            event(5, 2, true, 1, "2026-11-30 10:04:00"),
        ),
        (
            "new buyer of a linked corporate",
            event(6, 42, true, 1, "2026-11-30 10:05:00"),
        ),
        (
            "order edit (status changed)",
            event(5, 2, true, 5, "2026-11-30 11:00:00"),
        ),
        (
            "redelivery of the same event",
            event(5, 2, true, 5, "2026-11-30 11:00:00"),
        ),
    ];
    println!("orders: CRM requests per OpenCart order event");
    for (name, body) in &rows {
        let requests = bench.cost(body).await?;
        println!("  {name:<40} {}", requests.len());
        if args.explain {
            for request in requests {
                println!("      {request}");
            }
        }
    }
    bench.local.stop().await;

    let bench = Bench::start(args.workers).await?;
    let started = Instant::now();
    for n in 0..args.orders {
        let buyer = n % args.buyers;
        let body = event(
            10_000 + n,
            10_000 + buyer,
            buyer % 3 == 0,
            1,
            "2026-11-30 12:00:00",
        );
        bench.post(&body).await?;
    }
    let posted = started.elapsed();
    bench.settle().await?;
    let wall = started.elapsed();
    let requests = bench.crm.requests().len();
    println!(
        "orders: burst of {} orders ({} buyers, a third corporate) posted in {:.1} s; \
         applied in {:.1} s with {requests} CRM requests ({:.2} per order), \
         floor at 10 requests/s {:.1} s ({:.2}x), {} throttled, {} CRM orders",
        args.orders,
        args.buyers,
        posted.as_secs_f64(),
        wall.as_secs_f64(),
        requests as f64 / args.orders as f64,
        requests as f64 / 10.0,
        wall.as_secs_f64() / (requests as f64 / 10.0),
        bench.crm.throttled(),
        bench.crm.orders().len(),
    );
    bench.local.stop().await;
    Ok(())
}
