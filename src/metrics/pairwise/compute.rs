//! The pairwise matrices themselves, for checked inputs: each distance and kernel of one block
//! of rows of X against Y. Nothing here reads back, so the streaming forms call it per tile.

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
    pub fn distances(&self, metric: Distance) -> Result<Array> {
        match metric {
            Distance::Euclidean { squared } => {
                self.euclidean(if squared { GramOutput::Squared } else { GramOutput::Distance })
            }
            // scipy's cdist computes in float64, so scikit-learn's result is float64.
            Distance::Manhattan => {
                ops::pair_manhattan_distances(&ops::astype(self.x, DType::F64)?, &ops::astype(self.y, DType::F64)?)
            }
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

    pub fn kernel(&self, kernel: Kernel) -> Result<Array> {
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
            Kernel::Rbf { gamma: g } => self.euclidean(GramOutput::Rbf { gamma: gamma(g) }),
            Kernel::Laplacian { gamma: g } => {
                ops::exp(&ops::mul_scalar(&self.distances(Distance::Manhattan)?, -gamma(g))?)
            }
            Kernel::AdditiveChi2 => {
                ops::pair_chi2_sums(&ops::astype(self.x, self.dtype)?, &ops::astype(self.y, self.dtype)?)
            }
            Kernel::Chi2 { gamma: g } => ops::exp(&ops::mul_scalar(&self.kernel(Kernel::AdditiveChi2)?, g)?),
            Kernel::Cosine => self.cosine_similarity(),
        }
    }

    fn dot(&self) -> Result<Array> {
        ops::gemm(&ops::astype(self.x, self.dtype)?, &ops::astype(self.y, self.dtype)?, false, true)
    }

    /// Squared euclidean distances, finished as `output` says. Where float64 exists they are
    /// ‖x‖² − 2 x·y + ‖y‖² in float64, as scikit-learn computes them (float32 inputs upcast,
    /// the result cast back). Without native float64, that sum would cancel catastrophically
    /// (points near 1e4 apart by 1e-2 lose every digit of float32, and most of df64's 48
    /// bits), so the differences are summed instead, in the array's own precision.
    fn euclidean(&self, output: GramOutput) -> Result<Array> {
        if !self.x.device().info().native_f64 {
            let d = ops::pair_squared_distances(&ops::astype(self.x, self.dtype)?, &ops::astype(self.y, self.dtype)?)?;
            let d = self.zero_diagonal(d)?;
            return match output {
                GramOutput::Squared => Ok(d),
                GramOutput::Distance => ops::sqrt(&d),
                GramOutput::Rbf { gamma } => ops::exp(&ops::mul_scalar(&d, -gamma)?),
            };
        }
        let x = ops::astype(self.x, DType::F64)?;
        // Y omitted is X itself: cast once, so that the product sees X X^T and computes half.
        let y = if self.same == Some(0) && self.x.shape() == self.y.shape() {
            x.clone()
        } else {
            ops::astype(self.y, DType::F64)?
        };
        let (xx, yy) = (norms(&x, self.x_norm_squared)?, norms(&y, self.y_norm_squared)?);
        ops::gram_distances(ops::gemm(&x, &y, false, true)?, &xx, &yy, self.same, output, self.dtype)
    }

    /// Whether [`Self::nearest`] takes the Gram route for `metric` on `device`: the euclidean
    /// distance where float64 exists, as [`Self::euclidean`].
    pub fn gram_route(metric: Distance, device: &Device) -> bool {
        matches!(metric, Distance::Euclidean { .. }) && device.info().native_f64
    }

    /// For each row of X, the index of the nearest row of Y (int32, the first on ties) and the
    /// distance to it, as `metric` gives it. On the Gram route, no (rows, n) matrix is stored.
    pub fn nearest(&self, metric: Distance) -> Result<(Array, Array)> {
        match metric {
            Distance::Euclidean { squared } if Self::gram_route(metric, self.x.device()) && self.same.is_none() => {
                // X's norms are computed with its upcast rows; none are ever given here.
                let y = ops::astype(self.y, DType::F64)?;
                let yy = norms(&y, self.y_norm_squared)?;
                let (indices, d) = ops::nearest_squared_euclidean(&ops::astype(self.x, self.dtype)?, &y, &yy)?;
                Ok((indices, if squared { d } else { ops::sqrt(&d)? }))
            }
            _ => {
                let d = self.distances(metric)?;
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
