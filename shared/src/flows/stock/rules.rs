//! MoySklad stock and purchase prices → CRM offers (MS-P1, MS-P2, MS-S6,
//! MS-S7, MS-S8, MS-B9): what one stock-report row means for one offer in one
//! CRM warehouse. Pure: `(options, figures) → values to write`.
//!
//! Choices where the seed is silent, written down:
//! - "available" is MoySklad's `quantity` (stock − reserve + in transit);
//!   MS-S8 subtracts in-transit goods (stock − reserve). Negative values are
//!   written as 0: the CRM has no negative stock.
//! - MS-S6 looks at that available figure ("наличие ≤ 0") and leaves the
//!   CRM's stock alone; the purchase price still follows MS-P2.
//! - MS-P2 "not in stock" means physical stock ≤ 0; then the price is 0.
//! - MS-S7 (inactive goods) is applied by the report filter
//!   (`archived=false`), so inactive goods never reach these rules.
//! - Fractional (weighed) goods keep three decimals.

use crate::connectors::moysklad::Kopecks;
use crate::settings::StockOptions;

/// Above this the CRM gets this (the seed's 999999 cap).
pub const MAX_AVAILABLE: f64 = 999_999.0;

/// One good's figures in one warehouse, as the stock report gives them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub stock: f64,
    pub reserve: f64,
    pub in_transit: f64,
    /// MoySklad's "available": stock − reserve + in transit.
    pub quantity: f64,
    /// Cost price per unit.
    pub cost: Kopecks,
}

/// Which halves of the pull are on (stock-pull, price-pull).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wanted {
    pub stock: bool,
    pub prices: bool,
}

/// What to write to one warehouse of one offer; `None` leaves the CRM's value as it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoreValues {
    pub available: Option<f64>,
    /// Kopecks (the CRM takes roubles: divide by 100 on the wire).
    pub purchase_price: Option<i64>,
}

impl StoreValues {
    /// Compact, stable text form kept as the MS-P3 snapshot.
    pub fn encode(&self) -> String {
        let a = self.available.map_or("-".to_owned(), |v| format!("{v}"));
        let p = self
            .purchase_price
            .map_or("-".to_owned(), |v| v.to_string());
        format!("{a}|{p}")
    }
}

/// MS-P1/P2/S6/S8 and the cap for one good in one warehouse. `None` when
/// nothing is to be written.
pub fn store_values(opts: &StockOptions, wanted: Wanted, f: &Figures) -> Option<StoreValues> {
    let raw = if opts.subtract_in_transit {
        f.quantity - f.in_transit
    } else {
        f.quantity
    };
    let available = (wanted.stock && !(opts.keep_stock_when_out && raw <= 0.0))
        .then(|| round3(raw.clamp(0.0, MAX_AVAILABLE)));
    let purchase_price = wanted
        .prices
        .then(|| if f.stock > 0.0 { f.cost.0.max(0) } else { 0 });
    (available.is_some() || purchase_price.is_some()).then_some(StoreValues {
        available,
        purchase_price,
    })
}

/// MS-B9: the CRM offer's xmlId is the MoySklad external code, and
/// `product#variant` for a modification.
pub fn xml_id(product_code: &str, variant_code: Option<&str>) -> String {
    match variant_code {
        Some(v) => format!("{product_code}#{v}"),
        None => product_code.to_owned(),
    }
}

/// MS-S7: the report's `archived` filter. MoySklad shows only active goods
/// unless both values are sent.
pub fn archived_filter(opts: &StockOptions) -> &'static str {
    if opts.skip_inactive {
        "archived=false"
    } else {
        "archived=true;archived=false"
    }
}

/// MS-S8 for the short report: `freeStock` is stock − reserve, `quantity` adds in-transit.
pub fn current_stock_type(opts: &StockOptions) -> &'static str {
    if opts.subtract_in_transit {
        "freeStock"
    } else {
        "quantity"
    }
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
