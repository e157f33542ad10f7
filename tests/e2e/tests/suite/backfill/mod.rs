//! Onboarding backfill (issue 16, item 7): customers already in both the
//! CRM and the OpenCart shop are linked in the store, with no write to
//! either peer; the others are reported; a run killed with SIGKILL is
//! resumed from its checkpoint.
//!
//! - `in_process`: the job on SQLite and on DynamoDB (moto), run twice;
//! - `killed`: `synclane serve` started through the admin API, SIGKILLed
//!   mid-way, resumed by `synclane backfill` (the CLI), then read back
//!   through the admin API;
//! - `conflicts`: the conflicts listed, resolved and dismissed through the
//!   admin API, on each backend;
//! - `console`: the Backfill page in the browser (start, resolve, dismiss);
//! - `orders`: CRM orders ⇄ OpenCart orders by external id, on each backend;
//!   `order_conflicts`: their conflicts listed, resolved and dismissed;
//! - `moysklad`: MoySklad counterparties ⇄ CRM customers, on each backend;
//!   `corporate`: ⇄ corporate customers too, and their conflicts decided;
//! - `failed`: the order and MoySklad passes record a peer's refusal as `failed`;
//! - `cli`: `synclane backfill --moysklad`;
//! - `on_lambda`: started through the admin Lambda, run by the export function;
//! - `offers`: CRM offers ⇄ MoySklad goods by external code (a report, no
//!   link), stopped and resumed, on each backend.

mod cli;
mod conflicts;
mod console;
mod corporate;
mod failed;
mod in_process;
mod killed;
mod moysklad;
mod offers;
mod on_lambda;
mod order_conflicts;
mod orders;

use synclane_emulators::{OpenCartEmulator, RetailCrmEmulator};

/// How many customers each side has and how many of them are on both.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub crm: usize,
    pub shop: usize,
    pub common: usize,
}

/// Seeds both emulators. Common customer `i` is found by e-mail (even `i`:
/// the CRM spells it in capitals with spaces) or by phone only (odd `i`:
/// the shop has another address and writes the number its own way);
/// everyone else has an address and number of their own.
/// Returns the common customers' ids: (CRM id, shop customer id).
pub fn seed(crm: &RetailCrmEmulator, shop: &OpenCartEmulator, sizes: Sizes) -> Vec<(i64, i64)> {
    let mut crm_ids = Vec::new();
    let mut shop_ids = Vec::new();
    // Ten digits `9` + `i` (nine digits): the CRM writes them `+7 9…`, the
    // shop `8 (9..) ...-..-..`; the same number by its last ten digits.
    let phone = |i: usize| format!("+7 9{i:09}");
    let shop_phone = |i: usize| {
        let n = format!("{i:09}");
        format!("8 (9{}) {}-{}-{}", &n[..2], &n[2..5], &n[5..7], &n[7..])
    };
    for i in 0..sizes.crm {
        let (email, number) = if i < sizes.common {
            let email = if i % 2 == 0 {
                format!(" Person{i}@Example.COM ")
            } else {
                format!("person{i}@example.com")
            };
            (email, phone(i))
        } else {
            (format!("crm-only{i}@example.com"), phone(1_000_000 + i))
        };
        let id = crm.seed_customer(serde_json::json!({
            "firstName": format!("Crm{i}"),
            "email": email,
            "phones": [{"number": number}],
        }));
        crm_ids.push(id);
    }
    for i in 0..sizes.shop {
        let (email, number) = if i < sizes.common {
            let email = if i % 2 == 0 {
                format!("person{i}@example.com")
            } else {
                format!("elsewhere{i}@example.net")
            };
            (email, shop_phone(i))
        } else {
            (
                format!("shop-only{i}@example.com"),
                shop_phone(2_000_000 + i),
            )
        };
        let id = shop.seed_customer(serde_json::json!({
            "firstname": format!("Shop{i}"),
            "email": email,
            "telephone": number,
        }));
        shop_ids.push(id);
    }
    crm_ids
        .into_iter()
        .zip(shop_ids)
        .take(sizes.common)
        .collect()
}

/// Requests that write, on either peer (both count failed ones too).
pub fn peer_writes(crm: &RetailCrmEmulator, shop: &OpenCartEmulator) -> usize {
    let crm_writes = crm.requests().iter().filter(|r| r.method != "GET").count();
    let shop_writes = shop.requests().iter().filter(|c| c.method != "GET").count();
    crm_writes + shop_writes
}
