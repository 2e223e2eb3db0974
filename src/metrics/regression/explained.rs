//! The fraction of a deviance that the predictions explain, per output: R², the explained
//! variance, and the pinball D², each 1 - numerator / denominator.

use super::errors::pinball;
use super::{quantile, Kind, Outputs, Targets};
use crate::array::Array;
use crate::error::Result;
use crate::ops;

/// The (outputs,) scores of an explained-deviance metric; R² and the explained variance also
/// give each output's variance, their `VarianceWeighted` weights.
/// Readback: the bounds of the pinball D²'s percentile gather.
pub(super) async fn outputs(kind: Kind, t: &Targets, alpha: f64, force_finite: bool) -> Result<Outputs> {
    let (numerator, denominator) = match kind {
        // Sums rather than means, as scikit-learn: the ratio is the same, the weights of
        // VarianceWeighted scale alike.
        Kind::R2 => {
            if t.n < 2 {
                return Ok(Outputs { values: t.undefined()?, variance: None });
            }
            let mean = t.average(&t.y)?;
            (t.sum_squared(&t.y, &t.pred)?, t.sum_squared(&t.y, &mean)?)
        }
        Kind::ExplainedVariance => {
            let diff = ops::sub(&t.y, &t.pred)?;
            let numerator = t.average_squared(&diff, &t.average(&diff)?)?;
            (numerator, t.average_squared(&t.y, &t.average(&t.y)?)?)
        }
        _ => {
            if t.n < 2 {
                return Ok(Outputs { values: t.undefined()?, variance: None });
            }
            let alpha = if kind == Kind::D2Absolute { 0.5 } else { alpha };
            let quantile = quantile::weighted_percentile(&t.y, &t.weights_or_ones()?, alpha).await?;
            (t.average(&pinball(&t.y, &t.pred, alpha)?)?, t.average(&pinball(&t.y, &quantile, alpha)?)?)
        }
    };
    let (numerator, denominator) = (numerator.reshape(&[-1])?, denominator.reshape(&[-1])?);
    // scikit-learn forces the pinball D² to be finite always.
    let force_finite = force_finite || matches!(kind, Kind::D2Pinball | Kind::D2Absolute);
    let values = fraction_explained(&numerator, &denominator, force_finite)?;
    let variance = matches!(kind, Kind::R2 | Kind::ExplainedVariance).then_some(denominator);
    Ok(Outputs { values, variance })
}

/// 1 - numerator / denominator per output. Where the denominator is zero (a constant
/// target) the formula gives NaN (numerator zero too) or -inf; `force_finite` makes those 1
/// and 0, as scikit-learn's `_assemble_fraction_of_explained_deviance`. Chosen with `where`
/// rather than divided, since a GPU's division by zero need not follow IEEE.
fn fraction_explained(numerator: &Array, denominator: &Array, force_finite: bool) -> Result<Array> {
    let constant = |v: f64| ops::scalar_like(numerator, v);
    let denominator_nonzero = ops::not_equal(denominator, &constant(0.0)?)?;
    let numerator_nonzero = ops::not_equal(numerator, &constant(0.0)?)?;
    let safe = ops::where_(&denominator_nonzero, denominator, &constant(1.0)?)?;
    let formula = ops::rsub_scalar(1.0, &ops::div(numerator, &safe)?)?;
    let constant_target = if force_finite {
        ops::where_(&numerator_nonzero, &constant(0.0)?, &constant(1.0)?)?
    } else {
        ops::where_(&numerator_nonzero, &constant(f64::NEG_INFINITY)?, &constant(f64::NAN)?)?
    };
    ops::where_(&denominator_nonzero, &formula, &constant_target)
}
