//! Matrix decompositions: PCA.

mod pca;
mod pca_math;

pub use pca::{NComponents, Pca, PowerIterationNormalizer, SvdSolver};
