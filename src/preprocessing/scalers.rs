//! StandardScaler, MinMaxScaler and MaxAbsScaler, each with partial_fit (statistics merged
//! batch by batch as scikit-learn does) and inverse_transform.

use crate::array::Array;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::{
    check_2d, check_fitted_input, estimator_impl, fitted, handle_zeros_in_scale, hyperparameters, move_opt, Fit,
    FittedState, InverseTransform, Transform,
};
use crate::ops;
use serde::{Deserialize, Serialize};

/// Standardizes features: (x - mean_) / scale_, with the population variance.
#[derive(Clone, Serialize, Deserialize)]
pub struct StandardScaler {
    with_mean: bool,
    with_std: bool,
    #[serde(default)]
    fitted: Option<StandardFitted>,
}

#[derive(Clone, Serialize, Deserialize)]
struct StandardFitted {
    /// Kept even when neither centering nor scaling, for the device and dtype; `mean_` is
    /// then None, as in scikit-learn.
    mean: Array,
    with_mean_or_std: bool,
    var: Option<Array>,
    scale: Option<Array>,
    n_samples_seen: usize,
    n_features_in: usize,
}

hyperparameters!(StandardScaler {
    /// Center the data (default true).
    with_mean: bool,
    /// Scale to unit variance (default true).
    with_std: bool,
});
estimator_impl!(StandardScaler, "StandardScaler");

impl Default for StandardScaler {
    fn default() -> Self {
        StandardScaler { with_mean: true, with_std: true, fitted: None }
    }
}

impl FittedState for StandardFitted {
    fn device(&self) -> Device {
        self.mean.device().clone()
    }
    async fn to_device(&self, d: &Device) -> Result<Self> {
        Ok(StandardFitted {
            mean: self.mean.to_device(d).await?,
            var: move_opt(&self.var, d).await?,
            scale: move_opt(&self.scale, d).await?,
            ..*self
        })
    }
}

/// Statistics of a batch merged into running ones, as scikit-learn's _incremental_mean_and_var
/// (Chan, Golub and LeVeque): the sums of squared deviations add, plus a term for how far the
/// two means lie apart.
fn merge_mean_var(
    old: Option<(&Array, &Array, usize)>,
    x: &Array,
    with_var: bool,
) -> Result<(Array, Option<Array>, usize)> {
    let n = x.shape()[0];
    let mean = ops::mean(x, Some(0), false)?;
    let var = if with_var { Some(ops::var(x, Some(0), 0.0, false)?) } else { None };
    let Some((old_mean, old_var, m)) = old else { return Ok((mean, var, n)) };
    let total = (m + n) as f64;
    let merged_mean =
        ops::add(&ops::mul_scalar(old_mean, m as f64 / total)?, &ops::mul_scalar(&mean, n as f64 / total)?)?;
    let merged_var = match var {
        Some(v) => {
            let delta = ops::square(&ops::sub(old_mean, &mean)?)?;
            let ss = ops::add(&ops::mul_scalar(old_var, m as f64)?, &ops::mul_scalar(&v, n as f64)?)?;
            let ss = ops::add(&ss, &ops::mul_scalar(&delta, m as f64 * n as f64 / total)?)?;
            Some(ops::div_scalar(&ss, total)?)
        }
        None => None,
    };
    Ok((merged_mean, merged_var, m + n))
}

impl StandardScaler {
    pub fn new() -> Self {
        Self::default()
    }

    /// Updates the statistics with one more batch of samples.
    pub async fn partial_fit(&mut self, x: &Array) -> Result<()> {
        const OP: &str = "StandardScaler.partial_fit";
        let x = match &self.fitted {
            Some(f) => check_fitted_input(x, &f.device(), f.n_features_in, self.dtype()?, "StandardScaler", OP).await?,
            None => check_2d(x, OP).await?,
        };
        let old = self.fitted.as_ref().map(|f| (&f.mean, f.var.as_ref().unwrap_or(&f.mean), f.n_samples_seen));
        // The mean is needed for the variance even when only scaling.
        let (mean, var, n) = merge_mean_var(old, &x, self.with_std)?;
        let scale = match &var {
            Some(var) => {
                // A feature is constant when its variance is within the rounding error of the
                // two-pass algorithm (float64 eps, as scikit-learn's accumulators).
                let eps = f64::EPSILON;
                let bound = ops::add(
                    &ops::mul_scalar(var, n as f64 * eps)?,
                    &ops::square(&ops::mul_scalar(&mean, n as f64 * eps)?)?,
                )?;
                let constant = ops::less_equal(var, &bound)?;
                Some(handle_zeros_in_scale(&ops::sqrt(var)?, Some(&constant))?)
            }
            None => None,
        };
        self.fitted = Some(StandardFitted {
            mean,
            with_mean_or_std: self.with_mean || self.with_std,
            var,
            scale,
            n_samples_seen: n,
            n_features_in: x.shape()[1],
        });
        Ok(())
    }

    fn state(&self, method: &'static str) -> Result<&StandardFitted> {
        fitted(&self.fitted, "StandardScaler", method)
    }

    fn dtype(&self) -> Result<DType> {
        Ok(self.state("dtype")?.mean.dtype())
    }

    /// Per-feature mean (None when neither centering nor scaling).
    pub fn mean(&self) -> Result<Option<&Array>> {
        let f = self.state("mean_")?;
        Ok(f.with_mean_or_std.then_some(&f.mean))
    }
    /// Per-feature population variance (None without with_std).
    pub fn var(&self) -> Result<Option<&Array>> {
        Ok(self.state("var_")?.var.as_ref())
    }
    /// Per-feature scale: the standard deviation, 1 for constant features.
    pub fn scale(&self) -> Result<Option<&Array>> {
        Ok(self.state("scale_")?.scale.as_ref())
    }
    pub fn n_samples_seen(&self) -> Result<usize> {
        Ok(self.state("n_samples_seen_")?.n_samples_seen)
    }
    pub fn n_features_in(&self) -> Result<usize> {
        Ok(self.state("n_features_in_")?.n_features_in)
    }

    async fn input(&self, x: &Array, op: &'static str) -> Result<(Array, &StandardFitted)> {
        let f = self.state(op)?;
        let x = check_fitted_input(x, &f.device(), f.n_features_in, self.dtype()?, "StandardScaler", op).await?;
        Ok((x, f))
    }
}

impl Fit for StandardScaler {
    async fn fit(&mut self, x: &Array) -> Result<()> {
        self.fitted = None;
        self.partial_fit(x).await
    }
}

impl Transform for StandardScaler {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (mut x, f) = self.input(x, "StandardScaler.transform").await?;
        if self.with_mean {
            x = ops::sub(&x, &f.mean)?;
        }
        if let Some(scale) = &f.scale {
            x = ops::div(&x, scale)?;
        }
        Ok(x)
    }
}

impl InverseTransform for StandardScaler {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let (mut x, f) = self.input(x, "StandardScaler.inverse_transform").await?;
        if let Some(scale) = &f.scale {
            x = ops::mul(&x, scale)?;
        }
        if self.with_mean {
            x = ops::add(&x, &f.mean)?;
        }
        Ok(x)
    }
}

/// Scales each feature to `feature_range` by its minimum and maximum.
#[derive(Clone, Serialize, Deserialize)]
pub struct MinMaxScaler {
    feature_range: (f64, f64),
    clip: bool,
    #[serde(default)]
    fitted: Option<MinMaxFitted>,
}

#[derive(Clone, Serialize, Deserialize)]
struct MinMaxFitted {
    data_min: Array,
    data_max: Array,
    data_range: Array,
    scale: Array,
    min: Array,
    n_samples_seen: usize,
}

hyperparameters!(MinMaxScaler {
    /// The (min, max) the features are mapped to (default (0, 1)).
    feature_range: (f64, f64),
    /// Clip transformed values of unseen data to feature_range (default false).
    clip: bool,
});
estimator_impl!(MinMaxScaler, "MinMaxScaler");

impl Default for MinMaxScaler {
    fn default() -> Self {
        MinMaxScaler { feature_range: (0.0, 1.0), clip: false, fitted: None }
    }
}

impl FittedState for MinMaxFitted {
    fn device(&self) -> Device {
        self.scale.device().clone()
    }
    async fn to_device(&self, d: &Device) -> Result<Self> {
        Ok(MinMaxFitted {
            data_min: self.data_min.to_device(d).await?,
            data_max: self.data_max.to_device(d).await?,
            data_range: self.data_range.to_device(d).await?,
            scale: self.scale.to_device(d).await?,
            min: self.min.to_device(d).await?,
            n_samples_seen: self.n_samples_seen,
        })
    }
}

impl MinMaxScaler {
    pub fn new() -> Self {
        Self::default()
    }

    fn validate(&self) -> Result<()> {
        let (lo, hi) = self.feature_range;
        if lo.is_nan() || hi.is_nan() || lo >= hi {
            return Err(Error::InvalidParameter {
                name: "feature_range",
                value: format!("({lo}, {hi})"),
                reason: "the minimum of the desired feature range must be smaller than its maximum".into(),
            });
        }
        Ok(())
    }

    /// Updates the minima and maxima with one more batch of samples.
    pub async fn partial_fit(&mut self, x: &Array) -> Result<()> {
        const OP: &str = "MinMaxScaler.partial_fit";
        self.validate()?;
        let x = match &self.fitted {
            Some(f) => check_fitted_input(x, &f.device(), f.scale.len(), f.scale.dtype(), "MinMaxScaler", OP).await?,
            None => check_2d(x, OP).await?,
        };
        let (mut lo, mut hi) = (ops::min(&x, Some(0), false)?, ops::max(&x, Some(0), false)?);
        let mut n = x.shape()[0];
        if let Some(f) = &self.fitted {
            lo = ops::minimum(&lo, &f.data_min)?;
            hi = ops::maximum(&hi, &f.data_max)?;
            n += f.n_samples_seen;
        }
        let range = ops::sub(&hi, &lo)?;
        let (fmin, fmax) = self.feature_range;
        let scale = ops::div(&ops::scalar_like(&x, fmax - fmin)?, &handle_zeros_in_scale(&range, None)?)?;
        let min = ops::rsub_scalar(fmin, &ops::mul(&lo, &scale)?)?;
        self.fitted =
            Some(MinMaxFitted { data_min: lo, data_max: hi, data_range: range, scale, min, n_samples_seen: n });
        Ok(())
    }

    fn state(&self, method: &'static str) -> Result<&MinMaxFitted> {
        fitted(&self.fitted, "MinMaxScaler", method)
    }
    pub fn data_min(&self) -> Result<&Array> {
        Ok(&self.state("data_min_")?.data_min)
    }
    pub fn data_max(&self) -> Result<&Array> {
        Ok(&self.state("data_max_")?.data_max)
    }
    pub fn data_range(&self) -> Result<&Array> {
        Ok(&self.state("data_range_")?.data_range)
    }
    /// Per-feature factor: x * scale_ + min_ is the transform.
    pub fn scale(&self) -> Result<&Array> {
        Ok(&self.state("scale_")?.scale)
    }
    /// Per-feature offset (scikit-learn's `min_`).
    pub fn min(&self) -> Result<&Array> {
        Ok(&self.state("min_")?.min)
    }
    pub fn n_samples_seen(&self) -> Result<usize> {
        Ok(self.state("n_samples_seen_")?.n_samples_seen)
    }
    pub fn n_features_in(&self) -> Result<usize> {
        Ok(self.state("n_features_in_")?.scale.len())
    }

    async fn input(&self, x: &Array, op: &'static str) -> Result<(Array, &MinMaxFitted)> {
        let f = self.state(op)?;
        let x = check_fitted_input(x, &f.device(), f.scale.len(), f.scale.dtype(), "MinMaxScaler", op).await?;
        Ok((x, f))
    }
}

impl Fit for MinMaxScaler {
    async fn fit(&mut self, x: &Array) -> Result<()> {
        self.fitted = None;
        self.partial_fit(x).await
    }
}

impl Transform for MinMaxScaler {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MinMaxScaler.transform").await?;
        let out = ops::add(&ops::mul(&x, &f.scale)?, &f.min)?;
        if self.clip {
            return ops::clip(&out, Some(self.feature_range.0), Some(self.feature_range.1));
        }
        Ok(out)
    }
}

impl InverseTransform for MinMaxScaler {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MinMaxScaler.inverse_transform").await?;
        ops::div(&ops::sub(&x, &f.min)?, &f.scale)
    }
}

/// Scales each feature by its maximum absolute value, into [-1, 1]; keeps zeros (sparsity).
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct MaxAbsScaler {
    #[serde(default)]
    fitted: Option<MaxAbsFitted>,
}

#[derive(Clone, Serialize, Deserialize)]
struct MaxAbsFitted {
    max_abs: Array,
    scale: Array,
    n_samples_seen: usize,
}

hyperparameters!(MaxAbsScaler {});
estimator_impl!(MaxAbsScaler, "MaxAbsScaler");

impl FittedState for MaxAbsFitted {
    fn device(&self) -> Device {
        self.scale.device().clone()
    }
    async fn to_device(&self, d: &Device) -> Result<Self> {
        Ok(MaxAbsFitted {
            max_abs: self.max_abs.to_device(d).await?,
            scale: self.scale.to_device(d).await?,
            n_samples_seen: self.n_samples_seen,
        })
    }
}

impl MaxAbsScaler {
    pub fn new() -> Self {
        Self::default()
    }

    /// Updates the maxima with one more batch of samples.
    pub async fn partial_fit(&mut self, x: &Array) -> Result<()> {
        const OP: &str = "MaxAbsScaler.partial_fit";
        let x = match &self.fitted {
            Some(f) => check_fitted_input(x, &f.device(), f.scale.len(), f.scale.dtype(), "MaxAbsScaler", OP).await?,
            None => check_2d(x, OP).await?,
        };
        // max(|x|) = max(max x, -min x): two reads of X instead of an |X| copy.
        let lowest = ops::min(&x, Some(0), false)?;
        let mut max_abs = ops::maximum(&ops::max(&x, Some(0), false)?, &ops::neg(&lowest)?)?;
        let mut n = x.shape()[0];
        if let Some(f) = &self.fitted {
            max_abs = ops::maximum(&max_abs, &f.max_abs)?;
            n += f.n_samples_seen;
        }
        let scale = handle_zeros_in_scale(&max_abs, None)?;
        self.fitted = Some(MaxAbsFitted { max_abs, scale, n_samples_seen: n });
        Ok(())
    }

    fn state(&self, method: &'static str) -> Result<&MaxAbsFitted> {
        fitted(&self.fitted, "MaxAbsScaler", method)
    }
    pub fn max_abs(&self) -> Result<&Array> {
        Ok(&self.state("max_abs_")?.max_abs)
    }
    pub fn scale(&self) -> Result<&Array> {
        Ok(&self.state("scale_")?.scale)
    }
    pub fn n_samples_seen(&self) -> Result<usize> {
        Ok(self.state("n_samples_seen_")?.n_samples_seen)
    }
    pub fn n_features_in(&self) -> Result<usize> {
        Ok(self.state("n_features_in_")?.scale.len())
    }

    async fn input(&self, x: &Array, op: &'static str) -> Result<(Array, &MaxAbsFitted)> {
        let f = self.state(op)?;
        let x = check_fitted_input(x, &f.device(), f.scale.len(), f.scale.dtype(), "MaxAbsScaler", op).await?;
        Ok((x, f))
    }
}

impl Fit for MaxAbsScaler {
    async fn fit(&mut self, x: &Array) -> Result<()> {
        self.fitted = None;
        self.partial_fit(x).await
    }
}

impl Transform for MaxAbsScaler {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MaxAbsScaler.transform").await?;
        ops::div(&x, &f.scale)
    }
}

impl InverseTransform for MaxAbsScaler {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MaxAbsScaler.inverse_transform").await?;
        ops::mul(&x, &f.scale)
    }
}
