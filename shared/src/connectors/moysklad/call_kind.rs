//! What a MoySklad call costs in rate-limit units.
//!
//! Unit costs (dev.moysklad.ru, "Ограничения", checked 2026): `report/stock/all`
//! and `report/stock/bystore` cost 5 units whatever the auth; every other call
//! costs 1 unit with a solution token, and with a user token or login/password
//! 2 units (from 2026-05-12), 3 (from 2026-09-01), 4 (from 2026-12-01).

/// What a call costs in limit units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// Any entity read or write.
    Ordinary,
    /// `report/stock/all`, `report/stock/bystore` (and, as a precaution,
    /// `report/stock/all/current`): always 5 units.
    StockReport,
}

impl CallKind {
    /// Units this call takes from the window, given the weight of an ordinary call.
    pub fn units(self, ordinary_weight: u32) -> u32 {
        match self {
            CallKind::Ordinary => ordinary_weight.max(1),
            CallKind::StockReport => 5,
        }
    }
}
