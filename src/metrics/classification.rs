//! Classification metrics.

use super::{check_consistent, checked_weights};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;

/// The fraction (or, without `normalize`, the count) of samples whose predicted label equals
/// the true one; with sample weights, their weighted share.
pub fn accuracy_score<'a>(y_true: &'a Array, y_pred: &'a Array) -> AccuracyScore<'a> {
    AccuracyScore { y_true, y_pred, normalize: true, sample_weight: None }
}

/// The arguments of [`accuracy_score`]; await it for the score.
pub struct AccuracyScore<'a> {
    y_true: &'a Array,
    y_pred: &'a Array,
    normalize: bool,
    sample_weight: Option<&'a Array>,
}

impl<'a> AccuracyScore<'a> {
    /// The fraction of correct samples (default true), or their (weighted) count.
    pub fn normalize(mut self, normalize: bool) -> Self {
        self.normalize = normalize;
        self
    }
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// Readback: the count (or weighted sum) of correct samples and the total weight.
    async fn compute(self) -> Result<f64> {
        const OP: &str = "accuracy_score";
        let n = check_consistent(self.y_true, self.y_pred, OP)?;
        if self.y_true.ndim() > 1 || self.y_pred.ndim() > 1 {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "expected 1-D label vectors, got shapes {:?} and {:?}",
                    self.y_true.shape(),
                    self.y_pred.shape()
                ),
            });
        }
        // Labels are compared as numbers: NaN is refused, as scikit-learn's type_of_target does.
        ops::ensure_finite(self.y_true, OP).await?;
        ops::ensure_finite(self.y_pred, OP).await?;
        let common = DType::promote(self.y_true.dtype(), self.y_pred.dtype());
        let hits = ops::equal(&ops::astype(self.y_true, common)?, &ops::astype(self.y_pred, common)?)?;
        // Divided on the host, so that an integer count stays exact on devices without f64.
        let (correct, total) = match checked_weights(self.sample_weight, self.y_true, n, DType::F64, OP).await? {
            Some(w) => {
                let hits = ops::astype(&hits, w.dtype())?;
                let correct = ops::sum(&ops::mul(&hits, &w)?, None, false)?;
                (correct.to_vec::<f64>().await?[0], ops::sum(&w, None, false)?.to_vec::<f64>().await?[0])
            }
            None => (ops::count_nonzero(&hits, None, false)?.to_vec::<f64>().await?[0], n as f64),
        };
        Ok(if self.normalize { correct / total } else { correct })
    }
}

impl<'a> IntoFuture for AccuracyScore<'a> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}
