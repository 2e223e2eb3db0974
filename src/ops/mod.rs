//! The array namespace. Every op takes and returns [`Array`](crate::Array)s on one device and dispatches to
//! the CPU (ndarray) or GPU (WGSL) implementation; estimators are written against these only.

pub(crate) mod chain;
mod compose;
mod elementwise;
mod factor;
mod linalg;
mod op_tables;
mod random;
pub(crate) mod reduce;
pub(crate) mod sort;

pub use crate::array::{concat, stack};
pub use chain::Chain;
pub use compose::*;
pub use elementwise::*;
pub use factor::*;
pub use linalg::*;
pub use op_tables::*;
pub use random::Philox;
pub use reduce::*;
pub use sort::*;
