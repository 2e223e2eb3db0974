//! PCA with scikit-learn's solvers: full SVD, the eigendecomposition of the covariance, and
//! randomized SVD with QR power iterations.

use super::pca_math::infer_dimension;
use crate::array::Array;
use crate::device::Device;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::{
    check_2d, check_fitted_input, estimator_impl, fitted, hyperparameters, Fit, FittedState, InverseTransform, Param,
    ParamValue, Transform,
};
use crate::ops::{self, Philox};
use serde::{Deserialize, Serialize};

/// How many components to keep (scikit-learn's `n_components`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum NComponents {
    /// min(n_samples, n_features) (scikit-learn's None).
    All,
    Count(usize),
    /// As many as explain more than this fraction of the variance, in (0, 1).
    Fraction(f64),
    /// A name: "mle" for Minka's estimate; any other is refused at fit.
    Named(String),
}

impl From<usize> for NComponents {
    fn from(k: usize) -> Self {
        NComponents::Count(k)
    }
}
impl From<f64> for NComponents {
    fn from(f: f64) -> Self {
        NComponents::Fraction(f)
    }
}
impl From<&str> for NComponents {
    fn from(s: &str) -> Self {
        NComponents::Named(s.into())
    }
}
impl From<Option<usize>> for NComponents {
    fn from(k: Option<usize>) -> Self {
        k.map_or(NComponents::All, NComponents::Count)
    }
}

impl Param for NComponents {
    fn to_value(&self) -> ParamValue {
        match self {
            NComponents::All => ParamValue::None,
            NComponents::Count(k) => ParamValue::Int(*k as i64),
            NComponents::Fraction(f) => ParamValue::Float(*f),
            NComponents::Named(s) => ParamValue::Str(s.clone()),
        }
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::None => Ok(NComponents::All),
            ParamValue::Int(k) if k >= 0 => Ok(NComponents::Count(k as usize)),
            ParamValue::Float(f) => Ok(NComponents::Fraction(f)),
            ParamValue::Str(s) => Ok(NComponents::Named(s)),
            v => Err(Error::InvalidParameter {
                name,
                value: format!("{v:?}"),
                reason: "expected None, a non-negative integer, a fraction in (0, 1) or \"mle\"".into(),
            }),
        }
    }
}

/// Principal component analysis.
#[derive(Clone, Serialize, Deserialize)]
pub struct Pca {
    n_components: NComponents,
    whiten: bool,
    svd_solver: String,
    tol: f64,
    iterated_power: Option<usize>,
    n_oversamples: usize,
    power_iteration_normalizer: String,
    random_state: Option<u64>,
    #[serde(default)]
    fitted: Option<PcaFitted>,
}

#[derive(Clone, Serialize, Deserialize)]
struct PcaFitted {
    components: Array,
    explained_variance: Array,
    explained_variance_ratio: Array,
    singular_values: Array,
    mean: Array,
    n_components: usize,
    noise_variance: f64,
    n_samples: usize,
    svd_solver: String,
}

hyperparameters!(Pca {
    /// Components to keep: a count, a variance fraction, "mle", or `NComponents::All` (default).
    n_components: NComponents,
    /// Scale the projections to unit variance (default false).
    whiten: bool,
    /// "auto" (default), "full", "covariance_eigh" or "randomized".
    svd_solver: String,
    /// Tolerance of scikit-learn's arpack solver; checked (>= 0) but unused by these solvers.
    tol: f64,
    /// Power iterations of the randomized solver; None is scikit-learn's "auto".
    iterated_power: Option<usize>,
    /// Extra random vectors of the randomized solver (default 10).
    n_oversamples: usize,
    /// "auto" or "QR" (both QR), or "none".
    power_iteration_normalizer: String,
    /// Seed of the Philox stream of the randomized solver (None: seed 0).
    random_state: Option<u64>,
});
estimator_impl!(Pca, "PCA");

impl Default for Pca {
    fn default() -> Self {
        Pca {
            n_components: NComponents::All,
            whiten: false,
            svd_solver: "auto".into(),
            tol: 0.0,
            iterated_power: None,
            n_oversamples: 10,
            power_iteration_normalizer: "auto".into(),
            random_state: None,
            fitted: None,
        }
    }
}

impl FittedState for PcaFitted {
    fn device(&self) -> Device {
        self.mean.device().clone()
    }
    async fn to_device(&self, d: &Device) -> Result<Self> {
        Ok(PcaFitted {
            components: self.components.to_device(d).await?,
            explained_variance: self.explained_variance.to_device(d).await?,
            explained_variance_ratio: self.explained_variance_ratio.to_device(d).await?,
            singular_values: self.singular_values.to_device(d).await?,
            mean: self.mean.to_device(d).await?,
            svd_solver: self.svd_solver.clone(),
            ..*self
        })
    }
}

/// The full spectrum of a fit before truncation: components (rows), singular values,
/// explained variances, and the total variance.
struct Spectrum {
    vt: Array,
    s: Array,
    ev: Array,
    total_var: Array,
}

impl Pca {
    pub fn new() -> Self {
        Self::default()
    }

    fn validate(&self) -> Result<()> {
        if !matches!(self.svd_solver.as_str(), "auto" | "full" | "covariance_eigh" | "randomized") {
            return Err(Error::invalid_parameter(
                "svd_solver",
                &self.svd_solver,
                "must be \"auto\", \"full\", \"covariance_eigh\" or \"randomized\" (arpack is not provided)",
            ));
        }
        if !matches!(self.power_iteration_normalizer.as_str(), "auto" | "QR" | "none") {
            return Err(Error::invalid_parameter(
                "power_iteration_normalizer",
                &self.power_iteration_normalizer,
                "must be \"auto\", \"QR\" or \"none\"",
            ));
        }
        if self.tol.is_nan() || self.tol < 0.0 {
            return Err(Error::invalid_parameter("tol", self.tol, "must be >= 0"));
        }
        match &self.n_components {
            NComponents::Fraction(f) if !(*f > 0.0 && *f < 1.0) => {
                Err(Error::invalid_parameter("n_components", f, "a float must lie strictly between 0 and 1"))
            }
            NComponents::Named(s) if s != "mle" => {
                Err(Error::invalid_parameter("n_components", s, "the only name allowed is \"mle\""))
            }
            _ => Ok(()),
        }
    }

    /// scikit-learn's choice for "auto".
    fn solver(&self, n: usize, p: usize) -> &'static str {
        match self.svd_solver.as_str() {
            "full" => "full",
            "covariance_eigh" => "covariance_eigh",
            "randomized" => "randomized",
            _ if p <= 1000 && n >= 10 * p => "covariance_eigh",
            _ if n.max(p) <= 500 || self.n_components == NComponents::Named("mle".into()) => "full",
            _ => match self.n_components {
                NComponents::Count(k) if k >= 1 && (k as f64) < 0.8 * n.min(p) as f64 => "randomized",
                _ => "full",
            },
        }
    }

    async fn full_spectrum(x: &Array, mean: &Array, solver: &str) -> Result<Spectrum> {
        let n = x.shape()[0];
        let dof = (n as f64 - 1.0).max(0.0);
        let (vt, s, ev) = if solver == "full" {
            let xc = ops::sub(x, mean)?;
            let (u, s, vt) = ops::svd(&xc).await?;
            let (_, vt) = ops::svd_flip(&u, &vt, false).await?;
            let ev = ops::div_scalar(&ops::square(&s)?, dof)?;
            (vt, s, ev)
        } else {
            // The covariance from X^T X: one pass over the data, then a p x p eigenproblem.
            let xtx = ops::gemm(x, x, true, false)?;
            let c = ops::sub(&xtx, &ops::mul_scalar(&ops::outer(mean, mean)?, n as f64)?)?;
            let c = ops::div_scalar(&c, dof)?;
            let (w, v) = ops::eigh(&c).await?;
            let w = ops::flip(&w, 0).await?;
            let v = ops::flip(&v, 1).await?;
            let ev = ops::maximum(&w, &ops::scalar_like(&w, 0.0)?)?;
            let s = ops::sqrt(&ops::mul_scalar(&ev, dof)?)?;
            let vt = v.t()?;
            let (_, vt) = ops::svd_flip(&v, &vt, false).await?;
            (vt, s, ev)
        };
        let total_var = ops::sum(&ev, None, false)?;
        Ok(Spectrum { vt, s, ev, total_var })
    }

    /// Randomized SVD (Halko et al.) of the centered data, as scikit-learn's randomized_svd
    /// with the QR normalizer; the random matrix comes from the Philox stream.
    async fn randomized_spectrum(&self, x: &Array, mean: &Array, k: usize) -> Result<Spectrum> {
        let (n, p) = (x.shape()[0], x.shape()[1]);
        let dof = (n as f64 - 1.0).max(0.0);
        let xc = ops::sub(x, mean)?;
        // More random vectors than min(n, p) add nothing but rank deficiency.
        let size = (k + self.n_oversamples).min(n.min(p));
        let n_iter = self.iterated_power.unwrap_or(if (k as f64) < 0.1 * n.min(p) as f64 { 7 } else { 4 });
        let mut rng = Philox::new(self.random_state.unwrap_or(0));
        let mut q = rng.normal(x.device(), &[p, size], 0.0, 1.0, x.dtype())?;
        let qr = self.power_iteration_normalizer != "none";
        for _ in 0..n_iter {
            q = ops::matmul(&xc, &q)?;
            if qr {
                q = ops::qr(&q).await?.0;
            }
            q = ops::gemm(&xc, &q, true, false)?;
            if qr {
                q = ops::qr(&q).await?.0;
            }
        }
        let q = ops::qr(&ops::matmul(&xc, &q)?).await?.0;
        let b = ops::gemm(&q, &xc, true, false)?;
        let (u_hat, s, vt) = ops::svd(&b).await?;
        let u = ops::matmul(&q, &u_hat)?;
        let (_, vt) = ops::svd_flip(&u, &vt, false).await?;
        let ev = ops::div_scalar(&ops::square(&s)?, dof)?;
        let total_var = ops::div_scalar(&ops::sum(&ops::square(&xc)?, None, false)?, dof)?;
        Ok(Spectrum { vt, s, ev, total_var })
    }

    fn state(&self, method: &'static str) -> Result<&PcaFitted> {
        fitted(&self.fitted, "PCA", method)
    }

    /// Principal axes, (n_components_, n_features), by decreasing explained variance.
    pub fn components(&self) -> Result<&Array> {
        Ok(&self.state("components_")?.components)
    }
    pub fn explained_variance(&self) -> Result<&Array> {
        Ok(&self.state("explained_variance_")?.explained_variance)
    }
    pub fn explained_variance_ratio(&self) -> Result<&Array> {
        Ok(&self.state("explained_variance_ratio_")?.explained_variance_ratio)
    }
    pub fn singular_values(&self) -> Result<&Array> {
        Ok(&self.state("singular_values_")?.singular_values)
    }
    pub fn mean(&self) -> Result<&Array> {
        Ok(&self.state("mean_")?.mean)
    }
    /// The number of components kept (`n_components_`; the hyperparameter is `n_components`).
    pub fn n_components_(&self) -> Result<usize> {
        Ok(self.state("n_components_")?.n_components)
    }
    /// The noise variance of the probabilistic PCA model.
    pub fn noise_variance(&self) -> Result<f64> {
        Ok(self.state("noise_variance_")?.noise_variance)
    }
    pub fn n_samples(&self) -> Result<usize> {
        Ok(self.state("n_samples_")?.n_samples)
    }
    pub fn n_features_in(&self) -> Result<usize> {
        Ok(self.state("n_features_in_")?.mean.len())
    }
    /// The solver the fit used ("auto" resolved).
    pub fn fit_svd_solver(&self) -> Result<&str> {
        Ok(&self.state("_fit_svd_solver")?.svd_solver)
    }

    async fn input(&self, x: &Array, width: Option<usize>, op: &'static str) -> Result<(Array, &PcaFitted)> {
        let f = self.state(op)?;
        let w = width.unwrap_or(f.mean.len());
        Ok((check_fitted_input(x, &f.device(), w, f.mean.dtype(), "PCA", op).await?, f))
    }

    /// Components scaled by sqrt(explained variance) when whitening, as the generative model
    /// sees them.
    fn model_components(&self, f: &PcaFitted) -> Result<Array> {
        if self.whiten {
            ops::mul(&f.components, &ops::sqrt(&f.explained_variance)?.reshape(&[-1, 1])?)
        } else {
            Ok(f.components.clone())
        }
    }

    /// Explained variance above the noise, 0 where not above it.
    fn variance_above_noise(f: &PcaFitted) -> Result<Array> {
        let noise = ops::scalar_like(&f.explained_variance, f.noise_variance)?;
        let diff = ops::sub(&f.explained_variance, &noise)?;
        ops::where_(&ops::greater(&f.explained_variance, &noise)?, &diff, &ops::scalar_like(&diff, 0.0)?)
    }

    /// The data covariance of the generative model:
    /// components^T diag(ev - noise) components + noise I.
    pub async fn get_covariance(&self) -> Result<Array> {
        let f = self.state("get_covariance")?;
        let c = self.model_components(f)?;
        let diff = Self::variance_above_noise(f)?;
        let cov = ops::gemm(&ops::mul(&c, &diff.reshape(&[-1, 1])?)?, &c, true, false)?;
        ops::add_diagonal(&cov, &ops::scalar_like(&cov, f.noise_variance)?)
    }

    /// The inverse of [`Pca::get_covariance`], by the matrix inversion lemma.
    pub async fn get_precision(&self) -> Result<Array> {
        let f = self.state("get_precision")?;
        let p = f.mean.len();
        let dev = f.mean.device();
        let eye = |n| Array::eye(dev, n, None, 0, f.mean.dtype());
        if f.n_components == 0 {
            return ops::div_scalar(&eye(p)?, f.noise_variance);
        }
        if f.noise_variance == 0.0 {
            return ops::solve_spd(&self.get_covariance().await?, &eye(p)?).await;
        }
        let c = self.model_components(f)?;
        let nv = f.noise_variance;
        let inner = ops::div_scalar(&ops::gemm(&c, &c, false, true)?, nv)?;
        let inner = ops::add_diagonal(&inner, &ops::reciprocal(&Self::variance_above_noise(f)?)?)?;
        let inv = ops::solve_spd(&inner, &eye(f.n_components)?).await?;
        let prec = ops::matmul(&ops::gemm(&c, &inv, true, false)?, &c)?;
        let prec = ops::div_scalar(&prec, -(nv * nv))?;
        ops::add_diagonal(&prec, &ops::scalar_like(&prec, 1.0 / nv)?)
    }

    /// Log-likelihood of each sample under the probabilistic PCA model.
    pub async fn score_samples(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, None, "PCA.score_samples").await?;
        let p = f.mean.len() as f64;
        let precision = self.get_precision().await?;
        let xr = ops::sub(&x, &f.mean)?;
        let quad = ops::sum(&ops::mul(&xr, &ops::matmul(&xr, &precision)?)?, Some(1), false)?;
        let logdet = log_det_spd(&precision).await?;
        let constant = -0.5 * (p * (2.0 * std::f64::consts::PI).ln() - logdet);
        ops::add_scalar(&ops::mul_scalar(&quad, -0.5)?, constant)
    }

    /// Mean log-likelihood of the samples.
    /// Readback: the mean.
    pub async fn score(&self, x: &Array) -> Result<f64> {
        let ll = self.score_samples(x).await?;
        Ok(ops::mean(&ll, None, false)?.to_vec::<f64>().await?[0])
    }
}

/// log det of a symmetric matrix through its Cholesky factor; -inf when it is not positive
/// definite (scikit-learn's fast_logdet gives -inf for a non-positive determinant).
/// Readback: the log-determinant.
async fn log_det_spd(a: &Array) -> Result<f64> {
    match ops::cholesky(a).await {
        Ok(l) => {
            let s = ops::sum(&ops::log(&ops::diagonal(&l)?)?, None, false)?;
            Ok(2.0 * s.to_vec::<f64>().await?[0])
        }
        Err(Error::NotPositiveDefinite { .. }) => Ok(f64::NEG_INFINITY),
        Err(e) => Err(e),
    }
}

impl Fit for Pca {
    async fn fit(&mut self, x: &Array) -> Result<()> {
        const OP: &str = "PCA.fit";
        self.validate()?;
        let x = check_2d(x, OP).await?;
        let (n, p) = (x.shape()[0], x.shape()[1]);
        let min_np = n.min(p);
        let solver = self.solver(n, p);
        let mean = ops::mean(&x, Some(0), false)?;
        let mle = self.n_components == NComponents::Named("mle".into());
        if solver == "randomized" {
            let k = match self.n_components {
                NComponents::Count(k) if (1..=min_np).contains(&k) => k,
                NComponents::All => min_np,
                ref other => {
                    return Err(Error::invalid_parameter(
                        "n_components",
                        format!("{other:?}"),
                        format!("must be an integer between 1 and min(n_samples, n_features)={min_np} with svd_solver='randomized'"),
                    ))
                }
            };
            // A range basis whose columns are dependent (data of rank below the number of
            // random vectors) has no CholeskyQR2 factorization on GPUs; the exact solver then
            // gives what the randomized one approximates.
            let spectrum = match self.randomized_spectrum(&x, &mean, k).await {
                Err(Error::NotPositiveDefinite { op: "qr", .. }) => Self::full_spectrum(&x, &mean, "full").await?,
                r => r?,
            };
            // Readback: the explained variances and the total, for the noise variance.
            let ev = spectrum.ev.slice_axis(0, 0, k)?;
            let ev_sum: f64 = ev.to_vec::<f64>().await?.iter().sum();
            let total = spectrum.total_var.to_vec::<f64>().await?[0];
            let noise = if k < min_np { (total - ev_sum) / (min_np - k) as f64 } else { 0.0 };
            self.fitted = Some(PcaFitted {
                components: spectrum.vt.slice_rows(0, k)?,
                explained_variance_ratio: ops::div(&ev, &spectrum.total_var)?,
                explained_variance: ev,
                singular_values: spectrum.s.slice_axis(0, 0, k)?,
                mean,
                n_components: k,
                noise_variance: noise,
                n_samples: n,
                svd_solver: solver.into(),
            });
            return Ok(());
        }
        if mle && n < p {
            return Err(Error::invalid_parameter(
                "n_components",
                "mle",
                "\"mle\" is only supported if n_samples >= n_features",
            ));
        }
        if let NComponents::Count(k) = self.n_components {
            if k > min_np {
                return Err(Error::invalid_parameter(
                    "n_components",
                    k,
                    format!("must be between 0 and min(n_samples, n_features)={min_np} with svd_solver='{solver}'"),
                ));
            }
        }
        let spectrum = Self::full_spectrum(&x, &mean, solver).await?;
        let ratio = ops::div(&spectrum.ev, &spectrum.total_var)?;
        // Readback: the spectrum (min(n, p) values), to choose the number of components
        // and the noise variance, host decisions on a data-dependent shape.
        let ev_host = spectrum.ev.to_vec::<f64>().await?;
        let k = match &self.n_components {
            NComponents::All => min_np,
            NComponents::Count(k) => *k,
            NComponents::Named(_) => infer_dimension(&ev_host, n),
            NComponents::Fraction(f) => {
                let total: f64 = ev_host.iter().sum();
                // As searchsorted(cumsum(ratio), f, side="right") + 1.
                let mut cum = 0.0;
                let mut passed = 0;
                for v in &ev_host {
                    cum += v / total;
                    if cum <= *f {
                        passed += 1;
                    }
                }
                (passed + 1).min(ev_host.len())
            }
        };
        let tail = &ev_host[k.min(ev_host.len())..];
        let noise = if k < min_np && !tail.is_empty() { tail.iter().sum::<f64>() / tail.len() as f64 } else { 0.0 };
        self.fitted = Some(PcaFitted {
            components: spectrum.vt.slice_rows(0, k)?,
            explained_variance: spectrum.ev.slice_axis(0, 0, k)?,
            explained_variance_ratio: ratio.slice_axis(0, 0, k)?,
            singular_values: spectrum.s.slice_axis(0, 0, k)?,
            mean,
            n_components: k,
            noise_variance: noise,
            n_samples: n,
            svd_solver: solver.into(),
        });
        Ok(())
    }
}

impl Transform for Pca {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (x, f) = self.input(x, None, "PCA.transform").await?;
        // scikit-learn's order: X C^T - mean C^T, so X is read once and never copied.
        let out = ops::gemm(&x, &f.components, false, true)?;
        let out = ops::sub(&out, &ops::gemm(&f.mean.reshape(&[1, -1])?, &f.components, false, true)?)?;
        if !self.whiten {
            return Ok(out);
        }
        let scale = ops::sqrt(&f.explained_variance)?;
        let scale = ops::maximum(&scale, &ops::scalar_like(&scale, scale.dtype().eps())?)?;
        ops::div(&out, &scale)
    }
}

impl InverseTransform for Pca {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let f = self.state("PCA.inverse_transform")?;
        let (x, f) = self.input(x, Some(f.n_components), "PCA.inverse_transform").await?;
        ops::add(&ops::matmul(&x, &self.model_components(f)?)?, &f.mean)
    }
}

impl Pca {
    /// The dtype of the fitted model.
    pub fn dtype(&self) -> Result<DType> {
        Ok(self.state("dtype")?.mean.dtype())
    }
}
