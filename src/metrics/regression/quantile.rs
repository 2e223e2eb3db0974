//! The weighted percentile of scikit-learn's `_weighted_percentile(..., average=True)`, column
//! by column, sorted on the device.

use crate::array::Array;
use crate::error::Result;
use crate::ops;

/// The `q` quantile (in [0, 1]) of each column of the (n, k) matrix `a`, under the (n,)
/// weights `w` (non-negative, not all zero): NumPy's "averaged_inverted_cdf" with weights,
/// so unit weights give np.median at q = 0.5.
///
/// In each column sorted by value, the weights' running total (the cdf) first reaches
/// q·total at row `i`. The quantile is row i's value, or, where the cdf meets q·total there
/// exactly (within eps), the mean of row i's value and the next value of nonzero weight.
/// Sorted values are ascending and the cdf never falls, so each pick is a masked minimum,
/// and nothing but the gather's bounds is read back.
/// Readback: the bounds of the two gathers by the sort order.
pub(super) async fn weighted_percentile(a: &Array, w: &Array, q: f64) -> Result<Array> {
    let (n, k) = (a.shape()[0], a.shape()[1]);
    let order = ops::argsort(a, 0)?;
    let sorted = ops::take_along_axis(a, &order, 0).await?;
    let w = ops::mul(&w.reshape(&[n as isize, 1])?, &Array::ones(a.device(), &[1, k], a.dtype())?)?;
    let cdf = ops::cumsum(&ops::take_along_axis(&w, &order, 0).await?, Some(0))?;
    // scikit-learn's rank q·100 / 100, rounded as it rounds.
    let q = q * 100.0 / 100.0;
    let target = ops::mul_scalar(&cdf.slice_rows(n - 1, n)?, q)?;
    // A target of 0 is moved up to the next float, so it is reached where the cdf is positive.
    let reached =
        if q == 0.0 { ops::greater(&cdf, &ops::scalar_like(&cdf, 0.0)?)? } else { ops::greater_equal(&cdf, &target)? };
    let inf = ops::scalar_like(a, f64::INFINITY)?;
    let first_reached = |values: &Array| ops::min(&ops::where_(&reached, values, &inf)?, Some(0), true);
    // Past the end (rounding can leave the target above the total) the last row stands.
    let at = ops::minimum(&first_reached(&sorted)?, &sorted.slice_rows(n - 1, n)?)?;
    let cdf_at = first_reached(&cdf)?;
    let next = ops::min(&ops::where_(&ops::greater(&cdf, &cdf_at)?, &sorted, &inf)?, Some(0), true)?;
    let next = ops::where_(&ops::isfinite(&next)?, &next, &at)?;
    let exact = ops::less_equal(&ops::sub(&cdf_at, &target)?, &ops::scalar_like(a, a.precision().eps)?)?;
    let mid = ops::mul_scalar(&ops::add(&at, &next)?, 0.5)?;
    ops::where_(&exact, &mid, &at)?.reshape(&[k as isize])
}
