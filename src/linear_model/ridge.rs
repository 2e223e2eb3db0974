//! Ridge regression: least squares with an l2 penalty, by SVD or by Cholesky on the normal
//! equations (or on the kernel when there are more features than samples).

use crate::array::Array;
use crate::device::Float64;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::checks::{self, at_least_one_if_set, non_negative};
use crate::estimator::{estimator, options, ColumnMap, FitMapped, FitSupervised, Param, ParamValue, Predict, Tags};
use crate::ops;
use crate::validation::{check_2d, check_sample_weight, check_y, ProductInput};
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

options! {
    /// How Ridge solves its regularized least squares.
    pub enum RidgeSolver {
        /// Cholesky, as scikit-learn chooses for dense data.
        Auto = "auto",
        /// The SVD of the centered data: slower, and exact on singular data.
        Svd = "svd",
        /// Cholesky on the normal equations, or on the kernel when features outnumber samples.
        Cholesky = "cholesky",
    }
    not_provided: ["sparse_cg", "lsqr", "sag", "saga", "lbfgs"]
}

fn alpha_values(a: &Alpha) -> checks::Check {
    match a.0.as_slice() {
        [] => Err("give one value, or one per target".into()),
        v if v.iter().any(|a| !(a.is_finite() && *a >= 0.0)) => Err("every penalty must be finite and >= 0".into()),
        _ => Ok(()),
    }
}

fn only_false(positive: &bool) -> checks::Check {
    if *positive {
        Err("positive coefficients need scikit-learn's lbfgs solver, not provided".into())
    } else {
        Ok(())
    }
}

estimator! {
    /// Linear least squares with l2 regularization, for one target or several.
    pub struct Ridge as "Ridge" {
        tags: Tags { supervised: true, regressor: true, sample_weight: true, multioutput: true, ..Tags::DEFAULT },
        implements: [FitSupervised, Predict, FitMapped],
        params: {
            /// Penalty strength: one value, or one per target.
            alpha: Alpha = Alpha(vec![1.0]), check alpha_values;
            /// Fit an intercept; otherwise the data are taken as centered.
            fit_intercept: bool = true;
            /// The solver (see [`RidgeSolver`]).
            solver: RidgeSolver = RidgeSolver::Auto;
            /// Only false: positive coefficients need an iterative solver.
            positive: bool = false, check only_false;
            /// Iteration limit of scikit-learn's iterative solvers; unused by the direct ones.
            max_iter: Option<usize> = None, check at_least_one_if_set;
            /// Tolerance of scikit-learn's iterative solvers; unused by the direct ones.
            tol: f64 = 1e-4, check non_negative;
        },
        fitted: RidgeFitted {
            /// (n_features,) for a 1-D target, (n_targets, n_features) for a 2-D one.
            coef_: Array,
            /// A 0-d array for a 1-D target, (n_targets,) for a 2-D one (zeros without fit_intercept).
            intercept_: Array,
            /// The solver the fit used ("auto" resolved; "svd" after a singular Cholesky).
            solver_: RidgeSolver,
            n_features_in_: usize,
        },
        state: {},
        check_loaded: loaded_ridge,
    }
}

/// A loaded Ridge: coef_ (p,) with a 0-d intercept_, or (t, p) with (t,) intercepts, one
/// penalty or one per target, and one dtype.
fn loaded_ridge(r: &Ridge, f: &RidgeFitted) -> checks::Check {
    let (coef, intercept) = (f.coef_.shape(), f.intercept_.shape());
    let targets = match (coef, intercept) {
        ([p], []) if *p == f.n_features_in_ => 1,
        ([t, p], [ti]) if *p == f.n_features_in_ && t == ti => *t,
        _ => {
            return Err(format!(
                "coef_ {coef:?} and intercept_ {intercept:?} do not fit n_features_in_ = {} \
                 ((p,) with (), or (t, p) with (t,))",
                f.n_features_in_
            ))
        }
    };
    if r.alpha.0.len() != 1 && r.alpha.0.len() != targets {
        return Err(format!("{} penalties for {targets} target(s)", r.alpha.0.len()));
    }
    if f.coef_.dtype() != f.intercept_.dtype() {
        return Err(format!("coef_ is {} but intercept_ is {}", f.coef_.dtype(), f.intercept_.dtype()));
    }
    Ok(())
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

/// Ridge coefficients (n_targets, p) from Cholesky factorizations of `lhs` + alpha I, one
/// per distinct penalty, for the right-hand sides `rhs` (one column per target).
async fn solve_regularized(lhs: &Array, rhs: Array, alphas: &[f64]) -> Result<Array> {
    // Readback: each side's finite check. Finite X whose squares overflow gives an infinite Gram
    // product, which one device's Cholesky refuses and another's solves into finite nonsense:
    // the same error everywhere instead (scikit-learn's solver raises on it too).
    for (side, what) in [(lhs, "the Gram product of the normal equations"), (&rhs, "X^T y")] {
        if ops::ensure_finite(side, what, "Ridge.fit").await.is_err() {
            return Err(Error::Overflow { op: "Ridge.fit", what, dtype: side.dtype(), why: "square and sum" });
        }
    }
    let solve = |a: f64, b: Array| async move {
        ops::solve_spd(&ops::add_diagonal(lhs, &ops::scalar_like(lhs, a)?)?, &b).await
    };
    if alphas.iter().all(|&a| a == alphas[0]) {
        return solve(alphas[0], rhs).await;
    }
    let mut cols = Vec::with_capacity(alphas.len());
    for (t, &a) in alphas.iter().enumerate() {
        cols.push(solve(a, rhs.slice_cols(t, t + 1)?).await?);
    }
    ops::concat(&cols.iter().collect::<Vec<_>>(), 1)
}

/// X mapped by `map`: ((X - offset) * scale), the copy that [`solve_cholesky`] avoids.
fn mapped(x: &Array, map: Option<&ColumnMap>) -> Result<Array> {
    let Some(m) = map else { return Ok(x.clone()) };
    let x = match &m.offset {
        Some(o) => ops::sub(x, o)?,
        None => x.clone(),
    };
    match &m.scale {
        Some(s) => ops::mul(&x, s),
        None => Ok(x),
    }
}

/// Ridge coefficients (n_targets, p) by Cholesky, as scikit-learn's _solve_cholesky (the
/// normal equations, n >= p) and _solve_cholesky_kernel (the kernel form, p > n), for the
/// data Z = X mapped by `map` (none: X). `x_mean` and `y_off` are the means that center
/// X and y (None: used as they are). The normal equations are formed from the centered
/// products ([`ops::centered_products`]), which center and scale X as they read it, so no
/// copy of X is made (neither centered nor mapped); the kernel form makes one.
async fn solve_cholesky(
    x: &Array,
    y: &Array,
    offsets: Option<(&Array, &Array)>,
    map: Option<&ColumnMap>,
    alphas: &[f64],
) -> Result<Array> {
    let (n, p) = (x.shape()[0], x.shape()[1]);
    if p > n {
        let z = mapped(x, map)?;
        let (zc, yc) = match offsets {
            Some((xo, yo)) => (ops::sub(&z, &mapped(xo, map)?)?, ops::sub(y, yo)?),
            None => (z, y.clone()),
        };
        let dual = solve_regularized(&ops::gemm(&zc, &zc, false, true)?, yc, alphas).await?;
        return ops::gemm(&dual, &zc, true, false);
    }
    // (Z - mean Z) = (X - mean X) * scale; without an intercept, Z = (X - offset) * scale.
    let center = match (offsets, map.and_then(|m| m.offset.as_ref())) {
        (Some((xo, _)), _) => ops::Centering::Mean(xo),
        (None, Some(o)) => ops::Centering::Mean(o),
        (None, None) => ops::Centering::None,
    };
    let scale = map.and_then(|m| m.scale.as_ref());
    let (gram, cross) = ops::centered_products(x, center, scale, Some((y, offsets.map(|(_, yo)| yo))))?;
    solve_regularized(&gram, cross.expect("asked for"), alphas).await?.t()
}

impl FitSupervised for Ridge {
    async fn fit_checked(&mut self, x: &Array, y: &Array, sample_weight: Option<&Array>) -> Result<()> {
        self.fit_on(x, y, sample_weight, None).await
    }
}

impl FitMapped for Ridge {
    /// The normal equations without sample weights: the Gram products take the map.
    fn fits_mapped(&self, x: &Array, sample_weight: Option<&Array>, _map: &ColumnMap) -> bool {
        let (n, p) = match x.shape() {
            [n, p] => (*n, *p),
            _ => return false,
        };
        sample_weight.is_none() && self.solver != RidgeSolver::Svd && n >= p
    }

    async fn fit_mapped(&mut self, x: &Array, y: &Array, map: &ColumnMap) -> Result<()> {
        crate::estimator::Estimator::check_params(self)?;
        self.fit_on(x, y, None, Some(map)).await
    }

    /// Without an offset: X (scale w) is one pass over X, and rounds as (X scale) w does. An
    /// offset would be subtracted after the product (offset scale w), which cancels digits
    /// that scikit-learn's order keeps, so such maps are applied to X first.
    fn predicts_mapped(&self, map: &ColumnMap) -> bool {
        map.offset.is_none()
    }

    async fn predict_mapped(&self, x: &Array, map: &ColumnMap) -> Result<Array> {
        const OP: &str = "Ridge.predict";
        let f = self.state(OP)?;
        let Some(scale) = &map.scale else { return self.predict(x).await };
        // coef_ scaled column by column: the coefficients of X itself.
        let coef = ops::mul(&f.coef_, scale)?;
        let input = ProductInput::new(x, f.coef_.device(), f.n_features_in_, f.coef_.dtype(), "Ridge", OP)?;
        let out = if coef.ndim() == 1 {
            ops::add(&ops::matvec(&input.x, &coef)?, &f.intercept_)?
        } else {
            ops::add(&ops::gemm(&input.x, &coef, false, true)?, &f.intercept_)?
        };
        input.finish(out).await
    }
}

impl Ridge {
    /// Fits on X, or on X mapped by `map` (a scaler before it in a pipeline).
    async fn fit_on(
        &mut self,
        x: &Array,
        y: &Array,
        sample_weight: Option<&Array>,
        map: Option<&ColumnMap>,
    ) -> Result<()> {
        const OP: &str = "Ridge.fit";
        let input = ProductInput::fit(x, OP)?;
        let x = if self.fit_intercept { input.x.clone() } else { check_2d(x, OP).await? };
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
        let (x_off, y_off) = match (self.fit_intercept, &sw) {
            (false, _) => (None, None),
            (true, Some(w)) => {
                let wsum = ops::sum(w, None, false)?;
                let w = w.reshape(&[-1, 1])?;
                let avg =
                    |a: &Array| -> Result<Array> { ops::div(&ops::sum(&ops::mul(a, &w)?, Some(0), false)?, &wsum) };
                (Some(avg(&x)?), Some(avg(&y)?))
            }
            (true, None) => (Some(ops::mean(&x, Some(0), false)?), Some(ops::mean(&y, Some(0), false)?)),
        };
        // With an intercept, X's (weighted) mean read every value of X: it is X's finite
        // check (without one, check_2d ran it).
        let x_off = match x_off {
            Some(m) => Some(input.finish(m).await?),
            None => None,
        };
        // The mean of the data fitted on (X mapped, where there is a map).
        let z_off = x_off.as_ref().map(|m| mapped(m, map)).transpose()?;
        // The centered (and, with weights, row-scaled) data, for the solvers that need it.
        let centered = || -> Result<(Array, Array)> {
            let z = mapped(&x, map)?;
            let (mut xc, mut yc) = match (&z_off, &y_off) {
                (Some(zo), Some(yo)) => (ops::sub(&z, zo)?, ops::sub(&y, yo)?),
                _ => (z, y.clone()),
            };
            if let Some(w) = &sw {
                // Weighted least squares is plain least squares on rows scaled by sqrt(weight).
                let s = ops::sqrt(w)?.reshape(&[-1, 1])?;
                xc = ops::mul(&xc, &s)?;
                yc = ops::mul(&yc, &s)?;
            }
            Ok((xc, yc))
        };
        let alpha = Array::from_vec(x.device(), alphas.clone(), &[t])?;
        let alpha = ops::astype(&alpha, x.dtype())?;
        let mut solver = if self.solver == RidgeSolver::Svd { RidgeSolver::Svd } else { RidgeSolver::Cholesky };
        let coef = if solver == RidgeSolver::Cholesky {
            let attempt = match (&sw, &x_off, &y_off) {
                (None, Some(xo), Some(yo)) => solve_cholesky(&x, &y, Some((xo, yo)), map, &alphas).await,
                (None, _, _) => solve_cholesky(&x, &y, None, map, &alphas).await,
                (Some(_), _, _) => {
                    let (xc, yc) = centered()?;
                    solve_cholesky(&xc, &yc, None, None, &alphas).await
                }
            };
            // A singular system (alpha = 0 on collinear data): the SVD solution, as scikit-learn
            // falls back to. float64 without native f64 has f32's exponent range: squares that
            // overflow there fit float64, and the SVD, which scales the data first, solves them
            // as the CPU does; a true float64 overflow stays an error, as in scikit-learn.
            let short_range = x.dtype() == DType::F64 && x.device().info().float64 != Float64::Native;
            let fall_back = match &attempt {
                Err(Error::NotPositiveDefinite { .. }) => true,
                Err(Error::Overflow { .. }) => short_range,
                _ => false,
            };
            if fall_back {
                solver = RidgeSolver::Svd;
                let (xc, yc) = centered()?;
                solve_svd(&xc, &yc, &alpha).await?
            } else {
                attempt?
            }
        } else {
            let (xc, yc) = centered()?;
            solve_svd(&xc, &yc, &alpha).await?
        };
        let intercept = match (z_off, y_off) {
            (Some(zo), Some(yo)) => ops::sub(&yo, &ops::matvec(&coef, &zo)?)?,
            _ => Array::zeros(x.device(), &[t], x.dtype())?,
        };
        debug_assert_eq!(coef.shape(), [t, p]);
        let (coef_, intercept_) =
            if multi_target { (coef, intercept) } else { (coef.reshape(&[-1])?, intercept.reshape(&[])?) };
        self.fitted = Some(RidgeFitted { coef_, intercept_, solver_: solver, n_features_in_: p });
        Ok(())
    }
}

impl Ridge {
    /// The dtype of the fitted model.
    pub fn dtype(&self) -> Result<DType> {
        Ok(self.state("dtype")?.coef_.dtype())
    }
}

impl Predict for Ridge {
    async fn predict(&self, x: &Array) -> Result<Array> {
        const OP: &str = "Ridge.predict";
        let f = self.state(OP)?;
        let input = ProductInput::new(x, f.coef_.device(), f.n_features_in_, f.coef_.dtype(), "Ridge", OP)?;
        let out = if f.coef_.ndim() == 1 {
            ops::add(&ops::matvec(&input.x, &f.coef_)?, &f.intercept_)?
        } else {
            ops::add(&ops::gemm(&input.x, &f.coef_, false, true)?, &f.intercept_)?
        };
        input.finish(out).await
    }
}
