//! The soak's seeded stream of mixed events for several tenants, the same
//! for the chaos run and the clean one:
//! - OpenCart order events (the extension's hook): new orders of generated
//!   buyers (a third for a company, half of them guests), and later edits
//!   of some of them (status "complete", a later `date_modified`);
//! - CRM changes made by managers, read through the history poll and
//!   exported to MoySklad: new orders with a shipping warehouse, and later
//!   status changes of some of them.
//!
//! Hook deliveries are repeated (`duplicates` of them) and shuffled across
//! tenants; manager actions keep their own order (a CRM's history does) and
//! are spread among the deliveries.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

/// One step of the timeline.
#[derive(Clone, Debug)]
pub enum Step {
    /// A signed OpenCart hook body for tenant `tenant` (an index).
    Hook { tenant: usize, body: Value },
    /// A manager creates CRM order `number` for seeded customer `customer`.
    CrmOrder {
        tenant: usize,
        number: String,
        customer: usize,
    },
    /// A manager moves CRM order `number` to `status`.
    CrmStatus {
        tenant: usize,
        number: String,
        status: &'static str,
    },
}

/// The whole stream.
pub struct Plan {
    pub steps: Vec<Step>,
    /// Events before duplication.
    pub events: usize,
    /// Hook deliveries, duplicates included.
    pub deliveries: usize,
    pub duplicates: usize,
}

/// Customers seeded in each tenant's CRM for the managers' orders.
pub const MANAGER_CUSTOMERS: usize = 6;

/// A buyer of tenant `tenant`'s shop.
struct Buyer {
    customer_id: i64,
    last: String,
    email: String,
    phone: String,
    company: Option<String>,
}

impl Plan {
    /// `events` events over `tenants` tenants; `duplicates` of the hook
    /// deliveries are sent twice.
    pub fn new(seed: u64, events: usize, tenants: usize, duplicates: f64) -> Plan {
        let mut rng = StdRng::seed_from_u64(seed);
        let people = (events / tenants / 3).max(4);
        let buyers: Vec<Vec<Buyer>> = (0..tenants)
            .map(|t| {
                (0..people)
                    .map(|i| Buyer {
                        customer_id: if i % 2 == 0 { 0 } else { 5000 + i as i64 },
                        last: format!("T{t}No{i}"),
                        email: format!("buyer{i}@t{t}.soak.example"),
                        phone: format!("+7 903 {t}{i:06}"),
                        company: (i % 3 == 0).then(|| format!("Company {} LLC", i % 7)),
                    })
                    .collect()
            })
            .collect();
        let mut hooks: Vec<Step> = Vec::new();
        let mut manager: Vec<Step> = Vec::new();
        // Per tenant: OpenCart orders made so far, managers' orders still "new".
        let mut oc_orders: Vec<Vec<(i64, usize)>> = vec![Vec::new(); tenants];
        let mut crm_new: Vec<Vec<String>> = vec![Vec::new(); tenants];
        for n in 0..events {
            let tenant = rng.random_range(0..tenants);
            let roll = rng.random_range(0..100);
            if roll < 15 && !oc_orders[tenant].is_empty() {
                let (order_id, buyer) =
                    oc_orders[tenant][rng.random_range(0..oc_orders[tenant].len())];
                let body = order_event(order_id, &buyers[tenant][buyer], 5, "2026-12-01 12:00:00");
                hooks.push(Step::Hook { tenant, body });
            } else if roll < 25 && !crm_new[tenant].is_empty() {
                let at = rng.random_range(0..crm_new[tenant].len());
                let number = crm_new[tenant].swap_remove(at);
                manager.push(Step::CrmStatus {
                    tenant,
                    number,
                    status: "complete",
                });
            } else if roll < 45 {
                let number = format!("M{tenant}-{n}");
                crm_new[tenant].push(number.clone());
                manager.push(Step::CrmOrder {
                    tenant,
                    number,
                    customer: rng.random_range(0..MANAGER_CUSTOMERS),
                });
            } else {
                let order_id = 10_000 + n as i64;
                // Every buyer orders once first, then at random.
                let made = oc_orders[tenant].len();
                let buyer = if made < people {
                    made
                } else {
                    rng.random_range(0..people)
                };
                oc_orders[tenant].push((order_id, buyer));
                let body = order_event(order_id, &buyers[tenant][buyer], 1, "2026-12-01 10:00:00");
                hooks.push(Step::Hook { tenant, body });
            }
        }
        let events_made = hooks.len() + manager.len();
        let originals = hooks.len();
        let extra = (originals as f64 * duplicates).round() as usize;
        for _ in 0..extra {
            let again = hooks[rng.random_range(0..originals)].clone();
            hooks.push(again);
        }
        hooks.shuffle(&mut rng);
        let deliveries = hooks.len();
        // Managers' actions in their order, each at a random place among the deliveries.
        let mut places: Vec<usize> = (0..manager.len())
            .map(|_| rng.random_range(0..=hooks.len()))
            .collect();
        places.sort_unstable();
        let mut steps = Vec::with_capacity(hooks.len() + manager.len());
        let mut manager = manager.into_iter().zip(places).peekable();
        for (i, hook) in hooks.into_iter().enumerate() {
            while let Some((step, _)) = manager.next_if(|(_, at)| *at <= i) {
                steps.push(step);
            }
            steps.push(hook);
        }
        steps.extend(manager.map(|(step, _)| step));
        Plan {
            steps,
            events: events_made,
            deliveries,
            duplicates: extra,
        }
    }
}

/// An order event of the extension (`checkout/order/addOrderHistory`).
fn order_event(order_id: i64, buyer: &Buyer, status: i64, modified: &str) -> Value {
    json!({
        "route": "checkout/order/addOrderHistory",
        "order_id": order_id.to_string(),
        "order": {
            "order_id": order_id.to_string(),
            "invoice_prefix": "INV-2026-00",
            "store_id": "0",
            "customer_id": buyer.customer_id.to_string(),
            "customer_group_id": "1",
            "firstname": "Buyer",
            "lastname": buyer.last,
            "email": buyer.email,
            "telephone": buyer.phone,
            "payment_firstname": "Buyer",
            "payment_lastname": buyer.last,
            "payment_company": buyer.company.as_deref().unwrap_or(""),
            "payment_address_1": "Lenina 1",
            "payment_city": "Moscow",
            "payment_postcode": "101000",
            "payment_iso_code_2": "RU",
            "shipping_firstname": "Buyer",
            "shipping_lastname": buyer.last,
            "shipping_address_1": "Mira 2",
            "shipping_city": "Moscow",
            "shipping_postcode": "129000",
            "shipping_iso_code_2": "RU",
            "total": "150.0000",
            "order_status_id": status.to_string(),
            "currency_code": "RUB",
            "date_added": "2026-12-01 09:00:00",
            "date_modified": modified
        },
        "products": [
            { "product_id": "40", "name": "iPhone", "model": "product 11", "quantity": "1", "price": "100.0000" },
            { "product_id": "41", "name": "iMac", "model": "product 14", "quantity": 2, "price": 25 }
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_makes_the_same_stream() {
        let a = Plan::new(3, 300, 3, 0.3);
        let b = Plan::new(3, 300, 3, 0.3);
        assert_eq!(format!("{:?}", a.steps), format!("{:?}", b.steps));
        assert_eq!(a.events, 300);
        assert_eq!(
            a.steps.len(),
            a.deliveries + a.events - (a.deliveries - a.duplicates)
        );
        // Every manager status change follows its order's creation.
        let mut made = std::collections::HashSet::new();
        for step in &a.steps {
            match step {
                Step::CrmOrder { number, .. } => assert!(made.insert(number.clone())),
                Step::CrmStatus { number, .. } => assert!(made.contains(number)),
                Step::Hook { .. } => {}
            }
        }
    }
}
