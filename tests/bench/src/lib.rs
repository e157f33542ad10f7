//! What the e2e suite shares with `synclane-bench`: the chaos soak, whose
//! short version runs in every CI run and whose long one gives the figures
//! of BENCHMARKS.md.

pub mod soak;
