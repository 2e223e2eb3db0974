//! Regression metrics by scikit-learn's names. Each compares y_true with y_pred output by
//! output, with samples weighted as `sample_weight` says, and combines the outputs as
//! `multioutput` says; `raw_values()` gives the per-output values as an array on the inputs'
//! device instead. Only the final scalar is read back.
//!
//! - `errors.rs`: the losses averaged over samples, the median absolute error and max_error.
//! - `explained.rs`: the fraction of a deviance explained (R², explained variance, D²).
//! - `deviance.rs`: the Tweedie deviances and their D², which take one output.
//! - `quantile.rs`: the weighted percentile of the median and of the pinball D².

mod deviance;
mod errors;
mod explained;
mod quantile;

pub use deviance::{
    d2_tweedie_score, mean_gamma_deviance, mean_poisson_deviance, mean_tweedie_deviance, TweedieDeviance,
};
pub use errors::max_error;

use super::{bounded, check_consistent, checked_weights};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;
use std::marker::PhantomData;

/// How the per-output values of a regression metric combine into one score (scikit-learn's
/// `multioutput`); the per-output values themselves come from the builders' `raw_values()`.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Multioutput {
    /// The mean over outputs ("uniform_average").
    #[default]
    UniformAverage,
    /// The average weighted by each output's variance ("variance_weighted"); only
    /// [`r2_score`] and [`explained_variance_score`] have one.
    VarianceWeighted,
    /// The average weighted by one weight per output.
    Weights(Vec<f64>),
    /// Each output's own value ("raw_values"): an array, which the builders give through
    /// `raw_values()`; awaited as a score it is refused. The JS API, which names the option as
    /// scikit-learn does, answers with the array.
    RawValues,
}

use super::options::{Explained, Plain, Quantile};

metric_table! {
    Regression(y_pred) -> "number | NDArray";
    /// The mean absolute error.
    mean_absolute_error => Absolute, Plain;
    /// The mean squared error.
    mean_squared_error => Squared, Plain;
    /// The square root of each output's mean squared error.
    root_mean_squared_error => RootSquared, Plain;
    /// The mean squared error of log(1 + y); values at or below -1 are `Error::OutOfDomain`.
    mean_squared_log_error => SquaredLog, Plain;
    /// The square root of each output's [`mean_squared_log_error`].
    root_mean_squared_log_error => RootSquaredLog, Plain;
    /// The mean of |y - pred| / max(|y|, float64 eps): a fraction, not a percentage, as in
    /// scikit-learn.
    mean_absolute_percentage_error => AbsolutePercentage, Plain;
    /// The (weighted) median of |y - pred|: NumPy's median, or with sample weights
    /// scikit-learn's averaged weighted percentile.
    median_absolute_error => MedianAbsolute, Plain;
    /// The mean pinball loss of the `alpha` quantile (default 0.5: half the absolute error).
    mean_pinball_loss => Pinball, Quantile;
    /// The coefficient of determination R². With `force_finite` (the default) a constant
    /// target scores 1 when predicted exactly and 0 otherwise, instead of NaN or -inf; fewer
    /// than two samples give NaN, as scikit-learn (which warns).
    r2_score => R2, Explained;
    /// 1 - Var(y - pred) / Var(y), with `force_finite` as in [`r2_score`].
    explained_variance_score => ExplainedVariance, Explained;
    /// The fraction of the pinball loss of the `alpha` quantile of y_true (default 0.5)
    /// that the predictions explain.
    d2_pinball_score => D2Pinball, Quantile;
    /// The fraction of the absolute error of the median of y_true that the predictions
    /// explain ([`d2_pinball_score`] at alpha 0.5).
    d2_absolute_error_score => D2Absolute, Plain;
}

/// The arguments of a regression metric; await it for the score, or call `raw_values()` for
/// the value of each output. `O` says which further options it takes.
pub struct Regression<'a, O> {
    kind: Kind,
    y_true: &'a Array,
    y_pred: &'a Array,
    sample_weight: Option<&'a Array>,
    multioutput: Multioutput,
    alpha: f64,
    force_finite: bool,
    options: PhantomData<O>,
}

impl<'a, O> Regression<'a, O> {
    fn new(kind: Kind, y_true: &'a Array, y_pred: &'a Array) -> Self {
        Regression {
            kind,
            y_true,
            y_pred,
            sample_weight: None,
            multioutput: Multioutput::UniformAverage,
            alpha: 0.5,
            force_finite: true,
            options: PhantomData,
        }
    }

    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// How the outputs' values combine (default: their mean).
    pub fn multioutput(mut self, multioutput: Multioutput) -> Self {
        self.multioutput = multioutput;
        self
    }

    /// The value of each output, as an array on the inputs' device (scikit-learn's
    /// `multioutput="raw_values"`).
    pub fn raw_values(self) -> RawValues<'a, O> {
        RawValues(self)
    }

    /// The (outputs,) values, and for R² and explained variance each output's variance.
    /// Readback: the finiteness checks, the weights' checks, the domain checks of the
    /// logarithmic loss, and the bounds of the percentile's gather.
    async fn outputs(&self) -> Result<Outputs> {
        let op = self.kind.name();
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(Error::invalid_parameter(
                "alpha",
                self.alpha.to_string(),
                format!("{op}: alpha is a quantile level, in [0, 1]"),
            ));
        }
        let t = Targets::check(self.y_true, self.y_pred, self.sample_weight, op).await?;
        match self.kind {
            Kind::R2 | Kind::ExplainedVariance | Kind::D2Pinball | Kind::D2Absolute => {
                explained::outputs(self.kind, &t, self.alpha, self.force_finite).await
            }
            kind => Ok(Outputs { values: errors::outputs(kind, &t, self.alpha).await?, variance: None }),
        }
    }

    /// Readback: the score.
    async fn compute(self) -> Result<f64> {
        let outputs = self.outputs().await?;
        let score = combine(&outputs, &self.multioutput, self.kind.name()).await?;
        // The fractions explained are at most 1 per output, so is an average of them with
        // non-negative weights, whatever the rounding of its two sums.
        let explained = matches!(self.kind, Kind::R2 | Kind::ExplainedVariance | Kind::D2Pinball | Kind::D2Absolute);
        let convex = !matches!(&self.multioutput, Multioutput::Weights(w) if w.iter().any(|&w| w < 0.0));
        Ok(if explained && convex { bounded(score, (f64::NEG_INFINITY, 1.0)) } else { score })
    }
}

impl<'a> Regression<'a, Quantile> {
    /// The quantile level, in [0, 1] (default 0.5).
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }
}

impl<'a> Regression<'a, Explained> {
    /// Replace the NaN and -inf of constant targets by 1 or 0 (default true).
    pub fn force_finite(mut self, force_finite: bool) -> Self {
        self.force_finite = force_finite;
        self
    }
}

impl<'a, O: 'a> IntoFuture for Regression<'a, O> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

/// A regression metric asked for the value of each output; await it for the array.
pub struct RawValues<'a, O>(Regression<'a, O>);

impl<'a, O: 'a> IntoFuture for RawValues<'a, O> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { Ok(self.0.outputs().await?.values) })
    }
}

/// A metric's per-output values, with what `Multioutput::VarianceWeighted` weights them by
/// where the metric has it.
struct Outputs {
    values: Array,
    variance: Option<Array>,
}

/// y_true and y_pred as (n, outputs) matrices of one float dtype, and the sample weights as
/// an (n, 1) column: checked to be on one device, of the same numbers of samples and outputs,
/// and finite.
struct Targets {
    y: Array,
    pred: Array,
    n: usize,
    weights: Option<Array>,
}

impl Targets {
    /// Readback: the finiteness checks, and the weights' checks.
    async fn check(y_true: &Array, y_pred: &Array, sample_weight: Option<&Array>, op: &'static str) -> Result<Self> {
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
        ops::ensure_finite(&y, "y_true", op).await?;
        ops::ensure_finite(&pred, "y_pred", op).await?;
        let weights = match checked_weights(sample_weight, y_true, n, dtype, op).await? {
            Some(w) => Some(w.reshape(&[n as isize, 1])?),
            None => None,
        };
        Ok(Targets { y, pred, n, weights })
    }

    fn outputs(&self) -> usize {
        self.y.shape()[1]
    }

    /// The (weighted) sum of each column of `a`, as a (1, outputs) row.
    fn sum(&self, a: &Array) -> Result<Array> {
        match &self.weights {
            Some(w) => ops::sum(&ops::mul(a, w)?, Some(0), true),
            None => ops::sum(a, Some(0), true),
        }
    }

    /// The (weighted) mean of each column of `a`, as a (1, outputs) row (np.average).
    fn average(&self, a: &Array) -> Result<Array> {
        match &self.weights {
            Some(w) => ops::div(&self.sum(a)?, &ops::sum(w, None, false)?),
            None => ops::mean(a, Some(0), true),
        }
    }

    /// The (weighted) sum of (a − b)² over each column, as a (1, outputs) row: unweighted,
    /// one pass with no temporaries on the host.
    fn sum_squared(&self, a: &Array, b: &Array) -> Result<Array> {
        match &self.weights {
            Some(_) => self.sum(&ops::square(&ops::sub(a, b)?)?),
            None => ops::sum_squared_difference(a, b, Some(0), true),
        }
    }

    /// The (weighted) mean of (a − b)² over each column, as a (1, outputs) row.
    fn average_squared(&self, a: &Array, b: &Array) -> Result<Array> {
        match &self.weights {
            Some(w) => ops::div(&self.sum_squared(a, b)?, &ops::sum(w, None, false)?),
            None => ops::div(&self.sum_squared(a, b)?, &ops::scalar_like(a, self.n as f64)?),
        }
    }

    /// The sample weights as an (n,) vector, ones where none were given.
    fn weights_or_ones(&self) -> Result<Array> {
        match &self.weights {
            Some(w) => w.reshape(&[self.n as isize]),
            None => Array::ones(self.y.device(), &[self.n], self.y.dtype()),
        }
    }

    /// NaN for each output: the value of a score that is not defined on fewer than two
    /// samples.
    fn undefined(&self) -> Result<Array> {
        Array::full(self.y.device(), &[self.outputs()], f64::NAN, self.y.dtype())
    }
}

/// The smallest value of `a`, for the domain checks.
/// Readback: that value.
async fn smallest(a: &Array) -> Result<f64> {
    Ok(ops::min(a, None, false)?.to_vec::<f64>().await?[0])
}

/// The per-output values combined as `multioutput` says.
/// Readback: the combined score.
async fn combine(outputs: &Outputs, multioutput: &Multioutput, op: &'static str) -> Result<f64> {
    let values = &outputs.values;
    let weights = match multioutput {
        Multioutput::RawValues => {
            return Err(Error::invalid_parameter(
                "multioutput",
                "raw_values",
                format!("{op}: raw_values gives one value per output, an array: call raw_values() for it"),
            ))
        }
        Multioutput::UniformAverage => None,
        Multioutput::VarianceWeighted => {
            let Some(variance) = &outputs.variance else {
                return Err(Error::invalid_parameter(
                    "multioutput",
                    "variance_weighted",
                    format!(
                        "{op} has no variance to weight its outputs by; only r2_score and explained_variance_score do"
                    ),
                ));
            };
            // All outputs constant: scikit-learn falls back to the uniform mean.
            let any = ops::any(&ops::not_equal(variance, &ops::scalar_like(variance, 0.0)?)?, None, false)?;
            Some(ops::where_(&any, variance, &ops::scalar_like(variance, 1.0)?)?)
        }
        Multioutput::Weights(v) => {
            if v.len() != values.len() {
                return Err(Error::invalid_parameter(
                    "multioutput",
                    format!("{v:?}"),
                    format!("{op}: needs one weight per output ({}), got {}", values.len(), v.len()),
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
            Some(ops::astype(&Array::from_vec(values.device(), v.clone(), &[v.len()])?, values.dtype())?)
        }
    };
    let combined = match weights {
        None => ops::mean(values, None, false)?,
        Some(w) => ops::div(&ops::sum(&ops::mul(values, &w)?, None, false)?, &ops::sum(&w, None, false)?)?,
    };
    Ok(combined.to_vec::<f64>().await?[0])
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { sample_weight: Array, multioutput: Multioutput }
    Regression<'a, Plain> => {}
    Regression<'a, Quantile> => { alpha: f64 }
    Regression<'a, Explained> => { force_finite: bool }
}

/// In JS, `multioutput: "raw_values"` answers with the array, as in scikit-learn.
#[cfg(target_arch = "wasm32")]
impl<'a, O: 'a> crate::wasm::metrics::JsRun<'a> for Regression<'a, O> {
    fn run(self, _: &'a crate::wasm::metrics::Given) -> BoxFuture<'a, Result<wasm_bindgen::JsValue>> {
        use crate::wasm::metrics::IntoJs;
        Box::pin(async move {
            if self.multioutput == Multioutput::RawValues {
                self.raw_values().await?.into_js()
            } else {
                self.await?.into_js()
            }
        })
    }
}
