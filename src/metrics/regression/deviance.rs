//! The mean Tweedie deviances (normal, Poisson, gamma and every other power) and their D²,
//! for a single output, as scikit-learn.

use super::{smallest, Targets};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;

/// The mean Tweedie deviance of `power` (default 0, the squared error): power < 0 needs
/// y_pred > 0; 1 ≤ power < 2 needs y_true ≥ 0 and y_pred > 0; power ≥ 2 needs both > 0.
/// Powers strictly between 0 and 1 have no Tweedie distribution and are refused.
pub fn mean_tweedie_deviance<'a>(y_true: &'a Array, y_pred: &'a Array) -> TweedieDeviance<'a> {
    TweedieDeviance::new("mean_tweedie_deviance", y_true, y_pred, 0.0, false)
}

/// The mean Poisson deviance: [`mean_tweedie_deviance`] at power 1.
pub fn mean_poisson_deviance<'a>(y_true: &'a Array, y_pred: &'a Array) -> TweedieDeviance<'a> {
    TweedieDeviance::new("mean_poisson_deviance", y_true, y_pred, 1.0, false)
}

/// The mean gamma deviance: [`mean_tweedie_deviance`] at power 2.
pub fn mean_gamma_deviance<'a>(y_true: &'a Array, y_pred: &'a Array) -> TweedieDeviance<'a> {
    TweedieDeviance::new("mean_gamma_deviance", y_true, y_pred, 2.0, false)
}

/// The fraction of the Tweedie deviance of `power` (default 0) that the predictions explain,
/// against predicting the (weighted) mean of y_true. Fewer than two samples give NaN, as
/// scikit-learn (which warns); a constant y_true is `Error::OutOfDomain`, where scikit-learn
/// divides by zero.
pub fn d2_tweedie_score<'a>(y_true: &'a Array, y_pred: &'a Array) -> TweedieDeviance<'a> {
    TweedieDeviance::new("d2_tweedie_score", y_true, y_pred, 0.0, true)
}

/// The arguments of a Tweedie deviance metric; await it for the score.
pub struct TweedieDeviance<'a> {
    op: &'static str,
    y_true: &'a Array,
    y_pred: &'a Array,
    sample_weight: Option<&'a Array>,
    power: f64,
    /// D² rather than the mean deviance.
    explained: bool,
}

impl<'a> TweedieDeviance<'a> {
    fn new(op: &'static str, y_true: &'a Array, y_pred: &'a Array, power: f64, explained: bool) -> Self {
        TweedieDeviance { op, y_true, y_pred, sample_weight: None, power, explained }
    }

    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// The Tweedie power: at most 0, or at least 1.
    pub fn power(mut self, power: f64) -> Self {
        self.power = power;
        self
    }

    /// Readback: the smallest value of each input (the domain check) and the deviances.
    async fn compute(self) -> Result<f64> {
        let (op, p) = (self.op, self.power);
        if !(p <= 0.0 || p >= 1.0) {
            return Err(Error::invalid_parameter(
                "power",
                p,
                format!("{op}: the Tweedie power must be at most 0 or at least 1"),
            ));
        }
        let t = Targets::check(self.y_true, self.y_pred, self.sample_weight, op).await?;
        if t.outputs() != 1 {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("multioutput is not supported: y has {} outputs", t.outputs()),
            });
        }
        if self.explained && t.n < 2 {
            return Ok(f64::NAN);
        }
        check_domain(&t, p, op).await?;
        let deviance = t.average(&unit_deviance(&t.y, &t.pred, p)?)?.to_vec::<f64>().await?[0];
        if !self.explained {
            return Ok(deviance);
        }
        let null = t.average(&unit_deviance(&t.y, &t.average(&t.y)?, p)?)?.to_vec::<f64>().await?[0];
        if null == 0.0 {
            // scikit-learn's division of Python floats raises ZeroDivisionError here.
            return Err(Error::OutOfDomain {
                op,
                detail: "y_true is constant, so predicting its mean has zero deviance and D² divides by zero".into(),
            });
        }
        Ok(1.0 - deviance / null)
    }
}

impl<'a> IntoFuture for TweedieDeviance<'a> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

/// Refuses inputs outside the domain of the power's distribution, naming the offending
/// value.
/// Readback: the smallest value of each input.
async fn check_domain(t: &Targets, p: f64, op: &'static str) -> Result<()> {
    // Whether y_true must be non-negative (Some(false)) or strictly positive (Some(true)),
    // and whether y_pred must be strictly positive.
    let (y_rule, pred_positive) = if p < 0.0 {
        (None, true)
    } else if p == 0.0 {
        (None, false)
    } else if p < 2.0 {
        (Some(false), true)
    } else {
        (Some(true), true)
    };
    let refuse = |what: &str, name: &str, value: f64| Error::OutOfDomain {
        op,
        detail: format!("the Tweedie deviance with power={p} needs {what} {name}; it holds {value}"),
    };
    if let Some(strict) = y_rule {
        let y = smallest(&t.y).await?;
        if y < 0.0 || (strict && y == 0.0) {
            return Err(refuse(if strict { "a strictly positive" } else { "a non-negative" }, "y_true", y));
        }
    }
    if pred_positive {
        let pred = smallest(&t.pred).await?;
        if pred <= 0.0 {
            return Err(refuse("a strictly positive", "y_pred", pred));
        }
    }
    Ok(())
}

/// The elementwise Tweedie deviance of predicting `mu` for `y` (which broadcast), as
/// scikit-learn's `_mean_tweedie_deviance` writes it for each power.
fn unit_deviance(y: &Array, mu: &Array, p: f64) -> Result<Array> {
    let c = |v: f64| ops::scalar_like(y, v);
    let zero = c(0.0)?;
    if p == 0.0 {
        return ops::square(&ops::sub(y, mu)?);
    }
    if p == 1.0 {
        // 2 (y log(y / mu) - y + mu), with 0 log 0 = 0 (scipy's xlogy).
        let is_zero = ops::equal(y, &zero)?;
        let xlogy = ops::where_(&is_zero, &zero, &ops::mul(y, &ops::log(&ops::div(y, mu)?)?)?)?;
        return ops::mul_scalar(&ops::add(&ops::sub(&xlogy, y)?, mu)?, 2.0);
    }
    if p == 2.0 {
        let terms = ops::add(&ops::log(&ops::div(mu, y)?)?, &ops::div(y, mu)?)?;
        return ops::mul_scalar(&ops::add_scalar(&terms, -1.0)?, 2.0);
    }
    // Below 0, y may be negative: only its positive part is raised to 2 - p.
    let base = if p < 0.0 { ops::where_(&ops::greater(y, &zero)?, y, &zero)? } else { y.clone() };
    let first = ops::div_scalar(&ops::pow(&base, &c(2.0 - p)?)?, (1.0 - p) * (2.0 - p))?;
    let second = ops::div_scalar(&ops::mul(y, &ops::pow(mu, &c(1.0 - p)?)?)?, 1.0 - p)?;
    let third = ops::div_scalar(&ops::pow(mu, &c(2.0 - p)?)?, 2.0 - p)?;
    ops::mul_scalar(&ops::add(&ops::sub(&first, &second)?, &third)?, 2.0)
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    {}
    TweedieDeviance<'a> => { sample_weight: Array, power: f64 }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(TweedieDeviance<'a>);
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    y_true, y_pred;
    mean_tweedie_deviance => TweedieDeviance<'static> as "number";
    mean_poisson_deviance => TweedieDeviance<'static> as "number";
    mean_gamma_deviance => TweedieDeviance<'static> as "number";
    d2_tweedie_score => TweedieDeviance<'static> as "number";
}
