//! The bench's table: each step's calls per install, by method.

use super::harness::Row;
use synclane::store::JournalEntry;
use synclane_emulators::webasyst::LoggedCall;

/// Prints the rows (and each call, with `explain`), the refused calls and
/// the journal.
pub(super) fn print(rows: &[Row], journal: &[JournalEntry], explain: bool) {
    println!("ss: Webasyst API calls per step (Shop-Script install, CRM install)");
    println!(
        "  {:<58} {:>4} {:>4}  shop methods | crm methods",
        "step", "shop", "crm"
    );
    for row in rows {
        println!(
            "  {:<58} {:>4} {:>4}  {} | {}",
            row.name,
            row.shop.len(),
            row.crm.len(),
            by_method(&row.shop, "shop.order."),
            by_method(&row.crm, "crm."),
        );
        if explain {
            for call in row.shop.iter().chain(&row.crm) {
                println!("      {} {} ({})", call.verb, call.method, call.status);
            }
        }
    }
    let refused: Vec<&LoggedCall> = rows
        .iter()
        .flat_map(|r| r.shop.iter().chain(&r.crm))
        .filter(|c| c.status >= 400)
        .collect();
    println!(
        "  answers of 400 and above: {} ({})",
        refused.len(),
        refused
            .iter()
            .map(|c| format!("{} {}", c.method, c.status))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("  journal entries: {}", journal.len());
    for entry in journal.iter().rev() {
        println!("      {}", entry.message);
    }
}

/// `getInfo×2 log×1`: the calls of one log, by method, in first-call order.
fn by_method(calls: &[LoggedCall], prefix: &str) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for call in calls {
        let method = call.method.strip_prefix(prefix).unwrap_or(&call.method);
        match counts.iter_mut().find(|(m, _)| m == method) {
            Some((_, n)) => *n += 1,
            None => counts.push((method.to_owned(), 1)),
        }
    }
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(m, n)| if n == 1 { m } else { format!("{m}×{n}") })
        .collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}
