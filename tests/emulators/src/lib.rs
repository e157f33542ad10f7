//! Peer emulators.

pub mod moysklad;
