//! Ridge regression: least squares with an l2 penalty, by SVD or by Cholesky on the normal
//! equations (or on the kernel when there are more features than samples).

use crate::array::Array;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::{
    check_2d, check_fitted_input, check_sample_weight, check_y, estimator_impl, fitted, hyperparameters, FitSupervised,
    FittedState, Predict,
};
use crate::estimator::{Param, ParamValue};
use crate::ops;
use serde::{Deserialize, Serialize};

/// Ridge's penalty: one value for every target, or one per target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alpha(pub Vec<f64>);

impl From<f64> for Alpha {
    fn from(v: f64) -> Self {
        Alpha(vec![v])
    }
}
impl From<Vec<f64>> for Alpha {
    fn from(v: Vec<f64>) -> Self {
        Alpha(v)
    }
}
impl From<&[f64]> for Alpha {
    fn from(v: &[f64]) -> Self {
        Alpha(v.to_vec())
    }
}

impl Param for Alpha {
    fn to_value(&self) -> ParamValue {
        match self.0.as_slice() {
            [a] => ParamValue::Float(*a),
            v => ParamValue::Floats(v.to_vec()),
        }
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        Vec::<f64>::from_value(name, value).map(Alpha)
    }
}

/// Linear least squares with l2 regularization, for one target or several.
#[derive(Clone, Serialize, Deserialize)]
pub struct Ridge {
    alpha: Alpha,
    fit_intercept: bool,
    solver: String,
    positive: bool,
    max_iter: Option<usize>,
    tol: f64,
    #[serde(default)]
    fitted: Option<RidgeFitted>,
}

#[derive(Clone, Serialize, Deserialize)]
struct RidgeFitted {
    /// (n_targets, n_features) even for one target; `coef()` gives scikit-learn's shape.
    coef: Array,
    /// (n_targets,).
    intercept: Array,
    multi_target: bool,
    solver: String,
}

hyperparameters!(Ridge {
    /// Penalty strength: one value, or one per target (default 1).
    alpha: Alpha,
    /// Fit an intercept (default true); otherwise the data are taken as centered.
    fit_intercept: bool,
    /// "auto" (default, Cholesky), "svd" or "cholesky".
    solver: String,
    /// Only false: positive coefficients need an iterative solver (scikit-learn's lbfgs).
    positive: bool,
    /// Iteration limit of scikit-learn's iterative solvers; checked, unused by the direct ones.
    max_iter: Option<usize>,
    /// Tolerance of scikit-learn's iterative solvers; checked, unused by the direct ones.
    tol: f64,
});
estimator_impl!(Ridge, "Ridge");

impl Default for Ridge {
    fn default() -> Self {
        Ridge {
            alpha: Alpha(vec![1.0]),
            fit_intercept: true,
            solver: "auto".into(),
            positive: false,
            max_iter: None,
            tol: 1e-4,
            fitted: None,
        }
    }
}

impl FittedState for RidgeFitted {
    fn device(&self) -> Device {
        self.coef.device().clone()
    }
    async fn to_device(&self, d: &Device) -> Result<Self> {
        Ok(RidgeFitted {
            coef: self.coef.to_device(d).await?,
            intercept: self.intercept.to_device(d).await?,
            multi_target: self.multi_target,
            solver: self.solver.clone(),
        })
    }
}

/// Ridge coefficients (n_targets, p) from the SVD: V diag(s / (s² + alpha)) U^T y, singular
/// values at or below 1e-15 dropped (scikit-learn's _solve_svd).
async fn solve_svd(x: &Array, y: &Array, alpha: &Array) -> Result<Array> {
    let (u, s, vt) = ops::svd(x).await?;
    let s = s.reshape(&[-1, 1])?;
    let keep = ops::greater(&s, &ops::scalar_like(&s, 1e-15)?)?;
    let d = ops::div(&s, &ops::add(&ops::square(&s)?, &alpha.reshape(&[1, -1])?)?)?;
    let d = ops::where_(&keep, &d, &ops::scalar_like(&d, 0.0)?)?;
    let uty = ops::gemm(&u, y, true, false)?;
    ops::gemm(&ops::mul(&d, &uty)?, &vt, true, false)
}

/// Ridge coefficients (n_targets, p) from Cholesky: the normal equations when n >= p, the
/// kernel (dual) form when p > n (scikit-learn's _solve_cholesky and _solve_cholesky_kernel).
async fn solve_cholesky(x: &Array, y: &Array, alphas: &[f64]) -> Result<Array> {
    let (n, p) = (x.shape()[0], x.shape()[1]);
    let dual = p > n;
    let gram = if dual { ops::gemm(x, x, false, true)? } else { ops::gemm(x, x, true, false)? };
    let rhs = if dual { y.clone() } else { ops::gemm(x, y, true, false)? };
    let solve = |a: f64, b: Array| {
        let gram = &gram;
        async move { ops::solve_spd(&ops::add_diagonal(gram, &ops::scalar_like(gram, a)?)?, &b).await }
    };
    let sol = if alphas.iter().all(|&a| a == alphas[0]) {
        solve(alphas[0], rhs).await?
    } else {
        let mut cols = Vec::with_capacity(alphas.len());
        for (t, &a) in alphas.iter().enumerate() {
            cols.push(solve(a, rhs.slice_cols(t, t + 1)?).await?);
        }
        ops::concat(&cols.iter().collect::<Vec<_>>(), 1)?
    };
    if dual {
        ops::gemm(&sol, x, true, false)
    } else {
        sol.t()
    }
}

impl Ridge {
    pub fn new() -> Self {
        Self::default()
    }

    fn validate(&self) -> Result<()> {
        if self.alpha.0.is_empty() {
            return Err(Error::invalid_parameter("alpha", "[]", "give one value, or one per target"));
        }
        if let Some(a) = self.alpha.0.iter().find(|a| !(a.is_finite() && **a >= 0.0)) {
            return Err(Error::invalid_parameter("alpha", a, "must be finite and >= 0"));
        }
        if !matches!(self.solver.as_str(), "auto" | "svd" | "cholesky") {
            return Err(Error::invalid_parameter(
                "solver",
                &self.solver,
                "must be \"auto\", \"svd\" or \"cholesky\" (the iterative solvers are not provided)",
            ));
        }
        if self.positive {
            return Err(Error::invalid_parameter(
                "positive",
                true,
                "positive coefficients need scikit-learn's lbfgs solver, not provided",
            ));
        }
        if self.max_iter == Some(0) {
            return Err(Error::invalid_parameter("max_iter", 0, "must be >= 1"));
        }
        if self.tol.is_nan() || self.tol < 0.0 {
            return Err(Error::invalid_parameter("tol", self.tol, "must be >= 0"));
        }
        Ok(())
    }

    /// Fits with per-sample weights (scikit-learn's `fit(X, y, sample_weight)`).
    pub async fn fit_weighted(&mut self, x: &Array, y: &Array, sample_weight: Option<&Array>) -> Result<()> {
        const OP: &str = "Ridge.fit";
        self.validate()?;
        let x = check_2d(x, OP).await?;
        let y = ops::astype(&check_y(y, &x, true, OP).await?, x.dtype())?;
        let (n, p) = (x.shape()[0], x.shape()[1]);
        let multi_target = y.ndim() == 2;
        let y = y.reshape(&[n as isize, -1])?;
        let t = y.shape()[1];
        if self.alpha.0.len() != 1 && self.alpha.0.len() != t {
            return Err(Error::invalid_parameter(
                "alpha",
                format!("{:?}", self.alpha.0),
                format!("number of targets and number of penalties do not correspond: {} != {t}", self.alpha.0.len()),
            ));
        }
        let alphas: Vec<f64> = if self.alpha.0.len() == t { self.alpha.0.clone() } else { vec![self.alpha.0[0]; t] };
        let sw = match sample_weight {
            Some(w) => {
                x.device().check_same(w.device(), OP)?;
                Some(check_sample_weight(w, n, x.dtype(), OP).await?)
            }
            None => None,
        };
        let (mut xc, mut yc, x_off, y_off) = if self.fit_intercept {
            let (x_off, y_off) = match &sw {
                Some(w) => {
                    let wsum = ops::sum(w, None, false)?;
                    let w = w.reshape(&[-1, 1])?;
                    let avg =
                        |a: &Array| -> Result<Array> { ops::div(&ops::sum(&ops::mul(a, &w)?, Some(0), false)?, &wsum) };
                    (avg(&x)?, avg(&y)?)
                }
                None => (ops::mean(&x, Some(0), false)?, ops::mean(&y, Some(0), false)?),
            };
            (ops::sub(&x, &x_off)?, ops::sub(&y, &y_off)?, Some(x_off), Some(y_off))
        } else {
            (x.clone(), y.clone(), None, None)
        };
        if let Some(w) = &sw {
            // Weighted least squares is plain least squares on rows scaled by sqrt(weight).
            let s = ops::sqrt(w)?.reshape(&[-1, 1])?;
            xc = ops::mul(&xc, &s)?;
            yc = ops::mul(&yc, &s)?;
        }
        let alpha = Array::from_vec(x.device(), alphas.clone(), &[t])?;
        let alpha = ops::astype(&alpha, x.dtype())?;
        let mut solver = if self.solver == "svd" { "svd" } else { "cholesky" };
        let coef = if solver == "cholesky" {
            match solve_cholesky(&xc, &yc, &alphas).await {
                // A singular system (alpha = 0 on collinear data): the SVD solution, as
                // scikit-learn falls back to.
                Err(Error::NotPositiveDefinite { .. }) => {
                    solver = "svd";
                    solve_svd(&xc, &yc, &alpha).await?
                }
                r => r?,
            }
        } else {
            solve_svd(&xc, &yc, &alpha).await?
        };
        let intercept = match (x_off, y_off) {
            (Some(xo), Some(yo)) => ops::sub(&yo, &ops::matvec(&coef, &xo)?)?,
            _ => Array::zeros(x.device(), &[t], x.dtype())?,
        };
        debug_assert_eq!(coef.shape(), [t, p]);
        self.fitted = Some(RidgeFitted { coef, intercept, multi_target, solver: solver.into() });
        Ok(())
    }

    fn state(&self, method: &'static str) -> Result<&RidgeFitted> {
        fitted(&self.fitted, "Ridge", method)
    }

    /// (n_features,) for a 1-D target, (n_targets, n_features) for a 2-D one.
    pub fn coef(&self) -> Result<Array> {
        let f = self.state("coef_")?;
        if f.multi_target {
            Ok(f.coef.clone())
        } else {
            f.coef.reshape(&[-1])
        }
    }
    /// A 0-d array for a 1-D target, (n_targets,) for a 2-D one (zeros without fit_intercept).
    pub fn intercept(&self) -> Result<Array> {
        let f = self.state("intercept_")?;
        if f.multi_target {
            Ok(f.intercept.clone())
        } else {
            f.intercept.reshape(&[])
        }
    }
    /// The solver the fit used ("auto" resolved; "svd" after a singular Cholesky).
    pub fn solver_(&self) -> Result<&str> {
        Ok(&self.state("solver_")?.solver)
    }
    pub fn n_features_in(&self) -> Result<usize> {
        Ok(self.state("n_features_in_")?.coef.shape()[1])
    }
    pub fn dtype(&self) -> Result<DType> {
        Ok(self.state("dtype")?.coef.dtype())
    }

    /// R² of the prediction (averaged uniformly over targets).
    pub async fn score(&self, x: &Array, y: &Array, sample_weight: Option<&Array>) -> Result<f64> {
        let pred = self.predict(x).await?;
        let y = check_y(y, &pred.reshape(&[pred.shape()[0] as isize, -1])?, true, "Ridge.score").await?;
        let sw = match sample_weight {
            Some(w) => Some(check_sample_weight(w, y.shape()[0], pred.dtype(), "Ridge.score").await?),
            None => None,
        };
        super::r2_score(&ops::astype(&y, pred.dtype())?, &pred, sw.as_ref()).await
    }
}

impl FitSupervised for Ridge {
    async fn fit(&mut self, x: &Array, y: &Array) -> Result<()> {
        self.fit_weighted(x, y, None).await
    }
}

impl Predict for Ridge {
    async fn predict(&self, x: &Array) -> Result<Array> {
        const OP: &str = "Ridge.predict";
        let f = self.state(OP)?;
        let x = check_fitted_input(x, &f.device(), f.coef.shape()[1], f.coef.dtype(), "Ridge", OP).await?;
        let out = ops::add(&ops::gemm(&x, &f.coef, false, true)?, &f.intercept)?;
        if f.multi_target {
            Ok(out)
        } else {
            out.reshape(&[-1])
        }
    }
}
