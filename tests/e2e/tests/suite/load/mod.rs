//! Load with the real process: `synclane serve` as a child, killed with
//! SIGKILL, against emulators as unkind as the real peers (the CRM's
//! 10 requests/s per key, PHP's `[]`). Each test prints its figures
//! (BENCHMARKS.md copies them).

mod moysklad_budget;
mod opencart_orders;
mod plan;
