//! The pairwise matrices themselves, for checked inputs: each distance and kernel of one block
//! of rows of X against Y, which the streaming forms call per tile. The only readback is the
//! euclidean distances' search for entries whose Gram formula cancelled.

use super::{Distance, Kernel};
use crate::array::Array;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::Result;
use crate::ops::{self, GramOutput};

/// Rows of X against Y. Where X's rows are Y's own from row `same` on, the distances of the
/// points to themselves are exact zeros.
pub(super) struct Block<'a> {
    pub x: &'a Array,
    pub y: &'a Array,
    pub same: Option<usize>,
    /// The float dtype of the result where it follows the inputs: float32 when both are.
    pub dtype: DType,
    /// Precomputed squared row norms for the euclidean distances, as scikit-learn's
    /// X_norm_squared and Y_norm_squared (float32 norms are not used, as there).
    pub x_norm_squared: Option<&'a Array>,
    pub y_norm_squared: Option<&'a Array>,
}

impl Block<'_> {
    pub async fn distances(&self, metric: Distance) -> Result<Array> {
        match metric {
            Distance::Euclidean { squared } => {
                self.euclidean(if squared { GramOutput::Squared } else { GramOutput::Distance }).await
            }
            Distance::Manhattan => self.manhattan(),
            Distance::Cosine => {
                let d = ops::clip(&ops::rsub_scalar(1.0, &self.cosine_similarity()?)?, Some(0.0), Some(2.0))?;
                self.zero_diagonal(d)
            }
            // scikit-learn's DistanceMetric computes it in float64.
            Distance::Haversine => {
                let (x, y) = (ops::astype(self.x, DType::F64)?, ops::astype(self.y, DType::F64)?);
                let column = |a: &Array, j: usize, shape: [isize; 2]| a.slice_axis(1, j, j + 1)?.reshape(&shape);
                let (lat_x, lat_y) = (column(&x, 0, [-1, 1])?, column(&y, 0, [1, -1])?);
                let (lon_x, lon_y) = (column(&x, 1, [-1, 1])?, column(&y, 1, [1, -1])?);
                let half_sin = |a: &Array, b: &Array| ops::sin(&ops::mul_scalar(&ops::sub(a, b)?, 0.5)?);
                let (s_lat, s_lon) = (half_sin(&lat_x, &lat_y)?, half_sin(&lon_x, &lon_y)?);
                let cosines = ops::mul(&ops::cos(&lat_x)?, &ops::cos(&lat_y)?)?;
                let h = ops::add(&ops::square(&s_lat)?, &ops::mul(&cosines, &ops::square(&s_lon)?)?)?;
                ops::mul_scalar(&ops::arcsin(&ops::sqrt(&h)?)?, 2.0)
            }
            Distance::NanEuclidean { squared } => {
                let (x, y) = (ops::astype(self.x, self.dtype)?, ops::astype(self.y, self.dtype)?);
                let sums = ops::pair_present_squared_distances(&x, &y)?;
                let present = ops::pair_present_counts(&x, &y)?;
                // Scaled up from the coordinates present in both to all of them; NaN where
                // none is.
                let features = x.shape()[1] as f64;
                let scaled = ops::mul_scalar(
                    &ops::div(&sums, &ops::maximum(&present, &ops::scalar_like(&present, 1.0)?)?)?,
                    features,
                )?;
                let none = ops::equal(&present, &ops::scalar_like(&present, 0.0)?)?;
                let d = ops::where_(&none, &ops::scalar_like(&scaled, f64::NAN)?, &scaled)?;
                if squared {
                    Ok(d)
                } else {
                    ops::sqrt(&d)
                }
            }
        }
    }

    /// scipy's cdist computes in float64, so scikit-learn's result is float64.
    fn manhattan(&self) -> Result<Array> {
        ops::pair_manhattan_distances(&ops::astype(self.x, DType::F64)?, &ops::astype(self.y, DType::F64)?)
    }

    pub async fn kernel(&self, kernel: Kernel) -> Result<Array> {
        let features = self.x.shape()[1] as f64;
        let gamma = |g: Option<f64>| g.unwrap_or(1.0 / features);
        match kernel {
            Kernel::Linear => self.dot(),
            Kernel::Polynomial { degree, gamma: g, coef0 } => {
                let k = ops::add_scalar(&ops::mul_scalar(&self.dot()?, gamma(g))?, coef0)?;
                ops::pow(&k, &ops::scalar_like(&k, degree)?)
            }
            Kernel::Sigmoid { gamma: g, coef0 } => {
                ops::tanh(&ops::add_scalar(&ops::mul_scalar(&self.dot()?, gamma(g))?, coef0)?)
            }
            Kernel::Rbf { gamma: g } => self.euclidean(GramOutput::Rbf { gamma: gamma(g) }).await,
            Kernel::Laplacian { gamma: g } => ops::exp(&ops::mul_scalar(&self.manhattan()?, -gamma(g))?),
            Kernel::AdditiveChi2 => self.additive_chi2(),
            Kernel::Chi2 { gamma: g } => ops::exp(&ops::mul_scalar(&self.additive_chi2()?, g)?),
            Kernel::Cosine => self.cosine_similarity(),
        }
    }

    fn additive_chi2(&self) -> Result<Array> {
        ops::pair_chi2_sums(&ops::astype(self.x, self.dtype)?, &ops::astype(self.y, self.dtype)?)
    }

    fn dot(&self) -> Result<Array> {
        ops::gemm(&ops::astype(self.x, self.dtype)?, &ops::astype(self.y, self.dtype)?, false, true)
    }

    /// Squared euclidean distances, finished as `output` says. Where float64 exists they are
    /// ‖x‖² − 2 x·y + ‖y‖² in float64, as scikit-learn computes them (float32 inputs upcast,
    /// the result cast back), with two repairs scikit-learn lacks: without given norms, both
    /// sides are first shifted by Y's mean (distances do not change, and data far from the
    /// origin no longer cancels against its norms), and the entries that still cancel (the
    /// squared distance below [`CANCELLED`] of the squared norms) are recomputed as sums of
    /// squared differences. Without native float64 that formula would cancel catastrophically
    /// (points near 1e4 apart by 1e-2 lose every digit of float32, and most of df64's 48 bits),
    /// so the differences are summed throughout, in the array's own precision.
    /// Readback: as [`exact_where_cancelled`].
    async fn euclidean(&self, output: GramOutput) -> Result<Array> {
        if !self.x.device().info().native_f64 {
            let d = ops::pair_squared_distances(&ops::astype(self.x, self.dtype)?, &ops::astype(self.y, self.dtype)?)?;
            let d = self.zero_diagonal(d)?;
            return match output {
                GramOutput::Squared => Ok(d),
                GramOutput::Distance => ops::sqrt(&d),
                GramOutput::Rbf { gamma } => ops::exp(&ops::mul_scalar(&d, -gamma)?),
            };
        }
        let (mut x, mut y) = (ops::astype(self.x, DType::F64)?, ops::astype(self.y, DType::F64)?);
        if self.x_norm_squared.is_none() && self.y_norm_squared.is_none() && !y.is_empty() {
            let shift = ops::mean(&y, Some(0), true)?;
            (x, y) = (ops::sub(&x, &shift)?, ops::sub(&y, &shift)?);
        }
        // Y omitted is X itself: one array, so that the product sees X X^T and computes half.
        if self.same == Some(0) && self.x.shape() == self.y.shape() {
            y = x.clone();
        }
        let (xx, yy) = (norms(&x, self.x_norm_squared)?, norms(&y, self.y_norm_squared)?);
        let d =
            ops::gram_distances(ops::gemm(&x, &y, false, true)?, &xx, &yy, self.same, GramOutput::Squared, DType::F64)?;
        let d = exact_where_cancelled(d, &x, &y, &xx, &yy, self.same).await?;
        let d = match output {
            GramOutput::Squared => d,
            GramOutput::Distance => ops::sqrt(&d)?,
            GramOutput::Rbf { gamma } => ops::exp(&ops::mul_scalar(&d, -gamma)?)?,
        };
        ops::astype(&d, self.dtype)
    }

    /// Whether [`Self::nearest`] takes the Gram route for `metric` on `device`: the euclidean
    /// distance where float64 exists, as [`Self::euclidean`].
    pub fn gram_route(metric: Distance, device: &Device) -> bool {
        matches!(metric, Distance::Euclidean { .. }) && device.info().native_f64
    }

    /// For each row of X, the index of the nearest row of Y (int32, the first on ties) and the
    /// distance to it, as `metric` gives it. On the Gram route, no (rows, n) matrix is stored.
    pub async fn nearest(&self, metric: Distance) -> Result<(Array, Array)> {
        match metric {
            Distance::Euclidean { squared } if Self::gram_route(metric, self.x.device()) && self.same.is_none() => {
                // X's norms are computed with its upcast rows; none are ever given here.
                let y = ops::astype(self.y, DType::F64)?;
                let yy = norms(&y, self.y_norm_squared)?;
                let (indices, d) = ops::nearest_squared_euclidean(&ops::astype(self.x, self.dtype)?, &y, &yy)?;
                Ok((indices, if squared { d } else { ops::sqrt(&d)? }))
            }
            _ => {
                let d = self.distances(metric).await?;
                Ok((ops::argmin(&d, Some(1))?, ops::min(&d, Some(1), false)?))
            }
        }
    }

    /// The rows scaled to unit length (rows of zeros stay zero), dotted.
    fn cosine_similarity(&self) -> Result<Array> {
        let (x, y) = (ops::astype(self.x, self.dtype)?, ops::astype(self.y, self.dtype)?);
        ops::gemm(&normalize(&x)?, &normalize(&y)?, false, true)
    }

    /// Distances of the points to themselves are exactly zero, whatever rounding gave.
    fn zero_diagonal(&self, d: Array) -> Result<Array> {
        match self.same {
            Some(first) => ops::set_diagonal(&d, first, 0.0),
            None => Ok(d),
        }
    }
}

/// The fraction of ‖x‖² + ‖y‖² below which a squared distance from the Gram formula is
/// recomputed: that formula's error is a few float64 ulps of the norms, so every entry kept
/// is within about 2^-40 relative (times a small multiple), and the recomputed ones are exact
/// sums of squared differences.
const CANCELLED: f64 = 1.0 / 4096.0;

/// Flagged pairs recomputed at once: bounds the (pairs, features) differences held.
const RECOMPUTE_CHUNK: usize = 1 << 14;

/// `d` (float64 squared distances of the rows of `x` and `y` from the Gram formula, with
/// squared row norms `xx` and `yy`) with every entry that cancelled (below [`CANCELLED`] of
/// its norms) recomputed as the sum of its squared differences. The exact zeros of a point
/// and itself (`same`) stay as they are.
/// Readback: the positions of the cancelled entries (their count first), when there are some.
async fn exact_where_cancelled(
    d: Array,
    x: &Array,
    y: &Array,
    xx: &Array,
    yy: &Array,
    same: Option<usize>,
) -> Result<Array> {
    let (m, n) = (d.shape()[0], d.shape()[1]);
    if d.is_empty() {
        return Ok(d);
    }
    let limit = ops::mul_scalar(&ops::add(&xx.reshape(&[-1, 1])?, &yy.reshape(&[1, -1])?)?, CANCELLED)?;
    let limit = match same {
        Some(first) => ops::set_diagonal(&limit, first, 0.0)?,
        None => limit,
    };
    let flags = ops::less(&d, &limit)?;
    let at = ops::flatnonzero(&flags).await?;
    if at.is_empty() {
        return Ok(d);
    }
    let at = at.to_vec::<i64>().await?;
    let mut parts = Vec::with_capacity(at.len().div_ceil(RECOMPUTE_CHUNK));
    for chunk in at.chunks(RECOMPUTE_CHUNK) {
        let rows: Vec<usize> = chunk.iter().map(|&i| i as usize / n).collect();
        let cols: Vec<usize> = chunk.iter().map(|&i| i as usize % n).collect();
        let diff = ops::sub(&ops::take_indices(x, &rows, 0)?, &ops::take_indices(y, &cols, 0)?)?;
        parts.push(ops::sum(&ops::square(&diff)?, Some(1), false)?);
    }
    let exact = match parts.len() {
        1 => parts.pop().expect("one part"),
        _ => crate::array::concat(&parts.iter().collect::<Vec<_>>(), 0)?,
    };
    // Each cancelled entry's place in `exact`: the count of cancelled entries up to it, less one.
    let place = ops::cumsum(&ops::astype(&flags, DType::I32)?.reshape(&[-1])?, None)?;
    let place = ops::maximum(
        &ops::sub(&place, &Array::scalar(d.device(), 1.0, DType::I32)?)?,
        &Array::scalar(d.device(), 0.0, DType::I32)?,
    )?;
    let repaired = ops::take_along_axis(&exact, &place, 0).await?.reshape(&[m as isize, n as isize])?;
    ops::where_(&flags, &repaired, &d)
}

/// Each row over its euclidean norm, norms below 10 eps counting as 1 (rows of zeros stay
/// zero), as scikit-learn's normalize.
pub(super) fn normalize(a: &Array) -> Result<Array> {
    let norms = ops::sqrt(&ops::sum(&ops::square(a)?, Some(1), true)?)?;
    ops::div(a, &crate::validation::handle_zeros_in_scale(&norms, None)?)
}

/// The squared row norms of the float64 `a`, or the float64 ones given (float32 norms are not
/// used, as in scikit-learn).
fn norms(a: &Array, given: Option<&Array>) -> Result<Array> {
    match given {
        Some(n) if n.dtype() != DType::F32 => ops::astype(n, DType::F64)?.reshape(&[-1]),
        _ => ops::sum(&ops::square(a)?, Some(1), false),
    }
}
