//! CM-4: exports of a customer list (placeholder; the exports helper fills it in).
