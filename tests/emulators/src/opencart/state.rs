//! The shop's data, kept as OpenCart's rows (every value a string, as PHP
//! reads them from MySQL): orders with their Customer, payment and shipping
//! sections, customers with groups and addresses, transactions; plus the
//! reference tables (countries, zones, groups) the API resolves against.

use super::Flavour;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// A row: column → value.
pub(crate) type Row = Map<String, Value>;

/// One API request as the emulator saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    pub method: String,
    /// The `op` parameter ("" when absent).
    pub op: String,
    /// Every query parameter but `route`, decoded.
    pub params: Vec<(String, String)>,
    /// The JSON body (`Null` for GET or a body that is not JSON).
    pub body: Value,
    pub status: u16,
    /// The error code of a refusal.
    pub code: Option<String>,
}

/// What a fault does to the next requests.
#[derive(Debug, Clone)]
pub(crate) struct Fault {
    pub remaining: u32,
    /// Only requests with this `op`.
    pub op: Option<String>,
    pub effect: Effect,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Effect {
    /// Answer this status without touching the shop (500: the extension's
    /// `internal_error`; anything else: a page from in front of it).
    Status(u16),
    /// Carry the request out, then answer only after this long (an answer
    /// lost to the client's timeout).
    LoseAnswer(std::time::Duration),
}

pub(crate) struct State {
    pub flavour: Flavour,
    pub secret: String,
    pub enabled: bool,
    /// Seconds the shop's clock is ahead of ours.
    pub clock_offset: i64,
    pub countries: Vec<(i64, &'static str, &'static str)>,
    /// (zone_id, country_id, name, code).
    pub zones: Vec<(i64, i64, &'static str, &'static str)>,
    /// (customer_group_id, name, description, sort_order).
    pub groups: Vec<(i64, String, String, i64)>,
    pub default_group: i64,
    pub customers: BTreeMap<i64, Row>,
    pub addresses: BTreeMap<i64, Row>,
    pub orders: BTreeMap<i64, Row>,
    pub products: BTreeMap<i64, Vec<Value>>,
    pub transactions: BTreeMap<i64, Row>,
    pub log: Vec<ApiCall>,
    pub faults: Vec<Fault>,
    /// Synclane's hook: `{base}/hooks/{tenant}/opencart`.
    pub hook_url: Option<String>,
    pub events_posted: Vec<Value>,
    next_id: i64,
}

impl State {
    pub fn new(secret: &str, flavour: Flavour) -> Self {
        State {
            flavour,
            secret: secret.to_owned(),
            enabled: true,
            clock_offset: 0,
            // The ids of OpenCart's own install data.
            countries: vec![
                (222, "United Kingdom", "GB"),
                (223, "United States", "US"),
                (81, "Germany", "DE"),
                (176, "Russian Federation", "RU"),
            ],
            zones: vec![
                (3513, 222, "Greater London", "GLA"),
                (3624, 223, "California", "CA"),
                (1256, 81, "Berlin", "BER"),
                (2761, 176, "Moscow", "MOW"),
            ],
            groups: vec![
                (1, "Default".into(), "Retail customers".into(), 1),
                (2, "Wholesale".into(), "Trade customers".into(), 2),
            ],
            default_group: 1,
            customers: BTreeMap::new(),
            addresses: BTreeMap::new(),
            orders: BTreeMap::new(),
            products: BTreeMap::new(),
            transactions: BTreeMap::new(),
            log: Vec::new(),
            faults: Vec::new(),
            hook_url: None,
            events_posted: Vec::new(),
            next_id: 100,
        }
    }

    /// A fresh id for customers, addresses and transactions.
    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn group_exists(&self, id: i64) -> bool {
        self.groups.iter().any(|g| g.0 == id)
    }

    /// `getOrder()`: the row plus the columns its joins add.
    pub fn read_order(&self, order_id: i64) -> Option<Value> {
        let mut order = self.orders.get(&order_id)?.clone();
        for prefix in ["payment_", "shipping_"] {
            let country = int(&order, &format!("{prefix}country_id"));
            let iso = self.countries.iter().find(|c| c.0 == country).map(|c| c.2);
            let zone_id = int(&order, &format!("{prefix}zone_id"));
            let code = self.zones.iter().find(|z| z.0 == zone_id).map(|z| z.3);
            order.insert(format!("{prefix}iso_code_2"), json!(iso.unwrap_or("")));
            order.insert(format!("{prefix}zone_code"), json!(code.unwrap_or("")));
        }
        if self.flavour == Flavour::Oc3 {
            // 3.0's getOrder() returns a fixed list of keys without it.
            order.remove("customer_group_id");
        }
        let products = self.products.get(&order_id).cloned().unwrap_or_default();
        Some(json!({"order_id": order_id.to_string(), "order": order, "products": products}))
    }

    /// `customer.get`'s object.
    pub fn read_customer(&self, customer_id: i64) -> Option<Value> {
        let customer = self.customers.get(&customer_id)?;
        let default_address = int(customer, "address_id");
        let addresses: Vec<Value> = self
            .addresses
            .values()
            .filter(|a| int(a, "customer_id") == customer_id)
            .map(|a| {
                let mut a = a.clone();
                let country = self.countries.iter().find(|c| c.0 == int(&a, "country_id"));
                let zone = self.zones.iter().find(|z| z.0 == int(&a, "zone_id"));
                a.insert("country".into(), json!(country.map_or("", |c| c.1)));
                a.insert("iso_code_2".into(), json!(country.map_or("", |c| c.2)));
                a.insert("zone".into(), json!(zone.map_or("", |z| z.2)));
                a.insert("zone_code".into(), json!(zone.map_or("", |z| z.3)));
                if self.flavour == Flavour::Oc3 {
                    let default = int(&a, "address_id") == default_address;
                    a.insert("default".into(), json!(if default { "1" } else { "0" }));
                }
                Value::Object(a)
            })
            .collect();
        Some(json!({
            "customer_id": customer_id.to_string(),
            "customer": customer,
            "addresses": addresses,
            "ips": [],
        }))
    }

    /// The shop's clock, unix seconds.
    pub fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp() + self.clock_offset
    }

    /// The shop's clock as OpenCart writes dates.
    pub fn stamp(&self) -> String {
        let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        time::OffsetDateTime::from_unix_timestamp(self.now())
            .ok()
            .and_then(|t| t.format(f).ok())
            .unwrap_or_default()
    }
}

/// A column read as a number (`"42"` or `42`).
pub(crate) fn int(row: &Row, column: &str) -> i64 {
    match row.get(column) {
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        _ => 0,
    }
}
