//! The array namespace. Every op takes and returns [`Array`]s on one device and dispatches to
//! the CPU (ndarray) or GPU (WGSL) implementation; estimators are written against these only.

mod compose;
mod elementwise;
mod factor;
pub(crate) mod kinds;
mod linalg;
mod random;
pub(crate) mod reduce;
pub(crate) mod sort;

pub use crate::array::{concat, stack};
pub use compose::*;
pub use elementwise::*;
pub use factor::*;
pub use kinds::{BinaryOp, CompareOp, PredicateOp, UnaryFloatOp, UnaryNumericOp};
pub use linalg::*;
pub use random::Philox;
pub use reduce::*;
pub use sort::*;
