//! Linear models: Ridge.

mod ridge;

pub use ridge::{Alpha, Ridge, RidgeSolver};
