//! The bench's set-up: the local runtime on its embedded database, the
//! Shop-Script and CRM emulators, the shop's notification rule pointing at
//! the hook, and what a step does (an order placed, an action run, a poll
//! run, an SS-1 request) and costs (the calls each emulator logged).

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;
use synclane::flows::schedule::{JobContext, ScheduledJob};
use synclane::jobs::shopscript_orders::ShopScriptOrderPoll;
use synclane::jobs::webasyst_deals::WebasystDealPoll;
use synclane::runtime::config::LocalConfig;
use synclane::runtime::local::Local;
use synclane::runtime::worker_loop::{self, LoopSettings};
use synclane::secret::Secret;
use synclane::settings::{AutomaticDeals, ShopScriptSettings, TenantSettings};
use synclane::store::JournalEntry;
use synclane_emulators::webasyst::{LoggedCall, NewOrder, ShopScriptEmulator, WebasystCrmEmulator};

const TENANT: &str = "bench";
const SHOP_TOKEN: &str = "bench-shop-token-0123456789";
const CRM_TOKEN: &str = "bench-crm-token-0123456789";
const NOTIFY_SECRET: &str = "bench-notify-secret-0123";
const STOREFRONT: &str = "shop.example/";
const ADMIN_TOKEN: &str = "bench-admin-token-0123456789abcdef";

/// The bench tenant: the funnel's last four stages mapped to process, pay,
/// ship and complete; `STOREFRONT` in automatic mode, starting in New.
fn tenant(shop: &str, crm: &str, funnel: i64, stages: &[i64]) -> TenantSettings {
    let map = ["process", "pay", "ship", "complete"]
        .iter()
        .zip(&stages[1..])
        .map(|(action, stage)| (stage.to_string(), action.to_string()))
        .collect();
    TenantSettings {
        shopscript: Some(ShopScriptSettings {
            shop_url: shop.into(),
            shop_token: Secret::new(SHOP_TOKEN),
            crm_url: crm.into(),
            crm_token: Secret::new(CRM_TOKEN),
            notification_secret: Secret::new(NOTIFY_SECRET),
            backend_url: None,
            order_format: "#100{id}".into(),
            funnels: BTreeMap::from([(funnel.to_string(), map)]),
            automatic: vec![AutomaticDeals {
                storefront: STOREFRONT.into(),
                funnel_id: funnel as u64,
                stage_id: stages[0] as u64,
            }],
            action_states: BTreeMap::new(),
            // Counts do not depend on the budget; a high one keeps the run short.
            requests_per_second: 100,
        }),
        ..TenantSettings::new(
            synclane::model::TenantId::parse(TENANT).unwrap(),
            Secret::new("bench-unused-oc-secret"),
        )
    }
}

/// The runtime and the two installs of one bench run.
pub(super) struct Bench {
    pub local: Local,
    pub shop: ShopScriptEmulator,
    pub crm: WebasystCrmEmulator,
    /// New, Processing, Paid, Sent, Done.
    pub stages: Vec<i64>,
    http: reqwest::Client,
    /// A key of `TENANT` for the admin API.
    key: String,
    _dir: tempfile::TempDir,
}

/// Where the two request logs stood before a step.
pub(super) type Mark = (usize, usize);

/// One measured step.
pub(super) struct Row {
    pub name: &'static str,
    pub shop: Vec<LoggedCall>,
    pub crm: Vec<LoggedCall>,
}

impl Bench {
    pub(super) async fn start() -> anyhow::Result<Bench> {
        let dir = tempfile::tempdir()?;
        let shop = ShopScriptEmulator::start(SHOP_TOKEN).await;
        let crm = WebasystCrmEmulator::start(CRM_TOKEN).await;
        let (funnel, stages) =
            crm.add_funnel("Sales", &["New", "Processing", "Paid", "Sent", "Done"]);
        let config = LocalConfig {
            listen: "127.0.0.1:0".parse()?,
            database: dir.path().join("bench.db"),
            workers: 0,
            schedules: false,
            tenants: vec![tenant(&shop.base_url(), &crm.base_url(), funnel, &stages)],
            admin_token_sha256: Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                ADMIN_TOKEN.as_bytes(),
            ))),
            ..LocalConfig::default()
        };
        let local = Local::start(&config).await?;
        let hook = format!("http://{}/hooks/{TENANT}/shopscript", local.addr);
        shop.notify(
            &hook,
            &[("X-Synclane-Secret", NOTIFY_SECRET)],
            &[
                ("order_id", "{$order.id}"),
                ("action_id", "{$action_data.action_id}"),
                ("log_id", "{$action_data.id}"),
            ],
            true,
        );
        let http = reqwest::Client::new();
        let created: Value = http
            .post(format!("http://{}/admin/accounts", local.addr))
            .bearer_auth(ADMIN_TOKEN)
            .json(&serde_json::json!({ "tenant": TENANT }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let key = created["key"]["key"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        Ok(Bench {
            local,
            shop,
            crm,
            stages,
            http,
            key,
            _dir: dir,
        })
    }

    pub(super) fn mark(&self) -> Mark {
        (self.shop.requests().len(), self.crm.requests().len())
    }

    /// Runs the worker until the queue is empty, then the calls since `mark`.
    pub(super) async fn row(&self, name: &'static str, mark: Mark) -> anyhow::Result<Row> {
        self.drain().await?;
        Ok(Row {
            name,
            shop: self.shop.requests()[mark.0..].to_vec(),
            crm: self.crm.requests()[mark.1..].to_vec(),
        })
    }

    pub(super) async fn drain(&self) -> anyhow::Result<()> {
        let settings = LoopSettings {
            batch: 1,
            visibility: Duration::from_secs(30),
            wait: Duration::from_millis(50),
        };
        for _ in 0..1000 {
            let handled =
                worker_loop::run_once(self.local.queue.as_ref(), &self.local.worker, settings)
                    .await?;
            if handled == 0 && self.local.queue.depth().await? == 0 {
                return Ok(());
            }
        }
        anyhow::bail!("the queue did not drain")
    }

    /// The tenant's journal, newest first.
    pub(super) async fn journal(&self) -> anyhow::Result<Vec<JournalEntry>> {
        let id = synclane::model::TenantId::parse(TENANT).unwrap();
        Ok(self.local.store.journal.list_journal(&id, 50).await?)
    }

    async fn settings(&self) -> anyhow::Result<TenantSettings> {
        let id = synclane::model::TenantId::parse(TENANT).unwrap();
        let found = self.local.store.tenants.get_tenant(&id).await?;
        found.ok_or_else(|| anyhow::anyhow!("no tenant {TENANT}"))
    }

    fn job_context(&self) -> JobContext {
        JobContext {
            store: self.local.store.clone(),
            queue: self.local.queue.clone(),
            peers: self.local.peers.clone(),
            registry: self.local.registry.clone(),
            deadline: tokio::time::Instant::now() + Duration::from_secs(60),
        }
    }

    /// One run of `shopscript-order-poll`.
    pub(super) async fn poll_orders(&self) -> anyhow::Result<()> {
        let settings = self.settings().await?;
        ShopScriptOrderPoll
            .run(&self.job_context(), &settings)
            .await?;
        Ok(())
    }

    /// One run of `webasyst-deal-poll`.
    pub(super) async fn poll_deals(&self) -> anyhow::Result<()> {
        let settings = self.settings().await?;
        WebasystDealPoll.run(&self.job_context(), &settings).await?;
        Ok(())
    }

    /// A customer places an order on the automatic storefront.
    pub(super) async fn place(&self, email: &str) -> i64 {
        self.place_on(STOREFRONT, email).await
    }

    /// A customer places an order on `storefront`.
    pub(super) async fn place_on(&self, storefront: &str, email: &str) -> i64 {
        self.shop
            .place_order(NewOrder {
                storefront: Some(storefront.into()),
                name: "Bench Buyer".into(),
                email: Some(email.into()),
                phone: Some(phone(email)),
                items: vec![
                    ("Tea & cups".into(), 2.0, 500.0),
                    ("Teapot".into(), 1.0, 500.0),
                ],
                currency: "RUB".into(),
            })
            .await
    }

    /// A manager runs `action` on the order in the shop's backend.
    pub(super) async fn act(&self, order: i64, action: &str) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.shop.act(order, action).await,
            "order {order} does not offer {action}"
        );
        Ok(())
    }

    /// SS-1 on the admin API: `method` on `/admin/tenants/bench/shopscript/orders/{order}/deal`.
    pub(super) async fn link(
        &self,
        method: reqwest::Method,
        order: i64,
        body: Option<Value>,
    ) -> anyhow::Result<(u16, Value)> {
        let url = format!(
            "http://{}/admin/tenants/{TENANT}/shopscript/orders/{order}/deal",
            self.local.addr
        );
        let mut request = self.http.request(method, url).bearer_auth(&self.key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await?;
        let status = answer.status().as_u16();
        Ok((status, answer.json().await.unwrap_or(Value::Null)))
    }

    pub(super) async fn deal_of(&self, order: i64) -> anyhow::Result<i64> {
        let id = synclane::model::TenantId::parse(TENANT).unwrap();
        let links = self.local.store.links.as_ref();
        synclane::flows::shopscript_deals::deal_of(links, &id, order)
            .await?
            .ok_or_else(|| anyhow::anyhow!("order {order} has no deal"))
    }

    /// The notification the shop sent for the order's latest `action`,
    /// posted again exactly as the rule renders it (a redelivery).
    pub(super) async fn redeliver(&self, order: i64, action: &str) -> anyhow::Result<()> {
        // Read before the row's mark: not counted.
        let url = format!("{}/api.php/shop.order.log", self.shop.base_url());
        let log: Vec<Value> = self
            .http
            .get(url)
            .query(&[("id", order.to_string())])
            .bearer_auth(SHOP_TOKEN)
            .send()
            .await?
            .json()
            .await?;
        let entry = log
            .iter()
            .find(|e| e["action_id"] == action)
            .ok_or_else(|| anyhow::anyhow!("order {order} has no {action} in its history"))?;
        let body =
            json!({ "order_id": order.to_string(), "action_id": action, "log_id": entry["id"] });
        let mark = self.mark();
        let answer = self
            .http
            .post(format!(
                "http://{}/hooks/{TENANT}/shopscript",
                self.local.addr
            ))
            .header("X-Synclane-Secret", NOTIFY_SECRET)
            .json(&body)
            .send()
            .await?;
        anyhow::ensure!(answer.status() == 200, "hook answered {}", answer.status());
        anyhow::ensure!(mark == self.mark(), "the hook called a peer");
        Ok(())
    }
}

/// A phone of the customer's own (the CRM looks contacts up by e-mail,
/// then by phone: a shared one would find another customer).
fn phone(email: &str) -> String {
    let n = email
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    format!(
        "+7 900 {:03}-{:02}-{:02}",
        n % 1000,
        n / 1000 % 100,
        n / 100_000 % 100
    )
}
