//! Regression metrics.

use super::{check_consistent, checked_weights};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;

/// The coefficient of determination R² of each target, averaged uniformly over targets
/// (scikit-learn's `multioutput="uniform_average"`). With `force_finite` (the default) a
/// constant target scores 1 when predicted exactly and 0 otherwise, instead of NaN or -inf.
pub fn r2_score<'a>(y_true: &'a Array, y_pred: &'a Array) -> R2Score<'a> {
    R2Score { y_true, y_pred, sample_weight: None, force_finite: true }
}

/// The arguments of [`r2_score`]; await it for the score.
pub struct R2Score<'a> {
    y_true: &'a Array,
    y_pred: &'a Array,
    sample_weight: Option<&'a Array>,
    force_finite: bool,
}

impl<'a> R2Score<'a> {
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }
    /// Replace the NaN and -inf of constant targets by 1 or 0 (default true).
    pub fn force_finite(mut self, force_finite: bool) -> Self {
        self.force_finite = force_finite;
        self
    }

    /// Readback: two sums per target.
    async fn compute(self) -> Result<f64> {
        const OP: &str = "r2_score";
        let n = check_consistent(self.y_true, self.y_pred, OP)?;
        let width = |a: &Array| if a.ndim() == 2 { a.shape()[1] } else { 1 };
        if self.y_true.ndim() > 2 || self.y_pred.ndim() > 2 || width(self.y_true) != width(self.y_pred) {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!(
                    "y_true and y_pred have different numbers of outputs: shapes {:?} and {:?}",
                    self.y_true.shape(),
                    self.y_pred.shape()
                ),
            });
        }
        let dtype = DType::promote(self.y_true.dtype().float_result(), self.y_pred.dtype().float_result());
        let y = ops::astype(&self.y_true.reshape(&[n as isize, -1])?, dtype)?;
        let pred = ops::astype(&self.y_pred.reshape(&[n as isize, -1])?, dtype)?;
        ops::ensure_finite(&y, OP).await?;
        ops::ensure_finite(&pred, OP).await?;
        if n < 2 {
            // scikit-learn warns and returns NaN: R² is not defined for fewer than two samples.
            return Ok(f64::NAN);
        }
        let w = match checked_weights(self.sample_weight, self.y_true, n, dtype, OP).await? {
            Some(w) => w.reshape(&[n as isize, 1])?,
            None => Array::ones(y.device(), &[n, 1], dtype)?,
        };
        let mean = ops::div(&ops::sum(&ops::mul(&y, &w)?, Some(0), true)?, &ops::sum(&w, None, false)?)?;
        let ss_res = ops::sum(&ops::mul(&w, &ops::square(&ops::sub(&y, &pred)?)?)?, Some(0), false)?;
        let ss_tot = ops::sum(&ops::mul(&w, &ops::square(&ops::sub(&y, &mean)?)?)?, Some(0), false)?;
        let (res, tot) = (ss_res.to_vec::<f64>().await?, ss_tot.to_vec::<f64>().await?);
        let scores: Vec<f64> = res
            .iter()
            .zip(&tot)
            .map(|(&r, &t)| match (t != 0.0, r == 0.0, self.force_finite) {
                (true, _, _) => 1.0 - r / t,
                (false, true, true) => 1.0,
                (false, false, true) => 0.0,
                (false, true, false) => f64::NAN,
                (false, false, false) => f64::NEG_INFINITY,
            })
            .collect();
        Ok(scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

impl<'a> IntoFuture for R2Score<'a> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}
