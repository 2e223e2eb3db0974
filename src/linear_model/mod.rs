//! Linear models: Ridge.

mod ridge;

pub use ridge::{Alpha, Ridge};

use crate::array::Array;
use crate::error::Result;
use crate::ops;

/// The coefficient of determination R² of each column of `y` against `pred`, averaged
/// uniformly over columns (scikit-learn's r2_score with multioutput="uniform_average" and
/// force_finite: a constant target scores 1 when predicted exactly, else 0).
/// Readback: two sums per column.
pub(crate) async fn r2_score(y: &Array, pred: &Array, sample_weight: Option<&Array>) -> Result<f64> {
    let n = y.shape()[0] as isize;
    let (y, pred) = (y.reshape(&[n, -1])?, ops::astype(&pred.reshape(&[n, -1])?, y.dtype())?);
    let w = match sample_weight {
        Some(w) => ops::astype(w, y.dtype())?.reshape(&[n, 1])?,
        None => Array::ones(y.device(), &[n as usize, 1], y.dtype())?,
    };
    let mean = ops::div(&ops::sum(&ops::mul(&y, &w)?, Some(0), true)?, &ops::sum(&w, None, false)?)?;
    let ss_res = ops::sum(&ops::mul(&w, &ops::square(&ops::sub(&y, &pred)?)?)?, Some(0), false)?;
    let ss_tot = ops::sum(&ops::mul(&w, &ops::square(&ops::sub(&y, &mean)?)?)?, Some(0), false)?;
    let (res, tot) = (ss_res.to_vec::<f64>().await?, ss_tot.to_vec::<f64>().await?);
    let scores: Vec<f64> = res
        .iter()
        .zip(&tot)
        .map(|(&r, &t)| {
            if t != 0.0 {
                1.0 - r / t
            } else if r == 0.0 {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    Ok(scores.iter().sum::<f64>() / scores.len() as f64)
}
