//! A generated catalogue of any size for stock reports: goods are computed
//! from their index, never stored, so 100k goods cost a few bytes each.
//! Only goods changed since the start are remembered (their version and
//! when). `change(share)` changes that share of the goods, as a merchant's
//! day of sales and receipts would; `add(n)` creates goods with stock, as a
//! merchant adding products and receiving them would.

use std::collections::HashMap;

/// One generated good's figures in one warehouse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    pub stock: f64,
    pub reserve: f64,
    pub in_transit: f64,
    pub price: f64,
}

/// The generated catalogue: `goods` products in every one of `stores`.
pub(crate) struct Synthetic {
    pub goods: u32,
    pub stores: Vec<String>,
    seed: u64,
    round: u64,
    /// index → (version, unix ms of the last change).
    changed: HashMap<u32, (u32, i64)>,
}

fn mix(mut x: u64) -> u64 {
    // splitmix64: cheap and well spread.
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

impl Synthetic {
    pub fn new(goods: u32, stores: Vec<String>, seed: u64) -> Self {
        Synthetic {
            goods,
            stores,
            seed,
            round: 0,
            changed: HashMap::new(),
        }
    }

    /// The id of good `i` (a UUID, as MoySklad's).
    pub fn id(&self, i: u32) -> String {
        format!("{:08x}-5e5e-4000-8000-{:012x}", self.seed as u32, i)
    }

    pub fn external_code(&self, i: u32) -> String {
        format!("gen-{i}")
    }

    /// The index of the good with `id`, if it is one of ours.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        let (_, hex) = id.rsplit_once('-')?;
        let i = u32::try_from(u64::from_str_radix(hex, 16).ok()?).ok()?;
        (i < self.goods && self.id(i) == id).then_some(i)
    }

    fn version(&self, i: u32) -> u32 {
        self.changed.get(&i).map_or(0, |c| c.0)
    }

    /// Unix ms of good `i`'s last change, if it changed since the start.
    pub fn changed_at(&self, i: u32) -> Option<i64> {
        self.changed.get(&i).map(|c| c.1)
    }

    /// Good `i` in warehouse number `store`.
    pub fn line(&self, i: u32, store: usize) -> Line {
        let h = mix(self.seed
            ^ mix(u64::from(i) << 8 | store as u64)
            ^ mix(u64::from(self.version(i)) + 7));
        let stock = (h % 40) as f64;
        let reserve = ((h >> 8) % 4) as f64;
        let in_transit = ((h >> 16) % 3) as f64;
        // The cost follows the good, not the version: receipts rarely move it.
        let price = (100 + mix(self.seed ^ u64::from(i)) % 100_000) as f64;
        Line {
            stock,
            reserve,
            in_transit,
            price,
        }
    }

    /// Creates `n` goods now (stocked like the others, changed now for the
    /// short report); returns their indices.
    pub fn add(&mut self, n: u32, now_ms: i64) -> std::ops::Range<u32> {
        let new = self.goods..self.goods + n;
        for i in new.clone() {
            self.changed.insert(i, (0, now_ms));
        }
        self.goods += n;
        new
    }

    /// Changes `share` (0..=1) of the goods now; returns how many changed.
    pub fn change(&mut self, share: f64, now_ms: i64) -> usize {
        self.round += 1;
        let threshold = (share.clamp(0.0, 1.0) * u64::MAX as f64) as u64;
        let mut n = 0;
        for i in 0..self.goods {
            if mix(self.seed ^ (self.round << 40) ^ u64::from(i)) < threshold {
                let e = self.changed.entry(i).or_insert((0, now_ms));
                *e = (e.0 + 1, now_ms);
                n += 1;
            }
        }
        n
    }
}
