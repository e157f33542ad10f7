//! A seeded stream of OpenCart order events: buyers (a third of them for a
//! company, companies shared between buyers, half of them guests), their
//! orders, and a share of deliveries repeated, all shuffled.

use crate::support::opencart::{Person, order_body};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::Value;

pub struct Buyer {
    pub customer_id: i64,
    pub last: String,
    pub email: String,
    pub phone: String,
    pub company: Option<String>,
}

pub struct Plan {
    pub buyers: Vec<Buyer>,
    /// Every delivery, duplicates included, in the order they are posted.
    pub deliveries: Vec<Value>,
}

impl Plan {
    /// `orders` orders of `people` buyers; `duplicates` of the events are delivered twice.
    pub fn new(seed: u64, orders: usize, people: usize, companies: usize, duplicates: f64) -> Plan {
        let mut rng = StdRng::seed_from_u64(seed);
        let buyers: Vec<Buyer> = (0..people)
            .map(|i| Buyer {
                customer_id: if i % 2 == 0 { 0 } else { 5000 + i as i64 },
                last: format!("No{i}"),
                email: format!("buyer{i}@load.example"),
                phone: format!("+7 903 5{i:06}"),
                company: (i % 3 == 0).then(|| format!("Company {} LLC", i % companies)),
            })
            .collect();
        let mut order_list = Vec::new();
        for n in 0..orders {
            // Every buyer orders at least once, then at random.
            let buyer = if n < people {
                n
            } else {
                rng.random_range(0..people)
            };
            order_list.push((10_000 + n as i64, buyer));
        }
        let mut deliveries: Vec<Value> = order_list
            .iter()
            .map(|(id, b)| event(*id, &buyers[*b]))
            .collect();
        let extra = (orders as f64 * duplicates).round() as usize;
        for _ in 0..extra {
            let again = deliveries[rng.random_range(0..orders)].clone();
            deliveries.push(again);
        }
        deliveries.shuffle(&mut rng);
        Plan { buyers, deliveries }
    }

    /// The companies the buyers name.
    pub fn companies(&self) -> std::collections::BTreeSet<&str> {
        self.buyers
            .iter()
            .filter_map(|b| b.company.as_deref())
            .collect()
    }
}

fn event(order_id: i64, buyer: &Buyer) -> Value {
    let person = Person {
        customer_id: buyer.customer_id,
        first: "Buyer",
        last: &buyer.last,
        email: &buyer.email,
        phone: &buyer.phone,
    };
    order_body(
        order_id,
        &person,
        buyer.company.as_deref(),
        1,
        "2026-11-30 10:00:00",
    )
}
