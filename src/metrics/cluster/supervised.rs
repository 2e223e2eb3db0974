//! Comparing two labelings of the same samples: the contingency matrix, the pair counts
//! (Rand, adjusted Rand, Fowlkes-Mallows), the mutual information and its normalized and
//! adjusted forms, and homogeneity, completeness and the V-measure.
//!
//! Everything is counted per sample on the device: each sample's class size a, cluster size b
//! and cell size n (the samples sharing both its class and its cluster). Sums over cells become
//! sums over samples, since a cell of size n holds n samples: Σ n² = Σ_samples n, and a cell's
//! term t is Σ_samples t / n. So no matrix of classes × clusters is ever built, however many
//! clusters there are (scikit-learn uses a sparse matrix for the same reason).

use super::expected::expected_mutual_information;
use super::AverageMethod;
use crate::array::{stack, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::metrics::options::{Averaged, Beta, MutualInfo, Plain};
use crate::ops;
use std::future::IntoFuture;
use std::marker::PhantomData;

metric_table! {
    ClusterScore(labels_pred) -> "number";
    /// The Rand index: the fraction of sample pairs that both labelings put together or both
    /// put apart; 1 for fewer than two samples.
    rand_score => Rand, Plain;
    /// The Rand index adjusted for chance: 0 for random labelings, 1 for equal ones (up to the
    /// names of the labels), and negative below chance.
    adjusted_rand_score => AdjustedRand, Plain;
    /// The mutual information of the two labelings, in nats; 0 where either has one label.
    /// `contingency` gives the contingency matrix instead, and the labels are then ignored, as
    /// in scikit-learn.
    mutual_info_score => MutualInfo, MutualInfo;
    /// The mutual information divided by an `average_method` (default arithmetic) of the two
    /// entropies; 1 where both labelings have one label (or no sample).
    normalized_mutual_info_score => NormalizedMutualInfo, Averaged;
    /// The mutual information adjusted for chance: (MI − E\[MI\]) / (mean(H) − E\[MI\]) with E\[MI\]
    /// under the hypergeometric model of random labelings of the same sizes, and the mean of
    /// the entropies by `average_method` (default arithmetic).
    adjusted_mutual_info_score => AdjustedMutualInfo, Averaged;
    /// Whether each cluster holds members of one class only: MI / H(classes), 1 where there is
    /// one class.
    homogeneity_score => Homogeneity, Plain;
    /// Whether all members of a class are in one cluster: MI / H(clusters), 1 where there is
    /// one cluster.
    completeness_score => Completeness, Plain;
    /// The weighted harmonic mean of homogeneity and completeness, `beta` (default 1)
    /// weighting completeness.
    v_measure_score => VMeasure, Beta;
    /// The geometric mean of the pairwise precision and recall: TP / sqrt((TP + FP)(TP + FN))
    /// over sample pairs; 0 where no pair is together in both.
    fowlkes_mallows_score => FowlkesMallows, Plain;
}

/// The arguments of a score comparing two labelings; await it for the score.
pub struct ClusterScore<'a, O> {
    kind: Kind,
    labels_true: &'a Array,
    labels_pred: &'a Array,
    contingency: Option<&'a Array>,
    average_method: AverageMethod,
    beta: f64,
    options: PhantomData<O>,
}

impl<'a, O> ClusterScore<'a, O> {
    fn new(kind: Kind, labels_true: &'a Array, labels_pred: &'a Array) -> Self {
        ClusterScore {
            kind,
            labels_true,
            labels_pred,
            contingency: None,
            average_method: AverageMethod::Arithmetic,
            beta: 1.0,
            options: PhantomData,
        }
    }
}

impl<'a> ClusterScore<'a, MutualInfo> {
    /// A (classes, clusters) contingency matrix of non-negative integer counts to take the
    /// mutual information of; the labels are then ignored.
    pub fn contingency(mut self, contingency: &'a Array) -> Self {
        self.contingency = Some(contingency);
        self
    }
}

impl ClusterScore<'_, Averaged> {
    /// How the two entropies are averaged into the normalizer.
    pub fn average_method(mut self, average_method: AverageMethod) -> Self {
        self.average_method = average_method;
        self
    }
}

impl ClusterScore<'_, Beta> {
    /// The weight of completeness against homogeneity (non-negative; 1 by default).
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }
}

impl<'a, O: 'a> IntoFuture for ClusterScore<'a, O> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

/// Homogeneity, completeness and the V-measure, computed together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HomogeneityCompletenessVMeasure {
    pub homogeneity: f64,
    pub completeness: f64,
    pub v_measure: f64,
}

/// Homogeneity, completeness and the V-measure (with `beta`, default 1) in one pass; await
/// the builder for all three.
pub fn homogeneity_completeness_v_measure<'a>(labels_true: &'a Array, labels_pred: &'a Array) -> HcvBuilder<'a> {
    HcvBuilder { score: ClusterScore::new(Kind::VMeasure, labels_true, labels_pred) }
}

/// The arguments of [`homogeneity_completeness_v_measure`].
pub struct HcvBuilder<'a> {
    score: ClusterScore<'a, Beta>,
}

impl HcvBuilder<'_> {
    /// The weight of completeness against homogeneity (non-negative; 1 by default).
    pub fn beta(self, beta: f64) -> Self {
        HcvBuilder { score: self.score.beta(beta) }
    }
}

impl<'a> IntoFuture for HcvBuilder<'a> {
    type Output = Result<HomogeneityCompletenessVMeasure>;
    type IntoFuture = BoxFuture<'a, Result<HomogeneityCompletenessVMeasure>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let s = self.score;
            let counts = Counts::new(s.labels_true, s.labels_pred, "homogeneity_completeness_v_measure").await?;
            v_measure(&counts, s.beta).await
        })
    }
}

/// The contingency matrix C of two labelings: C[i, j] counts the samples of the i-th class
/// (in sorted order) in the j-th cluster. int32 counts, or float64 with `eps` added.
pub fn contingency_matrix<'a>(labels_true: &'a Array, labels_pred: &'a Array) -> ContingencyMatrix<'a> {
    ContingencyMatrix { labels_true, labels_pred, eps: None }
}

/// The arguments of [`contingency_matrix`]; await it for the (classes, clusters) matrix.
pub struct ContingencyMatrix<'a> {
    labels_true: &'a Array,
    labels_pred: &'a Array,
    eps: Option<f64>,
}

impl ContingencyMatrix<'_> {
    /// A non-negative value added to every cell (which makes the matrix float64), so that
    /// none is zero.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = Some(eps);
        self
    }
}

impl<'a> IntoFuture for ContingencyMatrix<'a> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            const OP: &str = "contingency_matrix";
            if let Some(eps) = self.eps {
                if !(eps >= 0.0 && eps.is_finite()) {
                    return Err(Error::invalid_parameter("eps", eps, "contingency_matrix: eps is finite and >= 0"));
                }
            }
            let c = Counts::new(self.labels_true, self.labels_pred, OP).await?;
            crate::array::check_new(c.class_idx.device(), &[c.classes, c.clusters], DType::I32, OP)?;
            let counts = match c.n {
                0 => Array::zeros(c.class_idx.device(), &[0, 0], DType::I32)?,
                _ => ops::bincount(&c.cell_keys(OP)?, None, c.classes * c.clusters)
                    .await?
                    .reshape(&[c.classes as isize, c.clusters as isize])?,
            };
            match self.eps {
                Some(eps) => ops::add_scalar(&ops::astype(&counts, DType::F64)?, eps),
                None => Ok(counts),
            }
        })
    }
}

/// The 2 × 2 pair confusion matrix [[TN, FP], [FN, TP]] over ordered pairs of distinct
/// samples: TP pairs are together in both labelings, FP only in labels_pred, FN only in
/// labels_true. float64, since the counts reach n² and overflow int32 from 46 341 samples
/// (scikit-learn's are int64, which WGSL lacks); exact below 2^53.
pub async fn pair_confusion_matrix(labels_true: &Array, labels_pred: &Array) -> Result<Array> {
    let c = Counts::new(labels_true, labels_pred, "pair_confusion_matrix").await?;
    let p = c.pairs().await?;
    Array::from_vec(labels_true.device(), vec![p.tn as f64, p.fp as f64, p.fn_ as f64, p.tp as f64], &[2, 2])
}

/// The entropy of a labeling, in nats: −Σ p log p over the labels' frequencies p; 1 for no
/// sample (scikit-learn's convention, which it deprecates along with the function).
pub async fn entropy(labels: &Array) -> Result<f64> {
    const OP: &str = "entropy";
    check_labels(labels, "labels", OP).await?;
    if labels.is_empty() {
        return Ok(1.0);
    }
    let (k, idx) = encode(labels).await?;
    let sizes = ops::astype(&ops::bincount(&idx, None, k).await?, DType::F64)?;
    entropy_of(&sizes, labels.len()).await
}

/// Both labelings, checked and counted on the device (see the module's doc).
struct Counts {
    n: usize,
    classes: usize,
    clusters: usize,
    class_idx: Array,
    cluster_idx: Array,
    /// The class and cluster sizes, float64.
    a: Array,
    b: Array,
}

/// The pair counts over ordered pairs of distinct samples, exact.
struct Pairs {
    tn: i128,
    fp: i128,
    fn_: i128,
    tp: i128,
}

impl Counts {
    /// Readback: the number of classes and of clusters (by the unique values).
    async fn new(labels_true: &Array, labels_pred: &Array, op: &'static str) -> Result<Counts> {
        labels_true.device().check_same(labels_pred.device(), op)?;
        check_labels(labels_true, "labels_true", op).await?;
        check_labels(labels_pred, "labels_pred", op).await?;
        if labels_true.len() != labels_pred.len() {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!(
                    "found input variables with inconsistent numbers of samples: [{}, {}]",
                    labels_true.len(),
                    labels_pred.len()
                ),
            });
        }
        let n = labels_true.len();
        let device = labels_true.device();
        if n == 0 {
            let none = Array::zeros(device, &[0], DType::I32)?;
            let empty = Array::zeros(device, &[0], DType::F64)?;
            return Ok(Counts {
                n,
                classes: 0,
                clusters: 0,
                class_idx: none.clone(),
                cluster_idx: none,
                a: empty.clone(),
                b: empty,
            });
        }
        let (classes, class_idx) = encode(labels_true).await?;
        let (clusters, cluster_idx) = encode(labels_pred).await?;
        let a = ops::astype(&ops::bincount(&class_idx, None, classes).await?, DType::F64)?;
        let b = ops::astype(&ops::bincount(&cluster_idx, None, clusters).await?, DType::F64)?;
        Ok(Counts { n, classes, clusters, class_idx, cluster_idx, a, b })
    }

    /// Each sample's cell (class, cluster) as one uint32 key, class-major.
    fn cell_keys(&self, op: &'static str) -> Result<Array> {
        if self.classes as u64 * self.clusters as u64 > u32::MAX as u64 + 1 {
            return Err(Error::ShapeTooLarge { op, shape: vec![self.classes, self.clusters] });
        }
        let clusters = Array::scalar(self.class_idx.device(), self.clusters as f64, DType::U32)?;
        let row = ops::mul(&ops::astype(&self.class_idx, DType::U32)?, &clusters)?;
        ops::add(&row, &ops::astype(&self.cluster_idx, DType::U32)?)
    }

    /// Per sample: its cell's size, its class's size and its cluster's size, float64.
    /// Readback: the number of non-empty cells, and the index bounds of the gathers.
    async fn per_sample(&self, op: &'static str) -> Result<[Array; 3]> {
        let (_, cell) = ops::unique_inverse(&self.cell_keys(op)?).await?;
        let sizes = ops::bincount(&cell, None, 0).await?;
        let gather = |sizes: &Array, at: &Array| {
            let (sizes, at) = (sizes.clone(), at.clone());
            async move { ops::astype(&ops::take_along_axis(&sizes, &at, 0).await?, DType::F64) }
        };
        Ok([
            gather(&sizes, &cell).await?,
            gather(&self.a, &self.class_idx).await?,
            gather(&self.b, &self.cluster_idx).await?,
        ])
    }

    /// Readback: the three sums of squared sizes (one read).
    async fn pairs(&self) -> Result<Pairs> {
        let n = self.n as i128;
        if n == 0 {
            return Ok(Pairs { tn: 0, fp: 0, fn_: 0, tp: 0 });
        }
        let [cell, a, b] = self.per_sample("pair_confusion_matrix").await?;
        let sums =
            stack(&[&ops::sum(&cell, None, false)?, &ops::sum(&a, None, false)?, &ops::sum(&b, None, false)?], 0)?;
        let sums = sums.to_vec::<f64>().await?;
        // Σ n² over cells, Σ a² over classes, Σ b² over clusters: integers, exact in float64.
        let [squares, class_squares, cluster_squares] = [sums[0], sums[1], sums[2]].map(|v| v.round() as i128);
        let fp = cluster_squares - squares;
        let fn_ = class_squares - squares;
        Ok(Pairs { tp: squares - n, fp, fn_, tn: n * n - fp - fn_ - squares })
    }

    /// The mutual information, as scikit-learn's mutual_info_score of the labels.
    /// Readback: the sum.
    async fn mutual_info(&self) -> Result<f64> {
        if self.classes == 1 || self.clusters == 1 {
            return Ok(0.0);
        }
        let [cell, a, b] = self.per_sample("mutual_info_score").await?;
        let terms = ops::div(&cell_terms(&cell, &a, &b, self.n as f64)?, &cell)?;
        let mi = ops::sum(&terms, None, false)?.to_vec::<f64>().await?[0];
        Ok(mi.max(0.0))
    }
}

/// Labels as the clustering metrics take them: a 1-D array of finite values.
/// Readback: the finiteness check.
async fn check_labels(labels: &Array, name: &'static str, op: &'static str) -> Result<()> {
    if labels.ndim() != 1 {
        return Err(Error::ShapeMismatch { op, detail: format!("{name} must be 1D: shape is {:?}", labels.shape()) });
    }
    ops::ensure_finite(labels, name, op).await
}

/// The number of distinct labels and each sample's label index (int32).
/// Readback: the number of distinct labels.
pub(super) async fn encode(labels: &Array) -> Result<(usize, Array)> {
    let labels = if labels.dtype() == DType::Bool { ops::astype(labels, DType::I32)? } else { labels.clone() };
    let (values, idx) = ops::unique_inverse(&labels).await?;
    Ok((values.len(), idx))
}

/// Each cell's mutual information term, as scikit-learn writes it, from the cell's size, its
/// row and column sums and the total: (n/N)(log n − log N) + (n/N)(log N² − log(a b)), with
/// terms below float64's epsilon set to 0. Arrays broadcast; empty cells give NaN.
fn cell_terms(n: &Array, a: &Array, b: &Array, total: f64) -> Result<Array> {
    let share = ops::div_scalar(n, total)?;
    let log_n = ops::add_scalar(&ops::log(n)?, -total.ln())?;
    let log_outer = ops::rsub_scalar(2.0 * total.ln(), &ops::log(&ops::mul(a, b)?)?)?;
    let mi = ops::add(&ops::mul(&share, &log_n)?, &ops::mul(&share, &log_outer)?)?;
    let tiny = ops::less(&ops::abs(&mi)?, &ops::scalar_like(&mi, f64::EPSILON)?)?;
    ops::where_(&tiny, &ops::scalar_like(&mi, 0.0)?, &mi)
}

/// The mutual information of a contingency matrix, as scikit-learn's mutual_info_score with
/// `contingency`. Readback: the checks and the sums.
async fn contingency_mutual_info(c: &Array, op: &'static str) -> Result<f64> {
    if c.ndim() != 2 {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!("contingency must be a (classes, clusters) matrix; got shape {:?}", c.shape()),
        });
    }
    if c.is_empty() {
        return Err(Error::EmptyInput { op, shape: c.shape().to_vec() });
    }
    ops::ensure_finite(c, "contingency", op).await?;
    let c = ops::astype(c, DType::F64)?;
    let bad = ops::logical_or(&ops::less(&c, &ops::scalar_like(&c, 0.0)?)?, &ops::not_equal(&c, &ops::floor(&c)?)?)?;
    if ops::any(&bad, None, false)?.to_vec::<f64>().await?[0] != 0.0 {
        return Err(Error::invalid_parameter(
            "contingency",
            format!("{:?} matrix", c.shape()),
            format!("{op}: a contingency matrix holds non-negative integer counts"),
        ));
    }
    if c.shape()[0] == 1 || c.shape()[1] == 1 {
        return Ok(0.0);
    }
    let total = ops::sum(&c, None, false)?.to_vec::<f64>().await?[0];
    let a = ops::sum(&c, Some(1), true)?;
    let b = ops::sum(&c, Some(0), true)?;
    let terms = cell_terms(&c, &a, &b, total)?;
    let nonzero = ops::greater(&c, &ops::scalar_like(&c, 0.0)?)?;
    let terms = ops::where_(&nonzero, &terms, &ops::scalar_like(&terms, 0.0)?)?;
    Ok(ops::sum(&terms, None, false)?.to_vec::<f64>().await?[0].max(0.0))
}

/// −Σ (s / n)(log s − log n) over the sizes s of a labeling of n samples; 0 for one label.
/// Readback: the sum.
async fn entropy_of(sizes: &Array, n: usize) -> Result<f64> {
    if sizes.len() <= 1 {
        return Ok(if n == 0 { 1.0 } else { 0.0 });
    }
    let n = n as f64;
    let terms = ops::mul(&ops::div_scalar(sizes, n)?, &ops::add_scalar(&ops::log(sizes)?, -n.ln())?)?;
    Ok(-ops::sum(&terms, None, false)?.to_vec::<f64>().await?[0])
}

/// Readback: the entropies' and the mutual information's sums.
async fn v_measure(c: &Counts, beta: f64) -> Result<HomogeneityCompletenessVMeasure> {
    check_beta(beta)?;
    if c.n == 0 {
        return Ok(HomogeneityCompletenessVMeasure { homogeneity: 1.0, completeness: 1.0, v_measure: 1.0 });
    }
    let (h_true, h_pred) = (entropy_of(&c.a, c.n).await?, entropy_of(&c.b, c.n).await?);
    let mi = c.mutual_info().await?;
    let homogeneity = if h_true != 0.0 { mi / h_true } else { 1.0 };
    let completeness = if h_pred != 0.0 { mi / h_pred } else { 1.0 };
    let v_measure = if homogeneity + completeness == 0.0 {
        0.0
    } else {
        (1.0 + beta) * homogeneity * completeness / (beta * homogeneity + completeness)
    };
    Ok(HomogeneityCompletenessVMeasure { homogeneity, completeness, v_measure })
}

fn check_beta(beta: f64) -> Result<()> {
    if beta >= 0.0 && beta.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid_parameter("beta", beta, "the V-measure's beta is finite and >= 0"))
    }
}

impl<O> ClusterScore<'_, O> {
    async fn compute(self) -> Result<f64> {
        let op = self.kind.name();
        if let Some(c) = self.contingency {
            return contingency_mutual_info(c, op).await;
        }
        if self.kind == Kind::VMeasure {
            check_beta(self.beta)?;
        }
        let c = Counts::new(self.labels_true, self.labels_pred, op).await?;
        let (n, one_each) = (c.n, c.classes == c.clusters && c.classes <= 1);
        match self.kind {
            Kind::Rand => {
                let p = c.pairs().await?;
                let (agree, all) = (p.tn + p.tp, p.tn + p.fp + p.fn_ + p.tp);
                Ok(if agree == all || all == 0 { 1.0 } else { agree as f64 / all as f64 })
            }
            Kind::AdjustedRand => {
                let Pairs { tn, fp, fn_, tp } = c.pairs().await?;
                if fn_ == 0 && fp == 0 {
                    return Ok(1.0);
                }
                Ok(2.0 * (tp * tn - fn_ * fp) as f64 / ((tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn)) as f64)
            }
            Kind::FowlkesMallows => {
                let Pairs { fp, fn_, tp, .. } = c.pairs().await?;
                // TP + FP pairs share a cluster, TP + FN pairs a class.
                let (tk, pk, qk) = (tp as f64, (tp + fp) as f64, (tp + fn_) as f64);
                Ok(if tp != 0 { (tk / pk).sqrt() * (tk / qk).sqrt() } else { 0.0 })
            }
            Kind::MutualInfo => {
                if n == 0 {
                    // scikit-learn fails here too, on the logarithm of no samples.
                    return Err(Error::EmptyInput { op, shape: vec![0] });
                }
                c.mutual_info().await
            }
            Kind::NormalizedMutualInfo => {
                if one_each {
                    return Ok(1.0);
                }
                let mi = c.mutual_info().await?;
                if mi == 0.0 {
                    return Ok(0.0);
                }
                let (h_true, h_pred) = (entropy_of(&c.a, n).await?, entropy_of(&c.b, n).await?);
                Ok(mi / self.average_method.of(h_true, h_pred))
            }
            Kind::AdjustedMutualInfo => {
                if one_each {
                    return Ok(1.0);
                }
                if c.classes == 1 || c.clusters == 1 {
                    return Ok(0.0);
                }
                let mi = c.mutual_info().await?;
                // Readback: the class and cluster sizes, for the expectation.
                let (a, b) = (c.a.to_vec::<f64>().await?, c.b.to_vec::<f64>().await?);
                let emi = expected_mutual_information(&a, &b, n as f64);
                let (h_true, h_pred) = (entropy_of(&c.a, n).await?, entropy_of(&c.b, n).await?);
                // Kept away from 0 with its sign, as scikit-learn does: a perfect match may
                // give an expectation a rounding above the mean entropy.
                let away = |v: f64| if v < 0.0 { v.min(-f64::EPSILON) } else { v.max(f64::EPSILON) };
                Ok(away(mi - emi) / away(self.average_method.of(h_true, h_pred) - emi))
            }
            Kind::Homogeneity => Ok(v_measure(&c, 1.0).await?.homogeneity),
            Kind::Completeness => Ok(v_measure(&c, 1.0).await?.completeness),
            Kind::VMeasure => Ok(v_measure(&c, self.beta).await?.v_measure),
        }
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    {}
    ClusterScore<'a, Plain> => {}
    ClusterScore<'a, MutualInfo> => { contingency: Array }
    ClusterScore<'a, Averaged> => { average_method: AverageMethod }
    ClusterScore<'a, Beta> => { beta: f64 }
    HcvBuilder<'a> => { beta: f64 }
    ContingencyMatrix<'a> => { eps: f64 }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(
    ClusterScore<'a, Plain>,
    ClusterScore<'a, MutualInfo>,
    ClusterScore<'a, Averaged>,
    ClusterScore<'a, Beta>,
    HcvBuilder<'a>,
    ContingencyMatrix<'a>,
);
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::into_js_parts! {
    HomogeneityCompletenessVMeasure { homogeneity, completeness, v_measure }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    labels_true, labels_pred;
    homogeneity_completeness_v_measure => HcvBuilder<'static> as "{ homogeneity: number; completeness: number; v_measure: number }";
    contingency_matrix => ContingencyMatrix<'static> as "NDArray";
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    plain;
    pair_confusion_matrix(labels_true, labels_pred) as "NDArray";
    entropy(labels) as "number";
}
