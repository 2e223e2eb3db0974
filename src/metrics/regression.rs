//! Regression metrics: per-output errors averaged over samples (optionally weighted), then
//! combined over outputs as `multioutput` says. Only the final scalar is read back.

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
        let (y, pred, n) = targets(self.y_true, self.y_pred, OP).await?;
        let dtype = y.dtype();
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

/// y_true and y_pred as (n, outputs) matrices of one float dtype, checked: one device, the
/// same numbers of samples and outputs, nothing empty or non-finite.
/// Readback: the finiteness checks.
async fn targets(y_true: &Array, y_pred: &Array, op: &'static str) -> Result<(Array, Array, usize)> {
    let n = check_consistent(y_true, y_pred, op)?;
    let width = |a: &Array| if a.ndim() == 2 { a.shape()[1] } else { 1 };
    if y_true.ndim() > 2 || y_pred.ndim() > 2 || width(y_true) != width(y_pred) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "y_true and y_pred have different numbers of outputs: shapes {:?} and {:?}",
                y_true.shape(),
                y_pred.shape()
            ),
        });
    }
    let dtype = DType::promote(y_true.dtype().float_result(), y_pred.dtype().float_result());
    let y = ops::astype(&y_true.reshape(&[n as isize, -1])?, dtype)?;
    let pred = ops::astype(&y_pred.reshape(&[n as isize, -1])?, dtype)?;
    ops::ensure_finite(&y, op).await?;
    ops::ensure_finite(&pred, op).await?;
    Ok((y, pred, n))
}

/// How the per-output errors of a regression metric combine into one score (scikit-learn's
/// `multioutput`); the per-output values themselves come from the builders' `raw_values()`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Multioutput {
    /// The mean over outputs ("uniform_average").
    #[default]
    UniformAverage,
    /// The average weighted by one weight per output.
    Weights(Vec<f64>),
}

/// Declares the losses of the regression-error metrics once: the `Loss` variant, the public
/// function of scikit-learn's name, and the name errors use.
macro_rules! regression_errors {
    ($($(#[$doc:meta])* $name:ident => $loss:ident,)*) => {
        /// The loss each regression-error metric averages.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Loss {
            $($loss,)*
        }

        impl Loss {
            fn name(self) -> &'static str {
                match self {
                    $(Loss::$loss => stringify!($name),)*
                }
            }
        }

        $(
            $(#[$doc])*
            pub fn $name<'a>(y_true: &'a Array, y_pred: &'a Array) -> RegressionError<'a> {
                RegressionError::new(Loss::$loss, y_true, y_pred)
            }
        )*
    };
}

regression_errors! {
    /// The mean absolute error, per output, combined over outputs.
    mean_absolute_error => Absolute,
    /// The mean squared error, per output, combined over outputs.
    mean_squared_error => Squared,
    /// The square root of each output's mean squared error, combined over outputs.
    root_mean_squared_error => RootSquared,
    /// The mean squared error of log(1 + y); values at or below -1 are `Error::OutOfDomain`.
    mean_squared_log_error => SquaredLog,
    /// The square root of [`mean_squared_log_error`] per output, combined over outputs.
    root_mean_squared_log_error => RootSquaredLog,
    /// The mean of |y - pred| / max(|y|, float64 eps): a fraction, not a percentage, as in
    /// scikit-learn.
    mean_absolute_percentage_error => AbsolutePercentage,
}

impl Loss {
    fn logarithmic(self) -> bool {
        matches!(self, Loss::SquaredLog | Loss::RootSquaredLog)
    }

    /// The elementwise loss of predicting `pred` for `y`.
    fn of(self, y: &Array, pred: &Array) -> Result<Array> {
        match self {
            Loss::Absolute => ops::abs(&ops::sub(y, pred)?),
            Loss::Squared | Loss::RootSquared => ops::square(&ops::sub(y, pred)?),
            Loss::SquaredLog | Loss::RootSquaredLog => ops::square(&ops::sub(&ops::log1p(y)?, &ops::log1p(pred)?)?),
            // scikit-learn divides by max(|y|, float64 eps), so a zero target gives a huge loss.
            Loss::AbsolutePercentage => {
                let scale = ops::maximum(&ops::abs(y)?, &ops::scalar_like(y, f64::EPSILON)?)?;
                ops::div(&ops::abs(&ops::sub(y, pred)?)?, &scale)
            }
        }
    }
}

/// The arguments of a regression-error metric ([`mean_squared_error`] and its family); await
/// it for the score, or call `raw_values()` for the error of each output.
pub struct RegressionError<'a> {
    loss: Loss,
    y_true: &'a Array,
    y_pred: &'a Array,
    sample_weight: Option<&'a Array>,
    multioutput: Multioutput,
}

impl<'a> RegressionError<'a> {
    fn new(loss: Loss, y_true: &'a Array, y_pred: &'a Array) -> Self {
        RegressionError { loss, y_true, y_pred, sample_weight: None, multioutput: Multioutput::UniformAverage }
    }

    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// How the outputs' errors combine (default: their mean).
    pub fn multioutput(mut self, multioutput: Multioutput) -> Self {
        self.multioutput = multioutput;
        self
    }

    /// The error of each output, as an array on the inputs' device (scikit-learn's
    /// `multioutput="raw_values"`).
    pub fn raw_values(self) -> RawValues<'a> {
        RawValues(self)
    }

    /// The (outputs,) errors.
    /// Readback: the finiteness checks, the weights' checks, and for the logarithmic losses the
    /// smallest value of each input.
    async fn per_output(&self) -> Result<Array> {
        let op = self.loss.name();
        let (y, pred, n) = targets(self.y_true, self.y_pred, op).await?;
        if self.loss.logarithmic() {
            for (a, name) in [(&y, "y_true"), (&pred, "y_pred")] {
                let low = ops::min(a, None, false)?.to_vec::<f64>().await?[0];
                if low <= -1.0 {
                    return Err(Error::OutOfDomain {
                        op,
                        detail: format!("{name} holds {low}; log(1 + y) needs every value above -1"),
                    });
                }
            }
        }
        let loss = self.loss.of(&y, &pred)?;
        let mean = match checked_weights(self.sample_weight, self.y_true, n, y.dtype(), op).await? {
            Some(w) => {
                let w = w.reshape(&[n as isize, 1])?;
                ops::div(&ops::sum(&ops::mul(&loss, &w)?, Some(0), false)?, &ops::sum(&w, None, false)?)?
            }
            None => ops::mean(&loss, Some(0), false)?,
        };
        match self.loss {
            Loss::RootSquared | Loss::RootSquaredLog => ops::sqrt(&mean),
            _ => Ok(mean),
        }
    }

    /// Readback: the score.
    async fn compute(self) -> Result<f64> {
        let errors = self.per_output().await?;
        combine(&errors, &self.multioutput, self.loss.name()).await
    }
}

/// The per-output scores combined as `multioutput` says.
/// Readback: the combined score.
async fn combine(scores: &Array, multioutput: &Multioutput, op: &'static str) -> Result<f64> {
    let combined = match multioutput {
        Multioutput::UniformAverage => ops::mean(scores, None, false)?,
        Multioutput::Weights(v) => {
            if v.len() != scores.len() {
                return Err(Error::invalid_parameter(
                    "multioutput",
                    format!("{v:?}"),
                    format!("{op}: needs one weight per output ({}), got {}", scores.len(), v.len()),
                ));
            }
            // np.average raises for weights that sum to zero; a ratio of zeros would be NaN.
            if v.iter().any(|w| !w.is_finite()) || v.iter().sum::<f64>() == 0.0 {
                return Err(Error::invalid_parameter(
                    "multioutput",
                    format!("{v:?}"),
                    format!("{op}: the output weights must be finite and must not sum to zero"),
                ));
            }
            let w = ops::astype(&Array::from_vec(scores.device(), v.clone(), &[v.len()])?, scores.dtype())?;
            ops::div(&ops::sum(&ops::mul(scores, &w)?, None, false)?, &ops::sum(&w, None, false)?)?
        }
    };
    Ok(combined.to_vec::<f64>().await?[0])
}

impl<'a> IntoFuture for RegressionError<'a> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

/// A regression-error metric asked for the error of each output; await it for the array.
pub struct RawValues<'a>(RegressionError<'a>);

impl<'a> IntoFuture for RawValues<'a> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.0.per_output().await })
    }
}

/// The largest absolute error, for a single output (scikit-learn refuses several).
/// Readback: the maximum.
pub fn max_error<'a>(y_true: &'a Array, y_pred: &'a Array) -> BoxFuture<'a, Result<f64>> {
    Box::pin(async move {
        const OP: &str = "max_error";
        let (y, pred, _) = targets(y_true, y_pred, OP).await?;
        if y.shape()[1] != 1 {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!("multioutput is not supported: y has {} outputs", y.shape()[1]),
            });
        }
        Ok(ops::max(&ops::abs(&ops::sub(&y, &pred)?)?, None, false)?.to_vec::<f64>().await?[0])
    })
}
