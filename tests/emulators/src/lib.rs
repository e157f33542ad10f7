//! Peer emulators.
