//! Classification metrics.

use super::check_consistent;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::{check_sample_weight, BoxFuture};
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

    /// Readback: the score.
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
        let common = DType::promote(self.y_true.dtype(), self.y_pred.dtype());
        let hits = ops::equal(&ops::astype(self.y_true, common)?, &ops::astype(self.y_pred, common)?)?;
        let hits = ops::astype(&hits, DType::F64)?;
        let (correct, total) = match self.sample_weight {
            Some(w) => {
                self.y_true.device().check_same(w.device(), OP)?;
                let w = check_sample_weight(w, n, hits.dtype(), OP).await?;
                (ops::sum(&ops::mul(&hits, &w)?, None, false)?, ops::sum(&w, None, false)?)
            }
            None => (ops::sum(&hits, None, false)?, Array::scalar(hits.device(), n as f64, hits.dtype())?),
        };
        let value = if self.normalize { ops::div(&correct, &total)? } else { correct };
        Ok(value.to_vec::<f64>().await?[0])
    }
}

impl<'a> IntoFuture for AccuracyScore<'a> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}
