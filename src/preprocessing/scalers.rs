//! StandardScaler, MinMaxScaler and MaxAbsScaler, each with partial_fit (statistics merged
//! batch by batch as scikit-learn does) and inverse_transform.

use crate::array::Array;
use crate::error::Result;
use crate::estimator::checks::increasing_pair;
use crate::estimator::{estimator, ColumnMap, ColumnMapped, Estimator, Fit, InverseTransform, Tags, Transform};
use crate::ops;
use crate::validation::{check_2d, check_fitted_input, handle_zeros_in_scale, ProductInput};

estimator! {
    /// Standardizes features: (x - mean_) / scale_, with the population variance.
    pub struct StandardScaler as "StandardScaler" {
        tags: Tags { transformer: true, ..Tags::DEFAULT },
        implements: [Fit, Transform, InverseTransform, ColumnMapped],
        params: {
            /// Center the data.
            with_mean: bool = true;
            /// Scale to unit variance.
            with_std: bool = true;
        },
        fitted: StandardFitted {
            /// Per-feature mean (None when neither centering nor scaling).
            mean_: Option<Array> [n_features_in_],
            /// Per-feature population variance (None without with_std).
            var_: Option<Array> [n_features_in_],
            /// Per-feature scale: the standard deviation, 1 for constant features (None
            /// without with_std).
            scale_: Option<Array> [n_features_in_],
            n_samples_seen_: usize,
            n_features_in_: usize,
        },
        state: {
            /// The mean of the samples seen, kept for partial_fit even where `mean_` is None.
            running_mean: Array,
        },
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
    /// Updates the statistics with one more batch of samples.
    pub async fn partial_fit(&mut self, x: &Array) -> Result<()> {
        const OP: &str = "StandardScaler.partial_fit";
        self.check_params()?;
        let x = match &self.fitted {
            Some(f) => {
                let (dev, dtype) = (f.running_mean.device(), f.running_mean.dtype());
                // The running statistics keep the dtype of the first batch.
                ops::astype(&check_fitted_input(x, dev, f.n_features_in_, dtype, "StandardScaler", OP).await?, dtype)?
            }
            None => check_2d(x, OP).await?,
        };
        let old = self
            .fitted
            .as_ref()
            .map(|f| (&f.running_mean, f.var_.as_ref().unwrap_or(&f.running_mean), f.n_samples_seen_));
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
            mean_: (self.with_mean || self.with_std).then(|| mean.clone()),
            var_: var,
            scale_: scale,
            n_samples_seen_: n,
            n_features_in_: x.shape()[1],
            running_mean: mean,
        });
        Ok(())
    }

    async fn input(&self, x: &Array, op: &'static str) -> Result<(Array, &StandardFitted)> {
        let f = self.state(op)?;
        let (dev, dtype) = (f.running_mean.device(), f.running_mean.dtype());
        let x = check_fitted_input(x, dev, f.n_features_in_, dtype, "StandardScaler", op).await?;
        Ok((x, f))
    }
}

impl Fit for StandardScaler {
    async fn fit_checked(&mut self, x: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        self.fitted = None;
        self.partial_fit(x).await
    }
}

impl Transform for StandardScaler {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (mut x, f) = self.input(x, "StandardScaler.transform").await?;
        if self.with_mean {
            x = ops::sub(&x, &f.running_mean)?;
        }
        if let Some(scale) = &f.scale_ {
            x = ops::div(&x, scale)?;
        }
        Ok(x)
    }
}

impl InverseTransform for StandardScaler {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let (mut x, f) = self.input(x, "StandardScaler.inverse_transform").await?;
        if let Some(scale) = &f.scale_ {
            x = ops::mul(&x, scale)?;
        }
        if self.with_mean {
            x = ops::add(&x, &f.running_mean)?;
        }
        Ok(x)
    }
}

estimator! {
    /// Scales each feature to `feature_range` by its minimum and maximum.
    pub struct MinMaxScaler as "MinMaxScaler" {
        tags: Tags { transformer: true, ..Tags::DEFAULT },
        implements: [Fit, Transform, InverseTransform],
        params: {
            /// The (min, max) the features are mapped to.
            feature_range: (f64, f64) = (0.0, 1.0), check increasing_pair;
            /// Clip transformed values of unseen data to feature_range.
            clip: bool = false;
        },
        fitted: MinMaxFitted {
            /// Per-feature offset: x * scale_ + min_ is the transform.
            min_: Array [n_features_in_],
            /// Per-feature factor.
            scale_: Array [n_features_in_],
            data_min_: Array [n_features_in_],
            data_max_: Array [n_features_in_],
            data_range_: Array [n_features_in_],
            n_samples_seen_: usize,
            n_features_in_: usize,
        },
        state: {},
    }
}

impl MinMaxScaler {
    /// Updates the minima and maxima with one more batch of samples.
    pub async fn partial_fit(&mut self, x: &Array) -> Result<()> {
        const OP: &str = "MinMaxScaler.partial_fit";
        self.check_params()?;
        let x = match &self.fitted {
            Some(f) => {
                let (dev, dtype) = (f.scale_.device(), f.scale_.dtype());
                check_fitted_input(x, dev, f.n_features_in_, dtype, "MinMaxScaler", OP).await?
            }
            None => check_2d(x, OP).await?,
        };
        let (mut lo, mut hi) = (ops::min(&x, Some(0), false)?, ops::max(&x, Some(0), false)?);
        let mut n = x.shape()[0];
        if let Some(f) = &self.fitted {
            lo = ops::minimum(&lo, &f.data_min_)?;
            hi = ops::maximum(&hi, &f.data_max_)?;
            n += f.n_samples_seen_;
        }
        let range = ops::sub(&hi, &lo)?;
        let (fmin, fmax) = self.feature_range;
        let scale = ops::div(&ops::scalar_like(&x, fmax - fmin)?, &handle_zeros_in_scale(&range, None)?)?;
        let min = ops::rsub_scalar(fmin, &ops::mul(&lo, &scale)?)?;
        self.fitted = Some(MinMaxFitted {
            min_: min,
            scale_: scale,
            data_min_: lo,
            data_max_: hi,
            data_range_: range,
            n_samples_seen_: n,
            n_features_in_: x.shape()[1],
        });
        Ok(())
    }

    async fn input(&self, x: &Array, op: &'static str) -> Result<(Array, &MinMaxFitted)> {
        let f = self.state(op)?;
        let x =
            check_fitted_input(x, f.scale_.device(), f.n_features_in_, f.scale_.dtype(), "MinMaxScaler", op).await?;
        Ok((x, f))
    }
}

impl Fit for MinMaxScaler {
    async fn fit_checked(&mut self, x: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        self.fitted = None;
        self.partial_fit(x).await
    }
}

impl Transform for MinMaxScaler {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MinMaxScaler.transform").await?;
        let out = ops::add(&ops::mul(&x, &f.scale_)?, &f.min_)?;
        if self.clip {
            return ops::clip(&out, Some(self.feature_range.0), Some(self.feature_range.1));
        }
        Ok(out)
    }
}

impl InverseTransform for MinMaxScaler {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MinMaxScaler.inverse_transform").await?;
        ops::div(&ops::sub(&x, &f.min_)?, &f.scale_)
    }
}

estimator! {
    /// Scales each feature by its maximum absolute value, into [-1, 1]; keeps zeros (sparsity).
    pub struct MaxAbsScaler as "MaxAbsScaler" {
        tags: Tags { transformer: true, ..Tags::DEFAULT },
        implements: [Fit, Transform, InverseTransform, ColumnMapped],
        params: {},
        fitted: MaxAbsFitted {
            max_abs_: Array [n_features_in_],
            scale_: Array [n_features_in_],
            n_samples_seen_: usize,
            n_features_in_: usize,
        },
        state: {},
    }
}

impl MaxAbsScaler {
    /// Updates the maxima with one more batch of samples.
    pub async fn partial_fit(&mut self, x: &Array) -> Result<()> {
        const OP: &str = "MaxAbsScaler.partial_fit";
        let input = match &self.fitted {
            Some(f) => {
                let (dev, dtype) = (f.scale_.device(), f.scale_.dtype());
                ProductInput::new(x, dev, f.n_features_in_, dtype, "MaxAbsScaler", OP)?
            }
            None => ProductInput::fit(x, OP)?,
        };
        let x = &input.x;
        // One read of X; NaN and infinities reach the maxima, which are X's finite check.
        let max_abs = ops::max_abs(x, Some(0), false)?;
        let mut max_abs = input.finish(max_abs).await?;
        let mut n = x.shape()[0];
        if let Some(f) = &self.fitted {
            max_abs = ops::maximum(&max_abs, &f.max_abs_)?;
            n += f.n_samples_seen_;
        }
        let scale_ = handle_zeros_in_scale(&max_abs, None)?;
        self.fitted =
            Some(MaxAbsFitted { max_abs_: max_abs, scale_, n_samples_seen_: n, n_features_in_: x.shape()[1] });
        Ok(())
    }

    async fn input(&self, x: &Array, op: &'static str) -> Result<(Array, &MaxAbsFitted)> {
        let f = self.state(op)?;
        let x =
            check_fitted_input(x, f.scale_.device(), f.n_features_in_, f.scale_.dtype(), "MaxAbsScaler", op).await?;
        Ok((x, f))
    }
}

impl Fit for MaxAbsScaler {
    async fn fit_checked(&mut self, x: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        self.fitted = None;
        self.partial_fit(x).await
    }
}

impl Transform for MaxAbsScaler {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MaxAbsScaler.transform").await?;
        ops::div(&x, &f.scale_)
    }
}

impl InverseTransform for MaxAbsScaler {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, "MaxAbsScaler.inverse_transform").await?;
        ops::mul(&x, &f.scale_)
    }
}

impl ColumnMapped for StandardScaler {
    fn column_map(&self) -> Option<ColumnMap> {
        let f = self.fitted.as_ref()?;
        let scale = f.scale_.as_ref().map(ops::reciprocal).transpose().ok()?;
        Some(ColumnMap { offset: if self.with_mean { f.mean_.clone() } else { None }, scale })
    }
}

impl ColumnMapped for MaxAbsScaler {
    fn column_map(&self) -> Option<ColumnMap> {
        let f = self.fitted.as_ref()?;
        Some(ColumnMap { offset: None, scale: Some(ops::reciprocal(&f.scale_).ok()?) })
    }
}
