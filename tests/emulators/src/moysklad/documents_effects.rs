//! What a saved document does to the rest of the account, as MoySklad shows
//! it (md/documents/*: "Связи с другими документами"): the order lists its
//! `demands`, `moves` and `payments`, a demand its `returns`; an order's
//! positions count what was `shipped`; a conducted (`applicable`, true unless
//! sent false) demand takes its goods out of its store, a return puts them
//! back, a move carries them from one store to the other. Deleting a
//! document takes it out of those lists.

use super::documents::ref_id;
use super::state::Db;
use serde_json::{Value, json};

const DOCUMENTS: [&str; 5] = ["demand", "salesreturn", "move", "paymentin", "cashin"];

/// Effects of a new `kind` document `row` (its positions already stored).
pub(crate) fn created(db: &mut Db, kind: &str, row: &Value) {
    if !DOCUMENTS.contains(&kind) {
        return;
    }
    let meta = row["meta"].clone();
    let link = |db: &mut Db, table: &str, parent: Option<&str>, list: &str| {
        if let Some(parent) = parent
            && let Some(p) = db.table(table).get_mut(parent)
        {
            let entry = json!({ "meta": meta.clone() });
            match p[list].as_array_mut() {
                Some(items) => items.push(entry),
                None => p[list] = json!([entry]),
            }
        }
    };
    match kind {
        "demand" => {
            link(
                db,
                "customerorder",
                ref_id(&row["customerOrder"]),
                "demands",
            );
            if let Some(order) = ref_id(&row["customerOrder"]) {
                count_shipped(db, order, &positions(db, kind, row));
            }
        }
        "move" => link(db, "customerorder", ref_id(&row["customerOrder"]), "moves"),
        "salesreturn" => link(db, "demand", ref_id(&row["demand"]), "returns"),
        _ => {
            for op in row["operations"].as_array().cloned().unwrap_or_default() {
                let table = op["meta"]["type"]
                    .as_str()
                    .unwrap_or("customerorder")
                    .to_owned();
                link(db, &table, ref_id(&op), "payments");
            }
        }
    }
    if row["applicable"].as_bool().unwrap_or(true) {
        move_stock(db, kind, row, 1.0);
    }
}

/// Effects of a PUT that turned `applicable` on (`before` off) or off.
pub(crate) fn updated(db: &mut Db, kind: &str, before: &Value, after: &Value) {
    let on = |v: &Value| v["applicable"].as_bool().unwrap_or(true);
    if DOCUMENTS.contains(&kind) && on(before) != on(after) {
        let sign = if on(after) { 1.0 } else { -1.0 };
        move_stock(db, kind, after, sign);
    }
}

/// Takes a deleted document out of the lists that named it.
pub(crate) fn deleted(db: &mut Db, kind: &str, id: &str) {
    let suffix = format!("/entity/{kind}/{id}");
    for table in ["customerorder", "demand"] {
        for row in db.table(table).rows_mut() {
            for list in ["demands", "moves", "payments", "returns"] {
                if let Some(items) = row[list].as_array_mut() {
                    items.retain(|i| {
                        !i["meta"]["href"]
                            .as_str()
                            .is_some_and(|h| h.ends_with(&suffix))
                    });
                }
            }
        }
    }
}

fn positions(db: &Db, kind: &str, row: &Value) -> Vec<Value> {
    let id = row["id"].as_str().unwrap_or_default();
    db.tables
        .get(&format!("{kind}/{id}/positions"))
        .map(|t| t.rows().cloned().collect())
        .unwrap_or_default()
}

/// Adds a demand's quantities to its order's positions' `shipped`.
fn count_shipped(db: &mut Db, order: &str, shipped: &[Value]) {
    let table = db.table(&format!("customerorder/{order}/positions"));
    for s in shipped {
        let good = ref_id(&s["assortment"]);
        if let Some(p) = table.rows_mut().find(|p| ref_id(&p["assortment"]) == good) {
            let before = p["shipped"].as_f64().unwrap_or(0.0);
            p["shipped"] = json!(before + s["quantity"].as_f64().unwrap_or(0.0));
        }
    }
}

/// Stock: a demand takes out of `store`, a return puts into it, a move goes
/// from `sourceStore` to `targetStore`. `sign` -1 undoes it.
fn move_stock(db: &mut Db, kind: &str, row: &Value, sign: f64) {
    let (from, to) = match kind {
        "demand" => (ref_id(&row["store"]), None),
        "salesreturn" => (None, ref_id(&row["store"])),
        "move" => (ref_id(&row["sourceStore"]), ref_id(&row["targetStore"])),
        _ => return,
    };
    let (from, to) = (from.map(str::to_owned), to.map(str::to_owned));
    for p in positions(db, kind, row) {
        let Some(good) = ref_id(&p["assortment"]).map(str::to_owned) else {
            continue;
        };
        let q = p["quantity"].as_f64().unwrap_or(0.0) * sign;
        for (store, delta) in [(&from, -q), (&to, q)] {
            if let Some(store) = store {
                let key = (good.clone(), store.clone());
                let e = db.stock.entry(key.clone()).or_default();
                e.0 += delta;
                db.stock_changed.insert(key, super::state::now_ms());
            }
        }
    }
}
