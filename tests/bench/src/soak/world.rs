//! The peers of one soak run: for each tenant a RetailCRM emulator (its
//! real limit of `crm_rate` requests/s per key) and a MoySklad emulator,
//! seeded alike in both runs, their settings, and the end state read back
//! by natural keys (emulator-assigned ids differ between runs).

use super::plan::MANAGER_CUSTOMERS;
use super::snapshot::Snapshot;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;
use synclane::model::{Customer, Person, TenantId};
use synclane::peers::{Peers, http_client};
use synclane::secret::Secret;
use synclane::settings::{
    MoySkladSettings, MoySkladSync, OpenCartSettings, RetailCrmSettings, TenantSettings,
};
use synclane_emulators::faults::{FaultCounts, FaultInjector};
use synclane_emulators::moysklad::MoySkladEmulator;
use synclane_emulators::retailcrm::RetailCrmEmulator;

pub const SITE: &str = "shop";

/// One tenant's peers and settings.
pub struct TenantWorld {
    pub settings: TenantSettings,
    pub crm: RetailCrmEmulator,
    pub ms: MoySkladEmulator,
    /// CRM ids of the customers seeded for the managers' orders.
    pub manager_customers: Vec<i64>,
    /// CRM ids of the managers' orders by number (this run's).
    pub manager_orders: BTreeMap<String, i64>,
}

/// Every tenant's peers.
pub struct World {
    pub tenants: Vec<TenantWorld>,
}

/// A tenant's secrets, different in every tenant (the secrets check looks for each).
fn secret(kind: &str, tenant: usize, seed: u64) -> String {
    format!("{kind}-soak{seed}-t{tenant}-5ecret0123456789")
}

impl World {
    /// Starts and seeds the peers of `tenants` tenants; `public_base` is the
    /// process's address (MoySklad writes carry it so they fire no webhook).
    pub async fn start(
        tenants: usize,
        seed: u64,
        crm_rate: u32,
        public_base: &str,
    ) -> anyhow::Result<World> {
        let mut all = Vec::new();
        for t in 0..tenants {
            let crm_key = secret("crm-key", t, seed);
            let ms_token = secret("ms-token", t, seed);
            let crm = RetailCrmEmulator::start(&crm_key, &[SITE]).await;
            crm.set_rate_limit(crm_rate);
            let ms = MoySkladEmulator::start(&ms_token).await;
            let org = ms.seed_organization("OOO Shop");
            let store = ms.seed_store("Main");
            let st_new = ms.seed_state("customerorder", "New");
            let st_done = ms.seed_state("customerorder", "Done");
            ms.seed_product("Phone", "ext-1", 5000);
            ms.seed_product("Case", "ext-2", 300);
            let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
                pairs
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect()
            };
            let id = TenantId::parse(&format!("soak-t{t}"))
                .ok_or_else(|| anyhow::anyhow!("bad tenant id"))?;
            let settings = TenantSettings {
                retailcrm: Some(RetailCrmSettings {
                    base_url: crm.base_url(),
                    api_key: Secret::new(crm_key),
                    site: SITE.into(),
                    corporate_customers: true,
                    requests_per_second: crm_rate,
                }),
                opencart: Some(OpenCartSettings {
                    base_url: None,
                    status_map: [
                        ("1".to_string(), "new".to_string()),
                        ("5".to_string(), "complete".to_string()),
                    ]
                    .into(),
                }),
                moysklad: Some(MoySkladSettings {
                    base_url: ms.base_url(),
                    token: Secret::new(ms_token),
                    disable_webhook_prefixes: vec![],
                    request_weight: 1,
                    webhook_token: Secret::new(secret("ms-hook", t, seed)),
                    public_base_url: Some(public_base.to_owned()),
                    sync: Some(MoySkladSync {
                        shops: map(&[(SITE, &org)]),
                        stores: map(&[("main", &store)]),
                        statuses: map(&[("new", &st_new), ("complete", &st_done)]),
                        ..MoySkladSync::default()
                    }),
                }),
                ..TenantSettings::new(id.clone(), Secret::new(secret("oc-secret", t, seed)))
            };
            settings.validate()?;
            // The managers' customers, made before any fault.
            let client = Peers::local(http_client()).crm(&id, settings.crm()?);
            let mut manager_customers = Vec::new();
            for n in 0..MANAGER_CUSTOMERS {
                let person = Person {
                    first_name: Some("Client".into()),
                    last_name: Some(format!("T{t}Mgr{n}")),
                    email: Some(format!("client{n}@t{t}.managers.example")),
                    phone: Some(format!("+7916{t}{n:06}")),
                    ..Default::default()
                };
                let customer = Customer {
                    person,
                    address: None,
                };
                manager_customers.push(client.customer_create(None, &customer).await?);
            }
            all.push(TenantWorld {
                settings,
                crm,
                ms,
                manager_customers,
                manager_orders: BTreeMap::new(),
            });
        }
        Ok(World { tenants: all })
    }

    /// Every emulator's chaos switch.
    pub fn injectors(&self) -> Vec<&FaultInjector> {
        self.tenants
            .iter()
            .flat_map(|t| [t.crm.chaos(), t.ms.chaos()])
            .collect()
    }

    /// Turns faults on in every emulator (each with its own seed).
    pub fn enable_faults(&self, rate: f64, seed: u64, hold: Duration) {
        for (i, injector) in self.injectors().into_iter().enumerate() {
            injector.enable(rate, seed.wrapping_mul(1000).wrapping_add(i as u64), hold);
        }
    }

    pub fn disable_faults(&self) {
        for injector in self.injectors() {
            injector.disable();
        }
    }

    /// Faults injected so far, summed over the emulators.
    pub fn fault_counts(&self) -> FaultCounts {
        let mut all = FaultCounts::new();
        for injector in self.injectors() {
            for (key, n) in injector.counts() {
                *all.entry(key).or_default() += n;
            }
        }
        all
    }

    /// The emulators' own rate-limit answers (CRM 503 over its limit,
    /// MoySklad 1049 and 1073): the soak must draw none.
    pub fn rate_limit_answers(&self) -> u64 {
        self.tenants
            .iter()
            .map(|t| {
                let ms = t.ms.counters();
                t.crm.throttled() + ms.rate_violations + ms.parallel_violations
            })
            .sum()
    }

    /// The rate-limit answers by peer and kind, for the report.
    pub fn rate_limit_detail(&self) -> String {
        let (mut crm, mut rate, mut parallel) = (0, 0, 0);
        for t in &self.tenants {
            let ms = t.ms.counters();
            crm += t.crm.throttled();
            rate += ms.rate_violations;
            parallel += ms.parallel_violations;
        }
        format!("CRM over its limit {crm}, MoySklad 1049 {rate}, MoySklad 1073 {parallel}")
    }

    /// Requests every emulator has answered (to tell when the work is done).
    pub fn requests(&self) -> usize {
        self.tenants
            .iter()
            .map(|t| t.crm.requests().len() + t.ms.counters().requests as usize)
            .sum()
    }

    /// A manager makes CRM order `number` in tenant `t`.
    pub fn crm_order(&mut self, t: usize, number: &str, customer: usize) {
        let tenant = &mut self.tenants[t];
        let id = tenant.crm.user_create_order(json!({
            "site": SITE, "number": number, "status": "new", "shipmentStore": "main",
            "customer": {"id": tenant.manager_customers[customer]},
            "items": [{"offer": {"xmlId": "ext-1"}, "productName": "Phone", "initialPrice": 100.5, "quantity": 1}]
        }));
        tenant.manager_orders.insert(number.to_owned(), id);
    }

    /// A manager moves CRM order `number` of tenant `t` to `status`.
    pub fn crm_status(&self, t: usize, number: &str, status: &str) {
        let tenant = &self.tenants[t];
        let id = tenant.manager_orders[number];
        tenant.crm.user_edit_order(id, json!({ "status": status }));
    }

    /// The peers' end state by natural keys: each record's key with the
    /// fields the flows set, and how many records carry that key.
    pub fn snapshot(&self) -> Snapshot {
        let mut records: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (t, tenant) in self.tenants.iter().enumerate() {
            let mut add = |key: String, value: String| {
                records
                    .entry(format!("t{t}/{key}"))
                    .or_default()
                    .push(value)
            };
            let crm_customers: BTreeMap<i64, String> = tenant
                .crm
                .customers()
                .iter()
                .map(|c| (c["id"].as_i64().unwrap_or_default(), text(&c["email"])))
                .collect();
            for c in tenant.crm.customers() {
                add(
                    format!("crm/customer/{}", text(&c["email"])),
                    format!(
                        "{} {} {}",
                        text(&c["firstName"]),
                        text(&c["lastName"]),
                        phone(&c)
                    ),
                );
            }
            for c in tenant.crm.corporates() {
                add(
                    format!("crm/corporate/{}", text(&c["nickName"])),
                    String::new(),
                );
            }
            for o in tenant.crm.orders() {
                let key = match o["externalId"].as_str() {
                    Some(external) => format!("crm/order/oc-{external}"),
                    None => format!("crm/order/number-{}", text(&o["number"])),
                };
                let customer = o["customer"]["id"]
                    .as_i64()
                    .and_then(|id| crm_customers.get(&id).cloned())
                    .unwrap_or_else(|| text(&o["customer"]["email"]));
                let items = o["items"].as_array().map_or(0, Vec::len);
                add(
                    key,
                    format!(
                        "status={} customer={customer} items={items} company={}",
                        text(&o["status"]),
                        text(&o["company"]["name"])
                    ),
                );
            }
            let states: BTreeMap<String, String> = tenant
                .ms
                .entities("state")
                .iter()
                .map(|s| (text(&s["meta"]["href"]), text(&s["name"])))
                .collect();
            let counterparties: BTreeMap<String, String> = tenant
                .ms
                .entities("counterparty")
                .iter()
                .map(|c| (text(&c["meta"]["href"]), text(&c["email"])))
                .collect();
            for c in tenant.ms.entities("counterparty") {
                add(
                    format!("ms/counterparty/{}", text(&c["email"])),
                    text(&c["name"]),
                );
            }
            for o in tenant.ms.entities("customerorder") {
                let state = states
                    .get(&text(&o["state"]["meta"]["href"]))
                    .cloned()
                    .unwrap_or_default();
                let agent = counterparties
                    .get(&text(&o["agent"]["meta"]["href"]))
                    .cloned()
                    .unwrap_or_default();
                add(
                    format!("ms/customerorder/{}", text(&o["name"])),
                    format!("state={state} agent={agent}"),
                );
            }
        }
        Snapshot { records }
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn phone(c: &Value) -> String {
    c["phones"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|p| text(&p["number"]))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}
