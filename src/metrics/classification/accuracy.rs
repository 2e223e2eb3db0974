//! Accuracy: the share of samples whose labels are all predicted right.

use super::super::checked_weights;
use super::target::{TargetType, Targets};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::Result;
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;

/// The fraction (or, without `normalize`, the count) of samples whose predicted label equals
/// the true one (for multilabel targets, whose every label does: subset accuracy); with
/// sample weights, their weighted share.
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

    /// Readback: the labels (the target checks), the count (or weighted sum) of correct
    /// samples and the total weight.
    async fn compute(self) -> Result<f64> {
        const OP: &str = "accuracy_score";
        let t = Targets::check(self.y_true, self.y_pred, OP).await?;
        // A multilabel sample is correct only when its whole row of labels is.
        let hits = match t.kind {
            TargetType::MultilabelIndicator => {
                let common = DType::promote(t.y_true.dtype(), t.y_pred.dtype());
                let equal = ops::equal(&ops::astype(&t.y_true, common)?, &ops::astype(&t.y_pred, common)?)?;
                ops::all(&equal, Some(1), false)?
            }
            _ => ops::equal(&t.y_true, &t.y_pred)?,
        };
        // Divided on the host, so that an integer count stays exact on devices without f64.
        let (correct, total) = match checked_weights(self.sample_weight, self.y_true, t.n, DType::F64, OP).await? {
            Some(w) => {
                let hits = ops::astype(&hits, w.dtype())?;
                let correct = ops::sum(&ops::mul(&hits, &w)?, None, false)?;
                (correct.to_vec::<f64>().await?[0], ops::sum(&w, None, false)?.to_vec::<f64>().await?[0])
            }
            None => (ops::count_nonzero(&hits, None, false)?.to_vec::<f64>().await?[0], t.n as f64),
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
