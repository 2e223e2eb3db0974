//! The input checks that estimators, metrics and model selection share (scikit-learn's
//! `utils.validation`: check_array, check_X_y and _check_sample_weight; and `utils.multiclass`),
//! below all three, so that none imports another for a check; and small helpers of the
//! fitted-state computations.

pub(crate) mod multiclass;

use crate::array::Array;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops;

/// Floats stay as they are; integers and bools become float64, as scikit-learn's check_array.
pub(crate) fn as_float(x: &Array) -> Result<Array> {
    ops::astype(x, x.dtype().float_result())
}

/// `x` as a non-empty 2-D float array, not yet checked for finiteness.
fn check_2d_shape(x: &Array, op: &'static str) -> Result<Array> {
    if x.ndim() != 2 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("expected a 2-D array (n_samples, n_features), got shape {:?}", x.shape()),
        });
    }
    if x.is_empty() {
        return Err(Error::EmptyInput { op, shape: x.shape().to_vec() });
    }
    as_float(x)
}

/// `x` as a finite, non-empty 2-D float array (scikit-learn's check_array).
/// Readback: the count of non-finite values (`ops::ensure_finite`).
pub(crate) async fn check_2d(x: &Array, op: &'static str) -> Result<Array> {
    let x = check_2d_shape(x, op)?;
    ops::ensure_finite(&x, "X", op).await?;
    Ok(x)
}

/// [`check_2d`] for data given to a fitted model: also on the model's device, with its number
/// of features. Floats follow scikit-learn's rule: X is never cast down, so a model fitted in
/// float32 given float64 data computes and answers in float64 (`dtype` is the model's).
pub(crate) async fn check_fitted_input(
    x: &Array,
    device: &Device,
    n_features: usize,
    dtype: DType,
    estimator: &'static str,
    op: &'static str,
) -> Result<Array> {
    let input = ProductInput::new(x, device, n_features, dtype, estimator, op)?;
    ops::ensure_finite(&input.x, "X", op).await?;
    Ok(input.x)
}

/// Data given to a fitted model's method that reads it through one product (predict,
/// transform, decision_function), checked as [`check_fitted_input`] checks it except for
/// finiteness, which [`ProductInput::finish`] checks on the product instead, so that X is
/// read once, not twice. A NaN or infinity in a row of X makes that row of X W non-finite
/// (inf * 0 is NaN, and NaN propagates), so a finite product proves X finite. A non-finite
/// product sends the check back to X: to name X's offending value, as the check before the
/// product would have, or, X being finite, to accept the overflow (scikit-learn returns it).
pub(crate) struct ProductInput {
    /// The data, on the model's device, in the dtype the method computes in.
    pub(crate) x: Array,
    op: &'static str,
}

impl ProductInput {
    pub(crate) fn new(
        x: &Array,
        device: &Device,
        n_features: usize,
        dtype: DType,
        estimator: &'static str,
        op: &'static str,
    ) -> Result<ProductInput> {
        device.check_same(x.device(), op)?;
        let x = check_2d_shape(x, op)?;
        if x.shape()[1] != n_features {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("X has {} features, but {estimator} is expecting {n_features} features", x.shape()[1]),
            });
        }
        Ok(ProductInput { x: ops::astype(&x, DType::promote(x.dtype(), dtype))?, op })
    }

    /// X given to fit, checked as [`check_2d`] checks it except for finiteness, which
    /// [`ProductInput::finish`] checks on the first product over X that the fit computes
    /// anyway (its means: a sum of every value).
    pub(crate) fn fit(x: &Array, op: &'static str) -> Result<ProductInput> {
        Ok(ProductInput { x: check_2d_shape(x, op)?, op })
    }

    /// `out`, a product that read every value of X, once X is known to be finite.
    /// Readback: the count of non-finite values of `out` (and of X where there are some).
    pub(crate) async fn finish(&self, out: Array) -> Result<Array> {
        if out.is_empty() || ops::ensure_finite(&out, "X", self.op).await.is_err() {
            ops::ensure_finite(&self.x, "X", self.op).await?;
        }
        Ok(out)
    }
}

/// A target vector (or matrix where `allow_2d`) with one entry per sample of X, on X's device.
pub(crate) async fn check_y(y: &Array, x: &Array, allow_2d: bool, op: &'static str) -> Result<Array> {
    x.device().check_same(y.device(), op)?;
    let ok_ndim = y.ndim() == 1 || (allow_2d && y.ndim() == 2);
    if !ok_ndim {
        let want = if allow_2d { "1-D or 2-D" } else { "1-D" };
        return Err(Error::ShapeMismatch { op, detail: format!("y must be {want}, got shape {:?}", y.shape()) });
    }
    if y.shape()[0] != x.shape()[0] {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("X has {} samples but y has {}", x.shape()[0], y.shape()[0]),
        });
    }
    if y.is_empty() {
        return Err(Error::EmptyInput { op, shape: y.shape().to_vec() });
    }
    ops::ensure_finite(y, "y", op).await?;
    Ok(y.clone())
}

/// Sample weights: one finite non-negative value per sample, in `dtype`, not all zero.
/// Readback: the smallest weight and the sum.
pub(crate) async fn check_sample_weight(sw: &Array, n: usize, dtype: DType, op: &'static str) -> Result<Array> {
    if sw.ndim() != 1 || sw.shape()[0] != n {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("sample_weight must have shape ({n},), got {:?}", sw.shape()),
        });
    }
    let sw = ops::astype(sw, dtype)?;
    ops::ensure_finite(&sw, "sample_weight", op).await?;
    if n == 0 {
        return Ok(sw);
    }
    let min = ops::min(&sw, None, false)?.to_vec::<f64>().await?[0];
    if min < 0.0 {
        return Err(Error::InvalidParameter {
            name: "sample_weight",
            value: format!("{min}"),
            reason: format!("{op}: sample weights must be non-negative"),
        });
    }
    // What weights that sum to zero would give is 0 / 0: scikit-learn's np.average raises.
    if ops::sum(&sw, None, false)?.to_vec::<f64>().await?[0] == 0.0 {
        return Err(Error::InvalidParameter {
            name: "sample_weight",
            value: format!("{n} zeros"),
            reason: format!("{op}: the sample weights sum to zero, so there is nothing to weight"),
        });
    }
    Ok(sw)
}

/// Scales that are (nearly) zero replaced by 1, so that dividing by them leaves a constant
/// feature as it is (scikit-learn's _handle_zeros_in_scale): below 10 eps of the dtype, or
/// where `constant` is true.
pub(crate) fn handle_zeros_in_scale(scale: &Array, constant: Option<&Array>) -> Result<Array> {
    let mask = match constant {
        Some(m) => m.clone(),
        None => ops::less(scale, &ops::scalar_like(scale, 10.0 * scale.dtype().eps())?)?,
    };
    ops::where_(&mask, &ops::scalar_like(scale, 1.0)?, scale)
}
