//! The contract every estimator keeps: hyperparameters as builder methods with scikit-learn's
//! names, checked once at fit; `get_params` / `set_param`; `Clone` and serde; `to_device`;
//! fit / transform / predict as async traits; and the input checks they share.

mod params;

pub(crate) use params::hyperparameters;
pub use params::{Param, ParamValue, Params};

use crate::array::Array;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What every estimator has. The methods are async because reading a GPU back is; native
/// callers drive them with [`crate::block_on`].
// The futures are not Send in a browser, so the traits cannot promise Send.
#[allow(async_fn_in_trait)]
pub trait Estimator: Clone + Serialize + DeserializeOwned {
    /// scikit-learn's class name.
    const NAME: &'static str;
    /// The hyperparameters, by scikit-learn's names.
    fn get_params(&self) -> Params;
    /// Sets one hyperparameter; its value is checked at the next fit.
    fn set_param(&mut self, name: &str, value: ParamValue) -> Result<()>;
    fn is_fitted(&self) -> bool;
    /// Where the fitted attributes live; `None` before fit.
    fn device(&self) -> Option<Device>;
    /// The fitted model with its attributes on `device` (scikit-learn's move_estimator_to).
    async fn to_device(&self, device: &Device) -> Result<Self>;
}

/// Unsupervised fit: `fit(&x)`.
#[allow(async_fn_in_trait)]
pub trait Fit: Estimator {
    async fn fit(&mut self, x: &Array) -> Result<()>;
}

/// Supervised fit: `fit(&x, &y)`.
#[allow(async_fn_in_trait)]
pub trait FitSupervised: Estimator {
    async fn fit(&mut self, x: &Array, y: &Array) -> Result<()>;
}

#[allow(async_fn_in_trait)]
pub trait Transform: Estimator {
    async fn transform(&self, x: &Array) -> Result<Array>;

    /// `fit(x)` then `transform(x)`.
    async fn fit_transform(&mut self, x: &Array) -> Result<Array>
    where
        Self: Fit,
    {
        self.fit(x).await?;
        self.transform(x).await
    }
}

#[allow(async_fn_in_trait)]
pub trait InverseTransform: Estimator {
    async fn inverse_transform(&self, x: &Array) -> Result<Array>;
}

#[allow(async_fn_in_trait)]
pub trait Predict: Estimator {
    async fn predict(&self, x: &Array) -> Result<Array>;
}

/// The fitted state, or `Error::NotFitted` naming the estimator and what was asked of it.
pub(crate) fn fitted<'a, F>(state: &'a Option<F>, estimator: &'static str, method: &'static str) -> Result<&'a F> {
    state.as_ref().ok_or(Error::NotFitted { estimator, method })
}

/// Floats stay as they are; integers and bools become float64, as scikit-learn's check_array.
pub(crate) fn as_float(x: &Array) -> Result<Array> {
    ops::astype(x, x.dtype().float_result())
}

/// `x` as a finite, non-empty 2-D float array (scikit-learn's check_array).
/// Readback: the count of non-finite values (`ops::ensure_finite`).
pub(crate) async fn check_2d(x: &Array, op: &'static str) -> Result<Array> {
    if x.ndim() != 2 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("expected a 2-D array (n_samples, n_features), got shape {:?}", x.shape()),
        });
    }
    if x.is_empty() {
        return Err(Error::EmptyInput { op, shape: x.shape().to_vec() });
    }
    let x = as_float(x)?;
    ops::ensure_finite(&x, op).await?;
    Ok(x)
}

/// [`check_2d`] for data given to a fitted model: also on the model's device, with its number
/// of features, and cast to the dtype the model was fitted in.
pub(crate) async fn check_fitted_input(
    x: &Array,
    device: &Device,
    n_features: usize,
    dtype: DType,
    estimator: &'static str,
    op: &'static str,
) -> Result<Array> {
    device.check_same(x.device(), op)?;
    let x = check_2d(x, op).await?;
    if x.shape()[1] != n_features {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("X has {} features, but {estimator} is expecting {n_features} features", x.shape()[1]),
        });
    }
    ops::astype(&x, dtype)
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
    ops::ensure_finite(y, op).await?;
    Ok(y.clone())
}

/// Sample weights: one finite non-negative value per sample, in `dtype`.
/// Readback: the smallest weight, to reject negative ones.
pub(crate) async fn check_sample_weight(sw: &Array, n: usize, dtype: DType, op: &'static str) -> Result<Array> {
    if sw.ndim() != 1 || sw.shape()[0] != n {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("sample_weight must have shape ({n},), got {:?}", sw.shape()),
        });
    }
    let sw = ops::astype(sw, dtype)?;
    ops::ensure_finite(&sw, op).await?;
    let min = ops::min(&sw, None, false)?.to_vec::<f64>().await?[0];
    if min < 0.0 {
        return Err(Error::InvalidParameter {
            name: "sample_weight",
            value: format!("{min}"),
            reason: "sample weights must be non-negative".into(),
        });
    }
    Ok(sw)
}

/// Moves an optional fitted array.
pub(crate) async fn move_opt(a: &Option<Array>, device: &Device) -> Result<Option<Array>> {
    Ok(match a {
        Some(a) => Some(a.to_device(device).await?),
        None => None,
    })
}

/// The fitted attributes of an estimator, which move between devices together.
#[allow(async_fn_in_trait)]
pub(crate) trait FittedState: Sized {
    fn device(&self) -> Device;
    async fn to_device(&self, device: &Device) -> Result<Self>;
}

/// The [`Estimator`] impl of a type with a `fitted: Option<F>` field, `F: FittedState`, and
/// hyperparameters declared with `hyperparameters!`.
macro_rules! estimator_impl {
    ($ty:ident, $name:literal) => {
        impl $crate::estimator::Estimator for $ty {
            const NAME: &'static str = $name;
            fn get_params(&self) -> $crate::estimator::Params {
                self.params()
            }
            fn set_param(&mut self, name: &str, value: $crate::estimator::ParamValue) -> $crate::error::Result<()> {
                self.assign_param(name, value)
            }
            fn is_fitted(&self) -> bool {
                self.fitted.is_some()
            }
            fn device(&self) -> Option<$crate::device::Device> {
                use $crate::estimator::FittedState;
                self.fitted.as_ref().map(|f| f.device())
            }
            async fn to_device(&self, device: &$crate::device::Device) -> $crate::error::Result<Self> {
                use $crate::estimator::FittedState;
                let mut out = self.clone();
                if let Some(f) = &self.fitted {
                    out.fitted = Some(f.to_device(device).await?);
                }
                Ok(out)
            }
        }
    };
}
pub(crate) use estimator_impl;

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
