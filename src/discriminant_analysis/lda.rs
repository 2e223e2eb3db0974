//! Linear discriminant analysis with scikit-learn's SVD solver: class means, the
//! within-class scaling, then an SVD of the scaled class centers. The within-class scaling
//! comes from the eigendecomposition of the class-centered Gram product (one pass over X)
//! where that keeps the accuracy of scikit-learn's SVD of the centered data, and from that SVD
//! otherwise. The gathers by class are products with a one-hot matrix, so nothing of size
//! n_samples leaves the device.

use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::checks::{at_least_one_if_set, distribution, non_negative};
use crate::estimator::{estimator, options, DecisionFunction, FitSupervised, Predict, PredictProba, Tags, Transform};
use crate::ops;
use crate::validation::{check_y, ProductInput};

options! {
    /// How LinearDiscriminantAnalysis solves for its discriminants.
    pub enum LdaSolver {
        /// scikit-learn's SVD solver: the within-class scaling (from the class-centered Gram
        /// product where it is accurate enough, else the SVD of the centered data), then the
        /// SVD of the scaled class centers.
        Svd = "svd",
    }
    not_provided: ["lsqr", "eigen"]
}

estimator! {
    /// Gaussian classes with a shared covariance; a classifier and a supervised projection.
    pub struct LinearDiscriminantAnalysis as "LinearDiscriminantAnalysis" {
        tags: Tags { supervised: true, classifier: true, transformer: true, ..Tags::DEFAULT },
        implements: [FitSupervised, Predict, PredictProba, DecisionFunction, Transform],
        params: {
            /// The solver (see `LdaSolver`).
            solver: LdaSolver = LdaSolver::Svd;
            /// Class prior probabilities in the order of the sorted classes (None: the class
            /// frequencies); renormalized when they do not sum to 1.
            priors: Option<Vec<f64>> = None, check distribution;
            /// Dimensions kept by transform, at most min(n_classes - 1, n_features) (None: all).
            n_components: Option<usize> = None, check at_least_one_if_set;
            /// Also compute the weighted within-class covariance `covariance_`.
            store_covariance: bool = false;
            /// Singular values at or below it count as zero when deciding the rank.
            tol: f64 = 1e-4, check non_negative;
        },
        fitted: LdaFitted {
            /// The distinct labels, sorted.
            classes_: Array [n_classes],
            /// Class means, (n_classes, n_features).
            means_: Array [n_classes, n_features_in_],
            /// The class priors used.
            priors_: Array [n_classes],
            /// The projection of the centered data onto the discriminant space, (n_features, rank).
            scalings_: Array [n_features_in_, rank],
            /// The overall mean, priors-weighted.
            xbar_: Array [n_features_in_],
            /// (1, n_features) for two classes, (n_classes, n_features) otherwise.
            coef_: Array [n_rows, n_features_in_],
            intercept_: Array [n_rows],
            explained_variance_ratio_: Array [n_ratios],
            /// The weighted within-class covariance; None without store_covariance.
            covariance_: Option<Array> [n_features_in_, n_features_in_],
            n_features_in_: usize,
        },
        state: {
            /// The columns transform keeps.
            max_components: usize,
        },
        check_loaded: loaded_lda,
    }
}

/// A loaded LDA: sorted distinct classes (at least two), one coefficient row for two classes
/// and one per class otherwise, priors as many as the classes.
fn loaded_lda(m: &LinearDiscriminantAnalysis, f: &LdaFitted) -> crate::estimator::checks::Check {
    let k = f.classes_.len();
    if k < 2 {
        return Err(format!("classes_ holds {k} class(es); LDA needs at least 2"));
    }
    crate::estimator::sorted_classes("classes_", &f.classes_)?;
    let rows = if k == 2 { 1 } else { k };
    if f.coef_.shape()[0] != rows {
        return Err(format!("coef_ has {} row(s) for {k} classes (expected {rows})", f.coef_.shape()[0]));
    }
    if let Some(p) = &m.priors {
        if p.len() != k {
            return Err(format!("priors has {} values for {k} classes", p.len()));
        }
    }
    if f.max_components > (k - 1).min(f.n_features_in_) {
        return Err(format!("{} components for {k} classes and {} features", f.max_components, f.n_features_in_));
    }
    Ok(())
}

/// The number of singular values above `cutoff` (`s` is sorted descending).
/// Readback: the count, which sets the shape of what follows.
async fn rank_above(s: &Array, cutoff: &Array) -> Result<usize> {
    Ok(ops::count_nonzero(&ops::greater(s, cutoff)?, None, false)?.to_vec::<i64>().await?[0] as usize)
}

/// svd_flip's rule (the entry of largest magnitude in each column of U made positive), with
/// near-ties (within 1e-3 of the largest) going to the first row: symmetric class layouts give
/// exact ties in theory, which rounding would otherwise break differently on each device.
/// Readback: U, (n_classes, rank), to choose the signs.
async fn flip_signs(u: &Array, vt: &Array) -> Result<Array> {
    let (rows, cols) = (u.shape()[0], u.shape()[1]);
    let host = u.to_vec::<f64>().await?;
    let signs: Vec<f64> = (0..vt.shape()[0])
        .map(|j| {
            let column: Vec<f64> = (0..rows).map(|i| host[i * cols + j]).collect();
            let largest = column.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let first = column.iter().find(|v| v.abs() >= largest * (1.0 - 1e-3)).copied().unwrap_or(0.0);
            if first < 0.0 {
                -1.0
            } else {
                1.0
            }
        })
        .collect();
    let signs = ops::astype(&Array::from_vec(vt.device(), signs, &[vt.shape()[0], 1])?, vt.dtype())?;
    ops::mul(vt, &signs)
}

/// log(1 + exp(z)) without overflow: max(z, 0) + log1p(exp(-|z|)).
fn softplus(z: &Array) -> Result<Array> {
    let pos = ops::maximum(z, &ops::scalar_like(z, 0.0)?)?;
    ops::add(&pos, &ops::log1p(&ops::exp(&ops::neg(&ops::abs(z)?)?)?)?)
}

/// classes[codes] on the device: one select per class (a host gather would read the codes
/// back).
fn class_of(classes: &Array, codes: &Array) -> Result<Array> {
    let mut out = Array::zeros(codes.device(), codes.shape(), classes.dtype())?;
    for c in 0..classes.len() {
        let code = Array::scalar(codes.device(), c as f64, codes.dtype())?;
        let label = classes.slice_axis(0, c, c + 1)?.reshape(&[])?;
        out = ops::where_(&ops::equal(codes, &code)?, &label, &out)?;
    }
    Ok(out)
}

/// The largest relative error the Gram route may bring into the scalings, by the precision
/// of the data: about 11 decimal digits kept for float64, 5 for float32.
fn gram_accuracy(dtype: DType) -> f64 {
    if dtype == DType::F32 {
        2f64.powi(-16)
    } else {
        2f64.powi(-36)
    }
}

/// The within-class scalings (n_features x rank) from the eigendecomposition of the scaled
/// within-class scatter matrix, one Gram product of X centered by its class means: the
/// eigenvalues are scikit-learn's squared singular values of the scaled centered data, and
/// the eigenvectors its right singular vectors. One product over X instead of an SVD of it.
///
/// Squaring the matrix squares its conditioning: an eigenvalue is off by about eps times the
/// largest, so a scaling's relative error grows as eps * largest / smallest kept, where the
/// SVD's grows with the square root of that ratio. None, for the SVD, where that error would
/// pass [`gram_accuracy`], or where an eigenvalue too close to the cutoff tol^2 for the Gram
/// to decide turns out, measured on the data, to lie above tol.
/// Readback: the eigenvalues (n_features values), for the rank and the trust decision, and
/// the singular values of the undecided directions.
async fn within_scalings_gram(x: &Array, means: &Array, codes: &Array, tol: f64) -> Result<Option<Array>> {
    let (n, p) = (x.shape()[0] as f64, x.shape()[1]);
    let (scatter, _) = ops::centered_products(x, ops::Centering::Groups { centers: means, codes }, None, None)?;
    let std = ops::sqrt(&ops::div_scalar(&ops::diagonal(&scatter)?, n)?)?;
    let std = ops::where_(&ops::equal(&std, &ops::scalar_like(&std, 0.0)?)?, &ops::scalar_like(&std, 1.0)?, &std)?;
    let scaled = ops::div(&ops::div(&scatter, &ops::outer(&std, &std)?)?, &ops::scalar_like(&std, n)?)?;
    let (w, v) = ops::eigh(&scaled).await?;
    let eps = x.precision().eps;
    // Descending, as singular values.
    let lambda: Vec<f64> = w.to_vec::<f64>().await?.into_iter().rev().collect();
    let largest = lambda[0];
    // An eigenvalue is known to about p eps times the largest: those within that band of the
    // cutoff tol^2 are not decided by the Gram (in float32 that band holds the rank
    // deficient directions, whose true singular values are 0, and tol's 1e-4 too).
    let band = p as f64 * eps * largest;
    let ambiguous: Vec<usize> = (0..p).filter(|&i| (lambda[i] - tol * tol).abs() <= band).collect();
    if !ambiguous.is_empty() {
        // Their singular values measured on the data, to SVD accuracy: the norms of the
        // scaled, centered data projected on them (one product over X). The Gram route
        // stands only where all of them are below tol.
        let cols: Vec<usize> = ambiguous.iter().map(|&i| p - 1 - i).collect();
        let dirs = ops::div(&ops::take_indices(&v, &cols, 1)?, &ops::mul_scalar(&std.reshape(&[-1, 1])?, n.sqrt())?)?;
        let onehot = ops::one_hot(codes, means.shape()[0], x.dtype())?;
        let y = ops::sub(&ops::matmul(x, &dirs)?, &ops::matmul(&onehot, &ops::matmul(means, &dirs)?)?)?;
        let norms = ops::sqrt(&ops::sum(&ops::square(&y)?, Some(0), false)?)?.to_vec::<f64>().await?;
        if norms.iter().any(|&s| s > tol) {
            return Ok(None);
        }
    }
    let rank = (0..p).filter(|&i| lambda[i] - tol * tol > band).count();
    if rank == 0 || eps * largest / lambda[rank - 1] > gram_accuracy(x.dtype()) {
        return Ok(None);
    }
    let order: Vec<usize> = (0..rank).map(|i| p - 1 - i).collect();
    let s = ops::sqrt(&ops::take_indices(&w, &order, 0)?)?;
    let v = ops::take_indices(&v, &order, 1)?;
    Ok(Some(ops::div(&ops::div(&v, &std.reshape(&[-1, 1])?)?, &s)?))
}

/// [`within_scalings_gram`] by scikit-learn's route: the SVD of the class-centered data
/// `x - centered_by` scaled by its standard deviations.
async fn within_scalings_svd(x: &Array, centered_by: &Array, tol: f64) -> Result<Array> {
    let n = x.shape()[0];
    let xc = ops::sub(x, centered_by)?;
    let std = ops::std(&xc, Some(0), 0.0, false)?;
    let std = ops::where_(&ops::equal(&std, &ops::scalar_like(&std, 0.0)?)?, &ops::scalar_like(&std, 1.0)?, &std)?;
    // Xc / std / sqrt(n) as one product with a row of factors: one pass over the data.
    let scaled = ops::mul(&xc, &ops::div(&ops::scalar_like(&std, (1.0 / n as f64).sqrt())?, &std)?)?;
    let (s, vt) = ops::svd_right(&scaled).await?;
    let rank = rank_above(&s, &ops::scalar_like(&s, tol)?).await?;
    if rank == 0 {
        return Err(Error::ShapeMismatch {
            op: "LinearDiscriminantAnalysis.fit",
            detail: "the within-class scatter is zero (rank 0)".into(),
        });
    }
    // Scaling of the within-class covariance: V / std / S.
    ops::div(&ops::div(&vt.slice_rows(0, rank)?, &std)?.t()?, &s.slice_axis(0, 0, rank)?)
}

impl LinearDiscriminantAnalysis {
    /// X for a method that reads it through one product ([`ProductInput`]).
    fn input(&self, x: &Array, op: &'static str) -> Result<(ProductInput, &LdaFitted)> {
        let f = self.state(op)?;
        let (p, dtype) = (f.n_features_in_, f.means_.dtype());
        Ok((ProductInput::new(x, f.means_.device(), p, dtype, "LinearDiscriminantAnalysis", op)?, f))
    }
}

impl DecisionFunction for LinearDiscriminantAnalysis {
    /// Per-class scores (n_samples, n_classes), or the log-likelihood ratio (n_samples,) of
    /// the second class for two classes.
    async fn decision_function(&self, x: &Array) -> Result<Array> {
        let (input, f) = self.input(x, "LinearDiscriminantAnalysis.decision_function")?;
        let scores = input.finish(ops::add(&ops::gemm(&input.x, &f.coef_, false, true)?, &f.intercept_)?).await?;
        if f.classes_.len() == 2 {
            scores.reshape(&[-1])
        } else {
            Ok(scores)
        }
    }
}

impl PredictProba for LinearDiscriminantAnalysis {
    /// Class probabilities, (n_samples, n_classes).
    async fn predict_proba(&self, x: &Array) -> Result<Array> {
        let d = self.decision_function(x).await?;
        if d.ndim() == 1 {
            let p = ops::expit(&d)?;
            ops::stack(&[&ops::rsub_scalar(1.0, &p)?, &p], 1)
        } else {
            ops::softmax(&d, 1)
        }
    }

    /// Log class probabilities, computed as a log-softmax (no underflow to log 0). Where the
    /// probability itself underflows to 0 in the model's dtype, scikit-learn takes the log of
    /// the smallest normal number instead, and so does this.
    async fn predict_log_proba(&self, x: &Array) -> Result<Array> {
        let d = self.decision_function(x).await?;
        let log_p = if d.ndim() == 1 {
            // log(expit(d)) = -softplus(-d), log(1 - expit(d)) = -softplus(d).
            ops::stack(&[&ops::neg(&softplus(&d)?)?, &ops::neg(&softplus(&ops::neg(&d)?)?)?], 1)?
        } else {
            ops::sub(&d, &ops::logsumexp(&d, Some(1), true)?)?
        };
        // exp underflows to 0 below ln(smallest subnormal / 2).
        let (underflow, floor) = if d.dtype() == DType::F32 {
            ((f32::from_bits(1) as f64).ln() - 2f64.ln(), (f32::MIN_POSITIVE as f64).ln())
        } else {
            (f64::from_bits(1).ln() - 2f64.ln(), f64::MIN_POSITIVE.ln())
        };
        let zero_p = ops::less(&log_p, &ops::scalar_like(&log_p, underflow)?)?;
        ops::where_(&zero_p, &ops::scalar_like(&log_p, floor)?, &log_p)
    }
}

impl FitSupervised for LinearDiscriminantAnalysis {
    async fn fit_checked(&mut self, x: &Array, y: &Array, _sample_weight: Option<&Array>) -> Result<()> {
        const OP: &str = "LinearDiscriminantAnalysis.fit";
        let input = ProductInput::fit(x, OP)?;
        let x = input.x.clone();
        let y = check_y(y, &x, false, OP).await?;
        let dtype = x.dtype();
        let (n, p) = (x.shape()[0], x.shape()[1]);
        let (classes, codes) = ops::unique_inverse(&y).await?;
        let k = classes.len();
        if k < 2 {
            return Err(Error::ShapeMismatch { op: OP, detail: format!("y has {k} class; at least 2 are needed") });
        }
        if n == k {
            return Err(Error::ShapeMismatch {
                op: OP,
                detail: format!("the number of samples ({n}) must be more than the number of classes ({k})"),
            });
        }
        let max_components = (k - 1).min(p);
        if let Some(c) = self.n_components {
            if c > max_components {
                return Err(Error::invalid_parameter(
                    "n_components",
                    c,
                    format!("cannot be larger than min(n_features, n_classes - 1) = {max_components}"),
                ));
            }
        }
        let onehot = ops::one_hot(&codes, k, dtype)?;
        let counts = ops::sum(&onehot, Some(0), false)?;
        // The class means read every value of X: they are its finite check.
        let means = input.finish(ops::div(&ops::gemm(&onehot, &x, true, false)?, &counts.reshape(&[-1, 1])?)?).await?;
        let priors = match &self.priors {
            None => ops::div_scalar(&counts, n as f64)?,
            Some(v) => {
                if v.len() != k {
                    return Err(Error::invalid_parameter(
                        "priors",
                        format!("{v:?}"),
                        format!("needs one value per class ({k})"),
                    ));
                }
                let sum: f64 = v.iter().sum();
                // scikit-learn renormalizes priors that do not sum to 1 (with a warning).
                let v: Vec<f64> =
                    if (sum - 1.0).abs() > 1e-5 { v.iter().map(|p| p / sum).collect() } else { v.clone() };
                ops::astype(&Array::from_vec(x.device(), v, &[k])?, dtype)?
            }
        };
        let covariance = if self.store_covariance {
            // sum_k priors_k * cov_k with the biased class covariances: one product with
            // rows weighted by priors[y] / count[y].
            let w = ops::sqrt(&ops::matvec(&onehot, &ops::div(&priors, &counts)?)?)?;
            let xc = ops::mul(&ops::sub(&x, &ops::matmul(&onehot, &means)?)?, &w.reshape(&[-1, 1])?)?;
            Some(ops::gemm(&xc, &xc, true, false)?)
        } else {
            None
        };
        let xbar = ops::matvec(&means.t()?, &priors)?;
        let scalings = match within_scalings_gram(&x, &means, &codes, self.tol).await? {
            Some(s) => s,
            None => within_scalings_svd(&x, &ops::matmul(&onehot, &means)?, self.tol).await?,
        };
        let centers = ops::sub(&means, &xbar)?;
        let weight = ops::sqrt(&ops::mul_scalar(&priors, n as f64 / (k - 1) as f64)?)?;
        let between = ops::matmul(&ops::mul(&centers, &weight.reshape(&[-1, 1])?)?, &scalings)?;
        let (u2, s2, vt2) = ops::svd(&between).await?;
        // The signs of the between-class directions are LAPACK's choice in scikit-learn; here
        // they are the same on every device (coef_ and predictions do not depend on them).
        let vt2 = flip_signs(&u2, &vt2).await?;
        let s2sq = ops::square(&s2)?;
        let evr = ops::div(&s2sq, &ops::sum(&s2sq, None, false)?)?;
        let evr = evr.slice_axis(0, 0, self.n_components.unwrap_or(max_components).min(evr.len()))?;
        let s2_first = s2.slice_axis(0, 0, 1)?;
        let rank2 = rank_above(&s2, &ops::mul_scalar(&s2_first, self.tol)?).await?;
        let scalings = ops::gemm(&scalings, &vt2.slice_rows(0, rank2)?, false, true)?;
        let coef_k = ops::matmul(&centers, &scalings)?;
        let intercept =
            ops::add(&ops::mul_scalar(&ops::sum(&ops::square(&coef_k)?, Some(1), false)?, -0.5)?, &ops::log(&priors)?)?;
        let coef = ops::gemm(&coef_k, &scalings, false, true)?;
        let intercept = ops::sub(&intercept, &ops::matvec(&coef, &xbar)?)?;
        let (coef, intercept) = if k == 2 {
            let row = |a: &Array, i: usize| a.slice_rows(i, i + 1);
            let c = ops::sub(&row(&coef, 1)?, &row(&coef, 0)?)?;
            let i = ops::sub(&intercept.slice_axis(0, 1, 2)?, &intercept.slice_axis(0, 0, 1)?)?;
            (c, i)
        } else {
            (coef, intercept)
        };
        self.fitted = Some(LdaFitted {
            classes_: classes,
            means_: means,
            priors_: priors,
            scalings_: scalings,
            xbar_: xbar,
            coef_: coef,
            intercept_: intercept,
            explained_variance_ratio_: evr,
            covariance_: covariance,
            n_features_in_: p,
            max_components: self.n_components.unwrap_or(max_components),
        });
        Ok(())
    }
}

impl Predict for LinearDiscriminantAnalysis {
    async fn predict(&self, x: &Array) -> Result<Array> {
        let d = self.decision_function(x).await?;
        let classes = &self.state("predict")?.classes_;
        let codes = if d.ndim() == 1 {
            ops::astype(&ops::greater(&d, &ops::scalar_like(&d, 0.0)?)?, DType::I32)?
        } else {
            ops::argmax(&d, Some(1))?
        };
        class_of(classes, &codes)
    }
}

impl Transform for LinearDiscriminantAnalysis {
    async fn transform(&self, x: &Array) -> Result<Array> {
        let (input, f) = self.input(x, "LinearDiscriminantAnalysis.transform")?;
        // scikit-learn's (X - xbar) S, which keeps the digits that X S - xbar S would cancel
        // for data far from the origin.
        let scalings = f.scalings_.slice_cols(0, f.max_components.min(f.scalings_.shape()[1]))?;
        input.finish(ops::matmul(&ops::sub(&input.x, &f.xbar_)?, &scalings)?).await
    }
}
