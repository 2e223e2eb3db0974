//! PCA with scikit-learn's solvers: full SVD, the eigendecomposition of the covariance, and
//! randomized SVD with QR power iterations.

use super::pca_math::infer_dimension;
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::checks::{self, non_negative};
use crate::estimator::{estimator, options, Fit, InverseTransform, Param, ParamValue, ScoreSamples, Tags, Transform};
use crate::ops::{self, Philox};
use crate::validation::{check_fitted_input, ProductInput};
use serde::{Deserialize, Serialize};

/// How many components to keep (scikit-learn's `n_components`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum NComponents {
    /// min(n_samples, n_features) (scikit-learn's None).
    All,
    Count(usize),
    /// As many as explain more than this fraction of the variance, in (0, 1).
    Fraction(f64),
    /// Minka's estimate ("mle").
    Mle,
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
            NComponents::Mle => ParamValue::Str("mle".into()),
        }
    }
    fn from_value(name: &'static str, value: ParamValue) -> Result<Self> {
        match value {
            ParamValue::None => Ok(NComponents::All),
            ParamValue::Int(k) if k >= 0 => Ok(NComponents::Count(k as usize)),
            ParamValue::Float(f) => Ok(NComponents::Fraction(f)),
            ParamValue::Str(s) if s == "mle" => Ok(NComponents::Mle),
            v => Err(Error::InvalidParameter {
                name,
                value: v.to_string(),
                reason: "expected None, a non-negative integer, a fraction in (0, 1) or 'mle'".into(),
            }),
        }
    }
}

fn fraction_in_unit_interval(n: &NComponents) -> checks::Check {
    match n {
        NComponents::Fraction(f) if !(*f > 0.0 && *f < 1.0) => Err("a float must lie strictly between 0 and 1".into()),
        _ => Ok(()),
    }
}

options! {
    /// How PCA computes its spectrum.
    pub enum SvdSolver {
        /// scikit-learn's choice by the data's shape and n_components.
        Auto = "auto",
        /// The SVD of the centered data.
        Full = "full",
        /// The eigendecomposition of the covariance: one pass over the data.
        CovarianceEigh = "covariance_eigh",
        /// Halko's randomized SVD.
        Randomized = "randomized",
    }
    not_provided: ["arpack"]
}

options! {
    /// How the randomized solver keeps its power iterations well conditioned.
    pub enum PowerIterationNormalizer {
        /// QR (scikit-learn's "auto" picks LU past 2 iterations; QR is as accurate).
        Auto = "auto",
        Qr = "QR",
        /// No normalization (fast, loses accuracy with many iterations).
        None = "none",
    }
    not_provided: ["LU"]
}

estimator! {
    /// Principal component analysis.
    pub struct Pca as "PCA" {
        tags: Tags { transformer: true, ..Tags::DEFAULT },
        implements: [Fit, Transform, InverseTransform, ScoreSamples],
        params: {
            /// Components to keep: a count, a variance fraction, Mle, or All.
            n_components: NComponents = NComponents::All, check fraction_in_unit_interval;
            /// Scale the projections to unit variance.
            whiten: bool = false;
            /// The solver (see [`SvdSolver`]).
            svd_solver: SvdSolver = SvdSolver::Auto;
            /// Tolerance of scikit-learn's arpack solver; unused by these solvers.
            tol: f64 = 0.0, check non_negative;
            /// Power iterations of the randomized solver; None is scikit-learn's "auto".
            iterated_power: Option<usize> = None;
            /// Extra random vectors of the randomized solver.
            n_oversamples: usize = 10;
            /// See [`PowerIterationNormalizer`].
            power_iteration_normalizer: PowerIterationNormalizer = PowerIterationNormalizer::Auto;
            /// Seed of the Philox stream of the randomized solver (None: seed 0).
            random_state: Option<u64> = None;
        },
        fitted: PcaFitted {
            /// Principal axes, (n_components_, n_features), by decreasing explained variance.
            components_: Array [n_components_, n_features_in_],
            explained_variance_: Array [n_components_],
            explained_variance_ratio_: Array [n_components_],
            singular_values_: Array [n_components_],
            mean_: Array [n_features_in_],
            /// The number of components kept.
            n_components_: usize,
            /// The noise variance of the probabilistic PCA model.
            noise_variance_: f64,
            n_samples_: usize,
            n_features_in_: usize,
            /// The solver the fit used ("auto" resolved).
            _fit_svd_solver: SvdSolver,
        },
        state: {},
        check_loaded: loaded_pca,
    }
}

/// A loaded PCA: no more components than min(n_samples_, n_features_in_), as many as a count
/// asked for.
fn loaded_pca(m: &Pca, f: &PcaFitted) -> crate::estimator::checks::Check {
    let most = f.n_samples_.min(f.n_features_in_);
    if f.n_components_ > most {
        return Err(format!("n_components_ = {} exceeds min(n_samples_, n_features_in_) = {most}", f.n_components_));
    }
    if let NComponents::Count(k) = m.n_components {
        if k != f.n_components_ {
            return Err(format!("n_components = {k} but n_components_ = {}", f.n_components_));
        }
    }
    Ok(())
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
    /// scikit-learn's choice for "auto".
    fn solver(&self, n: usize, p: usize) -> SvdSolver {
        match self.svd_solver {
            SvdSolver::Auto if p <= 1000 && n >= 10 * p => SvdSolver::CovarianceEigh,
            SvdSolver::Auto if n.max(p) <= 500 || self.n_components == NComponents::Mle => SvdSolver::Full,
            SvdSolver::Auto => match self.n_components {
                NComponents::Count(k) if k >= 1 && (k as f64) < 0.8 * n.min(p) as f64 => SvdSolver::Randomized,
                _ => SvdSolver::Full,
            },
            chosen => chosen,
        }
    }

    async fn full_spectrum(x: &Array, mean: &Array, solver: SvdSolver) -> Result<Spectrum> {
        let n = x.shape()[0];
        let dof = (n as f64 - 1.0).max(0.0);
        let (vt, s, ev) = if solver == SvdSolver::Full {
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
        let qr = self.power_iteration_normalizer != PowerIterationNormalizer::None;
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

    async fn input(&self, x: &Array, width: Option<usize>, op: &'static str) -> Result<(Array, &PcaFitted)> {
        let f = self.state(op)?;
        let w = width.unwrap_or(f.n_features_in_);
        Ok((check_fitted_input(x, f.mean_.device(), w, f.mean_.dtype(), "PCA", op).await?, f))
    }

    /// Components scaled by sqrt(explained variance) when whitening, as the generative model
    /// sees them.
    fn model_components(&self, f: &PcaFitted) -> Result<Array> {
        if self.whiten {
            ops::mul(&f.components_, &ops::sqrt(&f.explained_variance_)?.reshape(&[-1, 1])?)
        } else {
            Ok(f.components_.clone())
        }
    }

    /// Explained variance above the noise, 0 where not above it.
    fn variance_above_noise(f: &PcaFitted) -> Result<Array> {
        let noise = ops::scalar_like(&f.explained_variance_, f.noise_variance_)?;
        let diff = ops::sub(&f.explained_variance_, &noise)?;
        ops::where_(&ops::greater(&f.explained_variance_, &noise)?, &diff, &ops::scalar_like(&diff, 0.0)?)
    }

    /// The data covariance of the generative model:
    /// components^T diag(ev - noise) components + noise I.
    pub async fn get_covariance(&self) -> Result<Array> {
        let f = self.state("get_covariance")?;
        let c = self.model_components(f)?;
        let diff = Self::variance_above_noise(f)?;
        let cov = ops::gemm(&ops::mul(&c, &diff.reshape(&[-1, 1])?)?, &c, true, false)?;
        ops::add_diagonal(&cov, &ops::scalar_like(&cov, f.noise_variance_)?)
    }

    /// The spectrum of [`Pca::get_covariance`] in the basis of `components_` (orthonormal
    /// rows): d_i + noise along component i and the noise across the other p - k directions,
    /// with d the variance above the noise (times the explained variance when whitened, as
    /// scikit-learn's get_covariance scales the components). With zero noise the covariance is
    /// singular unless every direction is a component whose d is above rounding level
    /// (p eps max d): `Error::NotPositiveDefinite` then, naming the first such component. The
    /// decision is made on the host from the same k values on every device.
    /// Readback: d, when the noise variance is zero.
    async fn spectrum(&self, f: &PcaFitted, op: &'static str) -> Result<Array> {
        let diff = Self::variance_above_noise(f)?;
        let d = if self.whiten { ops::mul(&diff, &f.explained_variance_)? } else { diff };
        if f.noise_variance_ == 0.0 {
            let (k, p) = (f.n_components_, f.n_features_in_);
            let host = if k > 0 { d.to_vec::<f64>().await? } else { Vec::new() };
            let tol = p as f64 * d.precision().eps * host.iter().fold(0.0f64, |m, &v| m.max(v));
            if let Some(pivot) = host.iter().position(|&v| v <= tol).or((k < p).then_some(k)) {
                return Err(Error::NotPositiveDefinite { op, pivot });
            }
        }
        Ok(d)
    }

    /// The inverse of [`Pca::get_covariance`]: C^T diag(1 / (d + noise) - 1 / noise) C +
    /// I / noise from its spectrum (scikit-learn's matrix inversion lemma, solved in closed
    /// form because the components are orthonormal), C^T diag(1 / d) C with zero noise.
    pub async fn get_precision(&self) -> Result<Array> {
        let f = self.state("get_precision")?;
        Ok(self.precision(f, "PCA.get_precision").await?.0)
    }

    /// The precision and the spectrum d it is built from.
    async fn precision(&self, f: &PcaFitted, op: &'static str) -> Result<(Array, Array)> {
        let d = self.spectrum(f, op).await?;
        let nv = f.noise_variance_;
        let mut scale = ops::reciprocal(&ops::add_scalar(&d, nv)?)?;
        if nv > 0.0 {
            scale = ops::add_scalar(&scale, -1.0 / nv)?;
        }
        let c = &f.components_;
        let precision = ops::gemm(&ops::mul(c, &scale.reshape(&[-1, 1])?)?, c, true, false)?;
        if nv > 0.0 {
            let precision = ops::add_diagonal(&precision, &ops::scalar_like(&precision, 1.0 / nv)?)?;
            return Ok((precision, d));
        }
        Ok((precision, d))
    }

    /// log det of [`Pca::get_precision`], from the spectrum: -(sum log(d + noise) + (p - k)
    /// log noise).
    /// Readback: the sum.
    async fn log_det_precision(f: &PcaFitted, d: &Array) -> Result<f64> {
        let nv = f.noise_variance_;
        let along = ops::sum(&ops::log(&ops::add_scalar(d, nv)?)?, None, false)?.to_vec::<f64>().await?[0];
        let across = f.n_features_in_ - f.n_components_;
        Ok(-(along + if across > 0 { across as f64 * nv.ln() } else { 0.0 }))
    }
}

impl Pca {
    /// Log-likelihood of each sample under the probabilistic PCA model; `op` is the method the
    /// user called.
    async fn log_likelihood(&self, x: &Array, op: &'static str) -> Result<Array> {
        let (x, f) = self.input(x, None, op).await?;
        let p = f.n_features_in_ as f64;
        let (precision, d) = self.precision(f, op).await?;
        let xr = ops::sub(&x, &f.mean_)?;
        let quad = ops::sum(&ops::mul(&xr, &ops::matmul(&xr, &precision)?)?, Some(1), false)?;
        let logdet = Self::log_det_precision(f, &d).await?;
        let constant = -0.5 * (p * (2.0 * std::f64::consts::PI).ln() - logdet);
        ops::add_scalar(&ops::mul_scalar(&quad, -0.5)?, constant)
    }
}

impl ScoreSamples for Pca {
    /// Log-likelihood of each sample under the probabilistic PCA model.
    async fn score_samples(&self, x: &Array) -> Result<Array> {
        self.log_likelihood(x, "PCA.score_samples").await
    }

    /// The mean log-likelihood of the samples.
    /// Readback: the mean.
    async fn score(&self, x: &Array) -> Result<f64> {
        let ll = self.log_likelihood(x, "PCA.score").await?;
        Ok(ops::mean(&ll, None, false)?.to_vec::<f64>().await?[0])
    }
}

impl Fit for Pca {
    async fn fit_checked(&mut self, x: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        const OP: &str = "PCA.fit";
        let input = ProductInput::fit(x, OP)?;
        let x = input.x.clone();
        let (n, p) = (x.shape()[0], x.shape()[1]);
        let min_np = n.min(p);
        let solver = self.solver(n, p);
        // The mean reads every value of X: it is X's finite check.
        let mean = input.finish(ops::mean(&x, Some(0), false)?).await?;
        let mle = self.n_components == NComponents::Mle;
        if solver == SvdSolver::Randomized {
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
                Err(Error::NotPositiveDefinite { op: "qr", .. }) => {
                    Self::full_spectrum(&x, &mean, SvdSolver::Full).await?
                }
                r => r?,
            };
            // Readback: the explained variances and the total, for the noise variance.
            let ev = spectrum.ev.slice_axis(0, 0, k)?;
            let ev_sum: f64 = ev.to_vec::<f64>().await?.iter().sum();
            let total = spectrum.total_var.to_vec::<f64>().await?[0];
            let noise = if k < min_np { (total - ev_sum) / (min_np - k) as f64 } else { 0.0 };
            return self.keep(spectrum, k, noise, mean, n, solver);
        }
        if mle && n < p {
            return Err(Error::invalid_parameter(
                "n_components",
                "'mle'",
                "'mle' is only supported if n_samples >= n_features",
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
        // Readback: the spectrum (min(n, p) values), to choose the number of components
        // and the noise variance, host decisions on a data-dependent shape.
        let ev_host = spectrum.ev.to_vec::<f64>().await?;
        let k = match &self.n_components {
            NComponents::All => min_np,
            NComponents::Count(k) => *k,
            NComponents::Mle => infer_dimension(&ev_host, n),
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
        self.keep(spectrum, k, noise, mean, n, solver)
    }
}

impl Pca {
    /// The first `k` components of a spectrum as the fitted model.
    fn keep(
        &mut self,
        spectrum: Spectrum,
        k: usize,
        noise: f64,
        mean: Array,
        n: usize,
        solver: SvdSolver,
    ) -> Result<()> {
        let ev = spectrum.ev.slice_axis(0, 0, k)?;
        self.fitted = Some(PcaFitted {
            components_: spectrum.vt.slice_rows(0, k)?,
            explained_variance_ratio_: ops::div(&ev, &spectrum.total_var)?,
            explained_variance_: ev,
            singular_values_: spectrum.s.slice_axis(0, 0, k)?,
            n_features_in_: mean.len(),
            mean_: mean,
            n_components_: k,
            noise_variance_: noise,
            n_samples_: n,
            _fit_svd_solver: solver,
        });
        Ok(())
    }
}

impl Transform for Pca {
    async fn transform(&self, x: &Array) -> Result<Array> {
        const OP: &str = "PCA.transform";
        let f = self.state(OP)?;
        let input = ProductInput::new(x, f.mean_.device(), f.n_features_in_, f.mean_.dtype(), "PCA", OP)?;
        // scikit-learn's order: X C^T - mean C^T, so X is read once (the finite check
        // included) and never copied.
        let out = ops::gemm(&input.x, &f.components_, false, true)?;
        let out = ops::sub(&out, &ops::gemm(&f.mean_.reshape(&[1, -1])?, &f.components_, false, true)?)?;
        let out = input.finish(out).await?;
        if !self.whiten {
            return Ok(out);
        }
        let scale = ops::sqrt(&f.explained_variance_)?;
        let scale = ops::maximum(&scale, &ops::scalar_like(&scale, scale.dtype().eps())?)?;
        ops::div(&out, &scale)
    }
}

impl InverseTransform for Pca {
    async fn inverse_transform(&self, x: &Array) -> Result<Array> {
        let f = self.state("PCA.inverse_transform")?;
        let (x, f) = self.input(x, Some(f.n_components_), "PCA.inverse_transform").await?;
        ops::add(&ops::matmul(&x, &self.model_components(f)?)?, &f.mean_)
    }
}

impl Pca {
    /// The dtype of the fitted model.
    pub fn dtype(&self) -> Result<DType> {
        Ok(self.state("dtype")?.mean_.dtype())
    }
}
