//! Fusing a scaler into the estimator after it in a pipeline: the scaler's fitted transform is
//! a per-column affine map, and an estimator that computes from products of X can apply it
//! inside them, so the scaled copy of X is never made (no write and reread of X).

use crate::array::Array;
use crate::error::Result;

/// The map x -> (x - offset) * scale, column by column: a scaler's transform.
#[derive(Clone)]
pub struct ColumnMap {
    pub offset: Option<Array>,
    pub scale: Option<Array>,
}

/// Transformers whose fitted transform is a [`ColumnMap`] (MaxAbsScaler, StandardScaler).
pub trait ColumnMapped {
    /// The map; None before fit.
    fn column_map(&self) -> Option<ColumnMap>;
}

/// Estimators that fit and predict on X mapped by a [`ColumnMap`] without the mapped copy,
/// with the results (fitted attributes, predictions) of fitting on the copy.
// The futures are not Send in a browser, so the trait cannot promise Send.
#[allow(async_fn_in_trait)]
pub trait FitMapped {
    /// Whether [`FitMapped::fit_mapped`] applies to this data (otherwise the caller maps X
    /// and fits as usual).
    fn fits_mapped(&self, x: &Array, sample_weight: Option<&Array>, map: &ColumnMap) -> bool;
    /// Fits on (X - offset) * scale.
    async fn fit_mapped(&mut self, x: &Array, y: &Array, map: &ColumnMap) -> Result<()>;
    /// Whether [`FitMapped::predict_mapped`] applies to this map.
    fn predicts_mapped(&self, map: &ColumnMap) -> bool;
    /// Predicts for (X - offset) * scale.
    async fn predict_mapped(&self, x: &Array, map: &ColumnMap) -> Result<Array>;
}
