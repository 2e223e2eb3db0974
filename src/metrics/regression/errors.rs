//! The regression losses: per-output means (or medians) over samples of an elementwise loss,
//! and the largest absolute error.

use super::{quantile, smallest, Kind, Targets};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;

/// The elementwise pinball loss of the `alpha` quantile: alpha·(y - pred) where the
/// prediction is below y, (1 - alpha)·(pred - y) where it is above.
pub(super) fn pinball(y: &Array, pred: &Array, alpha: f64) -> Result<Array> {
    let diff = ops::sub(y, pred)?;
    let below = ops::greater_equal(&diff, &ops::scalar_like(&diff, 0.0)?)?;
    ops::where_(&below, &ops::mul_scalar(&diff, alpha)?, &ops::mul_scalar(&diff, -(1.0 - alpha))?)
}

impl Kind {
    fn logarithmic(self) -> bool {
        matches!(self, Kind::SquaredLog | Kind::RootSquaredLog)
    }

    /// The (weighted) mean over the samples of the loss of predicting `t.pred` for `t.y`,
    /// for the losses that average one, as a (1, outputs) row.
    fn mean_loss(self, t: &Targets, alpha: f64) -> Result<Array> {
        let (y, pred) = (&t.y, &t.pred);
        match self {
            // Squares are summed in one pass, with no temporaries on the host.
            Kind::Squared | Kind::RootSquared => t.average_squared(y, pred),
            Kind::SquaredLog | Kind::RootSquaredLog => t.average_squared(&ops::log1p(y)?, &ops::log1p(pred)?),
            // scikit-learn divides by max(|y|, float64 eps), so a zero target gives a huge loss.
            Kind::AbsolutePercentage => {
                let scale = ops::maximum(&ops::abs(y)?, &ops::scalar_like(y, f64::EPSILON)?)?;
                t.average(&ops::div(&ops::abs(&ops::sub(y, pred)?)?, &scale)?)
            }
            Kind::Pinball => t.average(&pinball(y, pred, alpha)?),
            _ => t.average(&ops::abs(&ops::sub(y, pred)?)?),
        }
    }
}

/// The (outputs,) values of a loss.
/// Readback: for the logarithmic losses the smallest value of each input; for the median the
/// bounds of the percentile's gather.
pub(super) async fn outputs(kind: Kind, t: &Targets, alpha: f64) -> Result<Array> {
    let op = kind.name();
    if kind.logarithmic() {
        for (a, name) in [(&t.y, "y_true"), (&t.pred, "y_pred")] {
            let low = smallest(a).await?;
            if low <= -1.0 {
                return Err(Error::OutOfDomain {
                    op,
                    detail: format!("{name} holds {low}; log(1 + y) needs every value above -1"),
                });
            }
        }
    }
    if kind == Kind::MedianAbsolute {
        let errors = ops::abs(&ops::sub(&t.y, &t.pred)?)?;
        return quantile::weighted_percentile(&errors, &t.weights_or_ones()?, 0.5).await;
    }
    let mean = kind.mean_loss(t, alpha)?.reshape(&[-1])?;
    match kind {
        Kind::RootSquared | Kind::RootSquaredLog => ops::sqrt(&mean),
        _ => Ok(mean),
    }
}

/// The largest absolute error, for a single output (scikit-learn refuses several).
/// Readback: the maximum.
pub fn max_error<'a>(y_true: &'a Array, y_pred: &'a Array) -> BoxFuture<'a, Result<f64>> {
    Box::pin(async move {
        const OP: &str = "max_error";
        let t = Targets::check(y_true, y_pred, None, OP).await?;
        if t.outputs() != 1 {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!("multioutput is not supported: y has {} outputs", t.outputs()),
            });
        }
        Ok(ops::max(&ops::abs(&ops::sub(&t.y, &t.pred)?)?, None, false)?.to_vec::<f64>().await?[0])
    })
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    plain;
    max_error(y_true, y_pred) as "number";
}
