//! Discriminant analysis: LinearDiscriminantAnalysis.

mod lda;

pub use lda::LinearDiscriminantAnalysis;
