//! CM-4 through the API: placeholder until the writers land.
