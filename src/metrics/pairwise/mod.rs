//! Distances and kernels between the rows of two matrices (scikit-learn's
//! `sklearn.metrics.pairwise`): each named function, `pairwise_distances` and
//! `pairwise_kernels` by a typed metric (or its scikit-learn name, parsed), the paired
//! distances of row i of X and row i of Y, and the streaming forms (`stream.rs`) that never
//! hold the full matrix. `compute.rs` holds the matrices' arithmetic.
//!
//! The results are float32 where both inputs are float32, float64 otherwise (the Manhattan
//! distance and the Laplacian kernel are float64 always: scikit-learn computes them with
//! scipy's cdist).

mod compute;
mod stream;

use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use compute::Block;
use std::future::IntoFuture;
use std::marker::PhantomData;
use std::str::FromStr;

pub use stream::{
    pairwise_distances_argmin, pairwise_distances_argmin_min, pairwise_distances_chunked, Argmin, Chunks,
};

/// A distance between rows, for [`pairwise_distances`] and the streaming forms. Parsed from
/// scikit-learn's names: "euclidean" or "l2", "manhattan", "cityblock" or "l1", "cosine",
/// "nan_euclidean", "haversine".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distance {
    /// ‖x − y‖ (or its square).
    Euclidean { squared: bool },
    /// Σ |x − y|.
    Manhattan,
    /// 1 − cos(x, y), in [0, 2].
    Cosine,
    /// The euclidean distance over the coordinates present (not NaN) in both rows, scaled up
    /// to all of them; NaN where none is.
    NanEuclidean { squared: bool },
    /// The great-circle distance on the unit sphere between (latitude, longitude) rows, in
    /// radians: 2 arcsin √(sin²(Δlat / 2) + cos lat₁ cos lat₂ sin²(Δlon / 2)).
    Haversine,
}

/// A kernel between rows, for [`pairwise_kernels`]; `gamma` None is 1 / n_features. Parsed
/// from scikit-learn's names ("linear", "poly" or "polynomial", "rbf", "laplacian",
/// "sigmoid", "additive_chi2", "chi2", "cosine") with scikit-learn's default parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kernel {
    /// x · y.
    Linear,
    /// (gamma x · y + coef0) ^ degree.
    Polynomial { degree: f64, gamma: Option<f64>, coef0: f64 },
    /// exp(−gamma ‖x − y‖²).
    Rbf { gamma: Option<f64> },
    /// exp(−gamma Σ |x − y|).
    Laplacian { gamma: Option<f64> },
    /// tanh(gamma x · y + coef0).
    Sigmoid { gamma: Option<f64>, coef0: f64 },
    /// −Σ (x − y)² / (x + y), for non-negative features.
    AdditiveChi2,
    /// exp(gamma · additive chi²).
    Chi2 { gamma: f64 },
    /// The cosine of the angle between x and y.
    Cosine,
}

const DISTANCE_NAMES: &str = "euclidean, l2, manhattan, cityblock, l1, cosine, nan_euclidean, haversine";
const KERNEL_NAMES: &str = "linear, poly, polynomial, rbf, laplacian, sigmoid, additive_chi2, chi2, cosine";

impl FromStr for Distance {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "euclidean" | "l2" => Distance::Euclidean { squared: false },
            "manhattan" | "cityblock" | "l1" => Distance::Manhattan,
            "cosine" => Distance::Cosine,
            "nan_euclidean" => Distance::NanEuclidean { squared: false },
            "haversine" => Distance::Haversine,
            _ => return Err(Error::invalid_parameter("metric", s, format!("the distances are {DISTANCE_NAMES}"))),
        })
    }
}

impl FromStr for Kernel {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "linear" => Kernel::Linear,
            "poly" | "polynomial" => Kernel::Polynomial { degree: 3.0, gamma: None, coef0: 1.0 },
            "rbf" => Kernel::Rbf { gamma: None },
            "laplacian" => Kernel::Laplacian { gamma: None },
            "sigmoid" => Kernel::Sigmoid { gamma: None, coef0: 1.0 },
            "additive_chi2" => Kernel::AdditiveChi2,
            "chi2" => Kernel::Chi2 { gamma: 1.0 },
            "cosine" => Kernel::Cosine,
            _ => return Err(Error::invalid_parameter("metric", s, format!("the kernels are {KERNEL_NAMES}"))),
        })
    }
}

impl Distance {
    /// The float dtype of the result for inputs of float dtype `dtype`.
    fn result_dtype(self, dtype: DType) -> DType {
        match self {
            Distance::Manhattan | Distance::Haversine => DType::F64,
            _ => dtype,
        }
    }
}

/// What a pairwise builder computes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum What {
    Distance(Distance),
    Kernel(Kernel),
    /// The distance of row i of X to row i of Y.
    Paired(Distance),
}

impl What {
    fn name(self) -> &'static str {
        match self {
            What::Distance(Distance::Euclidean { .. }) => "euclidean_distances",
            What::Distance(Distance::Manhattan) => "manhattan_distances",
            What::Distance(Distance::Cosine) => "cosine_distances",
            What::Distance(Distance::NanEuclidean { .. }) => "nan_euclidean_distances",
            What::Distance(Distance::Haversine) => "haversine_distances",
            What::Kernel(Kernel::Linear) => "linear_kernel",
            What::Kernel(Kernel::Polynomial { .. }) => "polynomial_kernel",
            What::Kernel(Kernel::Rbf { .. }) => "rbf_kernel",
            What::Kernel(Kernel::Laplacian { .. }) => "laplacian_kernel",
            What::Kernel(Kernel::Sigmoid { .. }) => "sigmoid_kernel",
            What::Kernel(Kernel::AdditiveChi2) => "additive_chi2_kernel",
            What::Kernel(Kernel::Chi2 { .. }) => "chi2_kernel",
            What::Kernel(Kernel::Cosine) => "cosine_similarity",
            What::Paired(_) => "paired_distances",
        }
    }
}

/// Which options a pairwise builder offers.
pub mod options {
    /// No further options.
    pub enum Plain {}
    /// The euclidean distances: `squared`, `x_norm_squared`, `y_norm_squared`.
    pub enum Euclidean {}
    /// `squared`.
    pub enum Squared {}
    /// `gamma`.
    pub enum Gamma {}
    /// `gamma` and `coef0`.
    pub enum Sigmoid {}
    /// `degree`, `gamma` and `coef0`.
    pub enum Polynomial {}
}
use options::{Euclidean, Gamma, Plain, Polynomial, Sigmoid, Squared};

/// The arguments of a pairwise matrix; await it for the (rows of X, rows of Y) array on X's
/// device (a vector of n for the paired distances). Y None is X against itself.
pub struct Pairwise<'a, O> {
    what: What,
    x: &'a Array,
    y: Option<&'a Array>,
    x_norm_squared: Option<&'a Array>,
    y_norm_squared: Option<&'a Array>,
    options: PhantomData<O>,
}

impl<'a, O> Pairwise<'a, O> {
    fn new(what: What, x: &'a Array, y: Option<&'a Array>) -> Self {
        Pairwise { what, x, y, x_norm_squared: None, y_norm_squared: None, options: PhantomData }
    }

    /// Readback: the finiteness (and for chi² the sign) checks.
    async fn compute(self) -> Result<Array> {
        let op = self.what.name();
        let metric = match self.what {
            What::Distance(d) | What::Paired(d) => Some(d),
            What::Kernel(_) => None,
        };
        let (x, y, dtype) = check_pairwise(self.x, self.y, op, metric).await?;
        let y_or_x = y.as_ref().unwrap_or(&x);
        if let What::Kernel(Kernel::AdditiveChi2 | Kernel::Chi2 { .. }) = self.what {
            check_non_negative(&x, "X", op).await?;
            if y.is_some() {
                check_non_negative(y_or_x, "Y", op).await?;
            }
        }
        let (m, n) = (x.shape()[0], y_or_x.shape()[0]);
        if let What::Paired(metric) = self.what {
            if x.shape() != y_or_x.shape() {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!(
                        "X and Y should be of the same shape; got {:?} and {:?}",
                        x.shape(),
                        y_or_x.shape()
                    ),
                });
            }
            return paired(&x, y_or_x, metric, dtype);
        }
        let out = match self.what {
            What::Distance(d) => d.result_dtype(dtype),
            _ => dtype,
        };
        if let Distance::Euclidean { .. } = distance_of(self.what) {
            check_norms(self.x_norm_squared, m, "X_norm_squared", op)?;
            check_norms(self.y_norm_squared, n, "Y_norm_squared", op)?;
        }
        check_fits(&x, m, n, out, op)?;
        let block = Block {
            x: &x,
            y: y_or_x,
            same: y.is_none().then_some(0),
            dtype,
            x_norm_squared: self.x_norm_squared,
            y_norm_squared: self.y_norm_squared.or(if y.is_none() { self.x_norm_squared } else { None }),
        };
        match self.what {
            What::Distance(d) => block.distances(d).await,
            What::Kernel(k) => block.kernel(k).await,
            What::Paired(_) => unreachable!("paired distances returned above"),
        }
    }

    fn set_gamma(&mut self, g: f64) {
        if let What::Kernel(
            Kernel::Polynomial { gamma, .. }
            | Kernel::Rbf { gamma }
            | Kernel::Laplacian { gamma }
            | Kernel::Sigmoid { gamma, .. },
        ) = &mut self.what
        {
            *gamma = Some(g);
        }
        if let What::Kernel(Kernel::Chi2 { gamma }) = &mut self.what {
            *gamma = g;
        }
    }

    fn set_coef0(&mut self, c: f64) {
        if let What::Kernel(Kernel::Polynomial { coef0, .. } | Kernel::Sigmoid { coef0, .. }) = &mut self.what {
            *coef0 = c;
        }
    }

    fn set_squared(&mut self, s: bool) {
        if let What::Distance(Distance::Euclidean { squared } | Distance::NanEuclidean { squared }) = &mut self.what {
            *squared = s;
        }
    }
}

fn distance_of(what: What) -> Distance {
    match what {
        What::Distance(d) | What::Paired(d) => d,
        What::Kernel(Kernel::Rbf { .. }) => Distance::Euclidean { squared: true },
        What::Kernel(_) => Distance::Manhattan,
    }
}

/// X and Y as scikit-learn's check_pairwise_arrays leaves them: on one device, 2-D, of as
/// many features (2 for the haversine distance), finite (NaN allowed for nan_euclidean), with
/// the float dtype they compute in: float32 when both are, float64 otherwise. Y None stays
/// None (X against itself). `metric` is the distance computed, None for a kernel.
/// Readback: the finiteness checks.
pub(super) async fn check_pairwise(
    x: &Array,
    y: Option<&Array>,
    op: &'static str,
    metric: Option<Distance>,
) -> Result<(Array, Option<Array>, DType)> {
    let allow_nan = matches!(metric, Some(Distance::NanEuclidean { .. }));
    if let Some(y) = y {
        x.device().check_same(y.device(), op)?;
    }
    for (name, a) in [("X", Some(x)), ("Y", y)] {
        let Some(a) = a else { continue };
        if a.ndim() != 2 || a.shape()[1] == 0 {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("{name} must be a (samples, features) matrix with a feature; got {:?}", a.shape()),
            });
        }
        if a.shape()[0] == 0 {
            return Err(Error::EmptyInput { op, shape: a.shape().to_vec() });
        }
    }
    if let Some(y) = y {
        if x.shape()[1] != y.shape()[1] {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!(
                    "incompatible dimension for X and Y matrices: X.shape[1] == {} while Y.shape[1] == {}",
                    x.shape()[1],
                    y.shape()[1]
                ),
            });
        }
    }
    if metric == Some(Distance::Haversine) && x.shape()[1] != 2 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "the haversine distance takes (latitude, longitude) rows: 2 features, not {}",
                x.shape()[1]
            ),
        });
    }
    let dtype = match (x.dtype(), y.map(Array::dtype)) {
        (DType::F32, None | Some(DType::F32)) => DType::F32,
        _ => DType::F64,
    };
    let cast = |a: &Array| ops::astype(a, dtype);
    let (x, y) = (cast(x)?, y.map(cast).transpose()?);
    for (a, arg) in std::iter::once((&x, "X")).chain(y.as_ref().map(|y| (y, "Y"))) {
        if allow_nan {
            let inf = ops::logical_and(&ops::logical_not(&ops::isfinite(a)?)?, &ops::logical_not(&ops::isnan(a)?)?)?;
            let count = ops::count_nonzero(&inf, None, false)?.to_vec::<f64>().await?[0];
            if count > 0.0 {
                return Err(Error::NonFinite { op, arg, count: count as usize, at: vec![] });
            }
        } else {
            ops::ensure_finite(a, arg, op).await?;
        }
    }
    Ok((x, y, dtype))
}

/// Readback: whether any value is negative.
async fn check_non_negative(a: &Array, name: &str, op: &'static str) -> Result<()> {
    let negative = ops::any(&ops::less(a, &ops::scalar_like(a, 0.0)?)?, None, false)?;
    if negative.to_vec::<f64>().await?[0] != 0.0 {
        return Err(Error::OutOfDomain { op, detail: format!("{name} contains negative values") });
    }
    Ok(())
}

fn check_norms(norms: Option<&Array>, rows: usize, name: &str, op: &'static str) -> Result<()> {
    let Some(n) = norms else { return Ok(()) };
    let fits = matches!(n.shape(), [r] if *r == rows) || matches!(n.shape(), [r, 1] | [1, r] if *r == rows);
    if !fits {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("{name} of shape {:?} does not match {rows} rows", n.shape()),
        });
    }
    Ok(())
}

/// A full (m, n) result must fit where it is to be held; if not, the error names the forms
/// that stream it.
fn check_fits(x: &Array, m: usize, n: usize, dtype: DType, op: &'static str) -> Result<()> {
    crate::array::check_new(x.device(), &[m, n], dtype, op).map(|_| ()).map_err(|e| Error::ResultTooLarge {
        op,
        detail: format!(
            "the full {m} x {n} matrix does not fit ({e}); pairwise_distances_argmin, \
             pairwise_distances_argmin_min and pairwise_distances_chunked stream it in tiles instead"
        ),
    })
}

/// The distance of each row of x to the same row of y.
fn paired(x: &Array, y: &Array, metric: Distance, dtype: DType) -> Result<Array> {
    match metric {
        Distance::Euclidean { squared: false } => {
            ops::sqrt(&ops::sum(&ops::square(&ops::sub(x, y)?)?, Some(1), false)?)
        }
        Distance::Manhattan => ops::sum(&ops::abs(&ops::sub(x, y)?)?, Some(1), false),
        Distance::Cosine => {
            let d = ops::sub(&compute::normalize(x)?, &compute::normalize(y)?)?;
            ops::astype(&ops::mul_scalar(&ops::sum(&ops::square(&d)?, Some(1), false)?, 0.5)?, dtype)
        }
        other => Err(Error::invalid_parameter(
            "metric",
            format!("{other:?}"),
            "paired_distances: the paired distances are euclidean, manhattan and cosine",
        )),
    }
}

macro_rules! pairwise_table {
    ($($(#[$doc:meta])* $name:ident => $what:expr, $options:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name<'a>(x: &'a Array, y: impl Into<Option<&'a Array>>) -> Pairwise<'a, $options> {
                Pairwise::new($what, x, y.into())
            }
        )*

        #[cfg(target_arch = "wasm32")]
        $crate::wasm::metrics::metric_functions!(pairwise; $($name => Pairwise<'static, $options>;)*);
    };
}

pairwise_table! {
    /// The euclidean distances between the rows of X and of Y (None: X itself, whose
    /// diagonal is then exactly 0).
    euclidean_distances => What::Distance(Distance::Euclidean { squared: false }), Euclidean;
    /// The euclidean distances over the coordinates present (not NaN) in both rows, scaled up
    /// to all coordinates; NaN where no coordinate is present in both.
    nan_euclidean_distances => What::Distance(Distance::NanEuclidean { squared: false }), Squared;
    /// The L1 distances, in float64.
    manhattan_distances => What::Distance(Distance::Manhattan), Plain;
    /// The great-circle distances on the unit sphere between (latitude, longitude) rows in
    /// radians, in float64; multiply by a sphere's radius for distances on it.
    haversine_distances => What::Distance(Distance::Haversine), Plain;
    /// The cosine similarity: the dot products of the rows scaled to unit length.
    cosine_similarity => What::Kernel(Kernel::Cosine), Plain;
    /// 1 − the cosine similarity, clipped to [0, 2].
    cosine_distances => What::Distance(Distance::Cosine), Plain;
    /// The dot products x · y.
    linear_kernel => What::Kernel(Kernel::Linear), Plain;
    /// (gamma x · y + coef0) ^ degree; by default degree 3, gamma 1 / n_features, coef0 1.
    polynomial_kernel => What::Kernel(Kernel::Polynomial { degree: 3.0, gamma: None, coef0: 1.0 }), Polynomial;
    /// exp(−gamma ‖x − y‖²); gamma 1 / n_features by default.
    rbf_kernel => What::Kernel(Kernel::Rbf { gamma: None }), Gamma;
    /// exp(−gamma ‖x − y‖₁), in float64; gamma 1 / n_features by default.
    laplacian_kernel => What::Kernel(Kernel::Laplacian { gamma: None }), Gamma;
    /// tanh(gamma x · y + coef0); by default gamma 1 / n_features, coef0 1.
    sigmoid_kernel => What::Kernel(Kernel::Sigmoid { gamma: None, coef0: 1.0 }), Sigmoid;
    /// −Σ (x − y)² / (x + y) over the features (those where x + y = 0 left out); X and Y
    /// must be non-negative.
    additive_chi2_kernel => What::Kernel(Kernel::AdditiveChi2), Plain;
    /// exp(gamma · the additive chi² kernel); gamma 1 by default.
    chi2_kernel => What::Kernel(Kernel::Chi2 { gamma: 1.0 }), Gamma;
}

/// The distances `metric` gives between the rows of X and of Y (None: X itself).
pub fn pairwise_distances<'a>(x: &'a Array, y: impl Into<Option<&'a Array>>, metric: Distance) -> Pairwise<'a, Plain> {
    Pairwise::new(What::Distance(metric), x, y.into())
}

/// The kernel `metric` between the rows of X and of Y (None: X itself).
pub fn pairwise_kernels<'a>(x: &'a Array, y: impl Into<Option<&'a Array>>, metric: Kernel) -> Pairwise<'a, Plain> {
    Pairwise::new(What::Kernel(metric), x, y.into())
}

/// The euclidean distance between row i of X and row i of Y, for every i.
pub fn paired_euclidean_distances<'a>(x: &'a Array, y: &'a Array) -> Pairwise<'a, Plain> {
    Pairwise::new(What::Paired(Distance::Euclidean { squared: false }), x, Some(y))
}

/// The L1 distance between row i of X and row i of Y, for every i.
pub fn paired_manhattan_distances<'a>(x: &'a Array, y: &'a Array) -> Pairwise<'a, Plain> {
    Pairwise::new(What::Paired(Distance::Manhattan), x, Some(y))
}

/// Half the squared euclidean distance between row i of X and row i of Y scaled to unit
/// length, for every i.
pub fn paired_cosine_distances<'a>(x: &'a Array, y: &'a Array) -> Pairwise<'a, Plain> {
    Pairwise::new(What::Paired(Distance::Cosine), x, Some(y))
}

/// The distance `metric` (euclidean, manhattan or cosine) between row i of X and row i of Y.
pub fn paired_distances<'a>(x: &'a Array, y: &'a Array, metric: Distance) -> Pairwise<'a, Plain> {
    let metric = match metric {
        Distance::Euclidean { .. } => Distance::Euclidean { squared: false },
        other => other,
    };
    Pairwise::new(What::Paired(metric), x, Some(y))
}

impl<'a> Pairwise<'a, Euclidean> {
    /// The squared distances (default false).
    pub fn squared(mut self, squared: bool) -> Self {
        self.set_squared(squared);
        self
    }
    /// Precomputed squared euclidean norms of X's rows, as (n,), (n, 1) or (1, n); float32
    /// norms are not used, as scikit-learn does not.
    pub fn x_norm_squared(mut self, norms: &'a Array) -> Self {
        self.x_norm_squared = Some(norms);
        self
    }
    /// Precomputed squared euclidean norms of Y's rows, as for `x_norm_squared`.
    pub fn y_norm_squared(mut self, norms: &'a Array) -> Self {
        self.y_norm_squared = Some(norms);
        self
    }
}

impl<'a> Pairwise<'a, Squared> {
    /// The squared distances (default false).
    pub fn squared(mut self, squared: bool) -> Self {
        self.set_squared(squared);
        self
    }
}

impl<'a> Pairwise<'a, Gamma> {
    /// The kernel's scale.
    pub fn gamma(mut self, gamma: f64) -> Self {
        self.set_gamma(gamma);
        self
    }
}

impl<'a> Pairwise<'a, Sigmoid> {
    /// The scale of the dot product (default 1 / n_features).
    pub fn gamma(mut self, gamma: f64) -> Self {
        self.set_gamma(gamma);
        self
    }
    /// The offset (default 1).
    pub fn coef0(mut self, coef0: f64) -> Self {
        self.set_coef0(coef0);
        self
    }
}

impl<'a> Pairwise<'a, Polynomial> {
    /// The power (default 3).
    pub fn degree(mut self, degree: f64) -> Self {
        if let What::Kernel(Kernel::Polynomial { degree: d, .. }) = &mut self.what {
            *d = degree;
        }
        self
    }
    /// The scale of the dot product (default 1 / n_features).
    pub fn gamma(mut self, gamma: f64) -> Self {
        self.set_gamma(gamma);
        self
    }
    /// The offset (default 1).
    pub fn coef0(mut self, coef0: f64) -> Self {
        self.set_coef0(coef0);
        self
    }
}

impl<'a, O: 'a> IntoFuture for Pairwise<'a, O> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    {}
    Pairwise<'a, Plain> => {}
    Pairwise<'a, Euclidean> => { squared: bool, X_norm_squared: Array => x_norm_squared, Y_norm_squared: Array => y_norm_squared }
    Pairwise<'a, Squared> => { squared: bool }
    Pairwise<'a, Gamma> => { gamma: f64 }
    Pairwise<'a, Sigmoid> => { gamma: f64, coef0: f64 }
    Pairwise<'a, Polynomial> => { degree: f64, gamma: f64, coef0: f64 }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { metric: Distance, axis: usize }
    stream::Argmin<'a, false> => {}
    stream::Argmin<'a, true> => {}
}

// The functions whose metric is an argument, and the paired ones (Y required).
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    pairwise;
    pairwise_distances(metric: Distance) => Pairwise<'static, Plain>;
    pairwise_kernels(metric: Kernel) => Pairwise<'static, Plain>;
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    x, y;
    paired_euclidean_distances => Pairwise<'static, Plain> as "NDArray";
    paired_manhattan_distances => Pairwise<'static, Plain> as "NDArray";
    paired_cosine_distances => Pairwise<'static, Plain> as "NDArray";
    paired_distances(metric: Distance) => Pairwise<'static, Plain> as "NDArray";
    pairwise_distances_argmin => stream::Argmin<'static, false> as "NDArray";
    pairwise_distances_argmin_min => stream::Argmin<'static, true> as "[NDArray, NDArray]";
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(
    stream::Argmin<'a, false>,
    stream::Argmin<'a, true>,
    Pairwise<'a, Plain>,
    Pairwise<'a, Euclidean>,
    Pairwise<'a, Squared>,
    Pairwise<'a, Gamma>,
    Pairwise<'a, Sigmoid>,
    Pairwise<'a, Polynomial>,
);
