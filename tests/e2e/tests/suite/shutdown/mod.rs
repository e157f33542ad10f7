//! Issue 18, item 6: stopping the real `synclane serve` with SIGTERM while
//! messages are in flight.

mod drain;
mod sigterm;
