//! Device backends. Only `ops` dispatches on the device; everything above is written once.

pub(crate) mod cpu;
pub mod gpu;
