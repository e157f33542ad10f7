//! CM-4 through the admin API (the writers' round trips are unit tests of
//! `synclane::customers::export`).
