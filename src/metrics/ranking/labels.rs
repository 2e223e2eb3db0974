//! How well each sample's scores rank its labels: the top-k accuracy of class scores, the
//! multilabel ranking metrics (label ranking average precision, coverage error, ranking loss)
//! and the discounted cumulative gains. Every rank is a count of a row's labels scored above
//! (or tied with) another, so the samples' labels are compared pairwise on the device, in
//! chunks of rows whose (rows, labels, labels) comparisons stay small; nothing is sorted.

use super::super::options::{Dcg, Ndcg, Plain, TopK};
use super::super::{check_consistent, checked_weights};
use crate::array::{concat, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::metrics::classification::{classify, TargetType, Targets};
use crate::ops;
use std::future::IntoFuture;
use std::marker::PhantomData;

metric_table! {
    LabelRanking(y_score) -> "number";
    /// The fraction of samples whose true class is among the `k` (default 2) best-scored
    /// classes. Among tied scores the higher class ranks first, as in scikit-learn's reversed
    /// stable argsort. A binary y_true takes a vector of scores of the greater class; with
    /// k = 1 it is predicted above 0.5 (scores in [0, 1]) or 0, and every k ≥ 2 hits.
    top_k_accuracy_score => TopK, TopK;
    /// The mean over samples, and over each sample's relevant labels, of the fraction of the
    /// labels scored at least as high as a relevant one that are relevant too; 1 for samples
    /// whose labels are all relevant or all irrelevant.
    label_ranking_average_precision_score => AveragePrecision, Plain;
    /// The mean number of best-scored labels that must be taken to cover every relevant label
    /// (ties counting in full); 0 for samples with no relevant label.
    coverage_error => Coverage, Plain;
    /// The mean over samples of the fraction of (relevant, irrelevant) label pairs that are
    /// ordered wrongly (ties counting as wrong); 0 for samples with no such pair.
    label_ranking_loss => RankingLoss, Plain;
    /// The discounted cumulative gain: each sample's true gains (y_true) summed in the order of
    /// its scores, the one at rank r discounted by 1 / log_base(r + 1), over the `k` best
    /// ranks. Tied scores share their ranks' discounts (their gains are averaged) unless
    /// `ignore_ties`, which breaks ties toward the higher label index.
    dcg_score => Dcg, Dcg;
    /// The DCG of each sample divided by the DCG of its ideal ranking (0 where that is 0),
    /// averaged over samples; y_true must be non-negative.
    ndcg_score => Ndcg, Ndcg;
}

/// Rows per chunk are chosen so that one chunk's pairwise comparisons hold about this many
/// elements.
const PAIRS_PER_CHUNK: usize = 1 << 20;

/// The arguments of a label-ranking score; await it for the score. `O` says which further
/// options it takes.
pub struct LabelRanking<'a, O> {
    kind: Kind,
    y_true: &'a Array,
    y_score: &'a Array,
    sample_weight: Option<&'a Array>,
    k: Option<usize>,
    normalize: bool,
    labels: Option<Vec<f64>>,
    log_base: f64,
    ignore_ties: bool,
    options: PhantomData<O>,
}

impl<'a, O> LabelRanking<'a, O> {
    fn new(kind: Kind, y_true: &'a Array, y_score: &'a Array) -> Self {
        LabelRanking {
            kind,
            y_true,
            y_score,
            sample_weight: None,
            k: None,
            normalize: true,
            labels: None,
            log_base: 2.0,
            ignore_ties: false,
            options: PhantomData,
        }
    }

    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// Readback: the checks of the inputs (y_true's distinct values, finiteness), and the
    /// score.
    async fn compute(self) -> Result<f64> {
        let op = self.kind.name();
        if self.k == Some(0) {
            return Err(Error::invalid_parameter("k", 0, format!("{op}: k is at least 1")));
        }
        if self.log_base.is_nan() || self.log_base <= 0.0 {
            return Err(Error::invalid_parameter("log_base", self.log_base, format!("{op}: log_base is positive")));
        }
        let n = check_consistent(self.y_true, self.y_score, op)?;
        if self.y_score.dtype().is_float() {
            ops::ensure_finite(self.y_score, "y_score", op).await?;
        }
        let weights = checked_weights(self.sample_weight, self.y_true, n, DType::F64, op).await?;
        let per_sample = match self.kind {
            Kind::TopK => self.top_k_hits(n).await?,
            _ => self.per_sample(n).await?,
        };
        let normalize = self.kind != Kind::TopK || self.normalize;
        let total = match &weights {
            Some(w) => ops::sum(&ops::mul(&per_sample, w)?, None, false)?,
            None => ops::sum(&per_sample, None, false)?,
        };
        let total = match (normalize, &weights) {
            (false, _) => total,
            (true, Some(w)) => ops::div(&total, &ops::sum(w, None, false)?)?,
            (true, None) => ops::div_scalar(&total, n as f64)?,
        };
        Ok(total.to_vec::<f64>().await?[0])
    }

    /// Each sample's hit (1) or miss (0) of the top-k accuracy, as float64.
    /// Readback: y_true's distinct values, and the bounds check of the true classes' scores.
    async fn top_k_hits(&self, n: usize) -> Result<Array> {
        let op = self.kind.name();
        let k = self.k.unwrap_or(2);
        let y = self.y_true;
        if y.ndim() > 2 || (y.ndim() == 2 && y.shape()[1] != 1) {
            return Err(Error::BadTarget { op, detail: format!("y_true must be a vector; got shape {:?}", y.shape()) });
        }
        let y = y.reshape(&[n as isize])?;
        let y = if y.dtype() == DType::Bool { ops::astype(&y, DType::I32)? } else { y };
        let (mut kind, present) = classify(&y, op).await?;
        if kind == TargetType::Binary && self.labels.as_ref().is_some_and(|l| l.len() > 2) {
            kind = TargetType::Multiclass;
        }
        let s = self.y_score;
        let score_classes = match kind {
            TargetType::Binary if s.ndim() == 1 || (s.ndim() == 2 && s.shape()[1] == 1) => 2,
            TargetType::Binary => {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!(
                        "y_true is binary while y_score has shape {:?}; if y_true does not hold every label, \
                         give them as labels",
                        s.shape()
                    ),
                })
            }
            TargetType::Multiclass if s.ndim() == 2 => s.shape()[1],
            TargetType::Multiclass => {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!(
                        "y_score must be (samples, classes) since y_true holds several classes; got {:?}",
                        s.shape()
                    ),
                })
            }
            other => {
                return Err(Error::BadTarget {
                    op,
                    detail: format!("y type must be 'binary' or 'multiclass', got '{other}' instead"),
                })
            }
        };
        let classes = match &self.labels {
            None if present.len() != score_classes => {
                return Err(Error::ShapeMismatch {
                    op,
                    detail: format!(
                    "the number of classes in y_true ({}) is not the number of classes in y_score ({score_classes}); \
                         give every known class as labels",
                    present.len()
                ),
                })
            }
            None => present,
            Some(labels) => {
                if labels.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(Error::invalid_parameter(
                        "labels",
                        format!("{labels:?}"),
                        format!("{op}: labels must be unique and ordered"),
                    ));
                }
                if labels.len() != score_classes {
                    return Err(Error::ShapeMismatch {
                        op,
                        detail: format!(
                            "the number of labels ({}) is not the number of classes in y_score ({score_classes})",
                            labels.len()
                        ),
                    });
                }
                if let Some(bad) = present.iter().find(|p| !labels.contains(p)) {
                    return Err(Error::UnseenLabels { op, labels: format!("{bad} is in y_true but not in labels") });
                }
                labels.clone()
            }
        };
        let codes = Targets::encode(&y, &classes)?;
        let hits = if kind == TargetType::Binary {
            if k > 1 {
                return Array::full(y.device(), &[n], 1.0, DType::F64);
            }
            // Probabilities are cut at 0.5, other scores at 0.
            let score = s.reshape(&[n as isize])?;
            let zero = ops::scalar_like(&score, 0.0)?;
            let unit = ops::logical_and(
                &ops::greater_equal(&ops::min(&score, None, false)?, &zero)?,
                &ops::less_equal(&ops::max(&score, None, false)?, &ops::scalar_like(&score, 1.0)?)?,
            )?;
            let threshold = ops::where_(&unit, &ops::scalar_like(&score, 0.5)?, &zero)?;
            let predicted = ops::astype(&ops::greater(&score, &threshold)?, DType::I32)?;
            ops::equal(&predicted, &codes)?
        } else {
            let c = classes.len();
            let codes = codes.reshape(&[n as isize, 1])?;
            let own = ops::take_along_axis(s, &codes, 1).await?;
            let index = Array::arange(y.device(), 0.0, c as f64, 1.0, DType::I32)?.reshape(&[1, c as isize])?;
            // The classes ranked before the true one: those scored higher, and the tied ones
            // of higher index.
            let tied_after = ops::logical_and(&ops::equal(s, &own)?, &ops::greater(&index, &codes)?)?;
            let before = ops::logical_or(&ops::greater(s, &own)?, &tied_after)?;
            let rank = ops::sum(&ops::astype(&before, DType::F64)?, Some(1), false)?;
            ops::less(&rank, &ops::scalar_like(&rank, k as f64)?)?
        };
        ops::astype(&hits, DType::F64)
    }

    /// Each sample's score of a multilabel ranking metric, as float64.
    /// Readback: y_true's distinct values (and for NDCG its minimum).
    async fn per_sample(&self, n: usize) -> Result<Array> {
        let op = self.kind.name();
        let (y, s) = (self.y_true, self.y_score);
        if self.kind == Kind::Ndcg {
            if ops::min(y, None, false)?.to_vec::<f64>().await?[0] < 0.0 {
                return Err(Error::OutOfDomain { op, detail: "y_true holds gains, which must not be negative".into() });
            }
            if y.ndim() == 2 && y.shape()[1] <= 1 {
                return Err(Error::BadTarget {
                    op,
                    detail: format!(
                        "NDCG is only meaningful for more than 1 document per sample; got {}",
                        y.shape()[1]
                    ),
                });
            }
        }
        if self.kind == Kind::AveragePrecision && y.shape() != s.shape() {
            return Err(different_shapes(op, y, s));
        }
        let (kind, _) = classify(y, op).await?;
        use TargetType::*;
        let supported = match self.kind {
            Kind::AveragePrecision => kind == MultilabelIndicator || (kind == Binary && y.ndim() == 2),
            Kind::Coverage | Kind::RankingLoss => kind == MultilabelIndicator,
            _ => matches!(kind, MultilabelIndicator | ContinuousMultioutput | MulticlassMultioutput),
        };
        if !supported {
            return Err(Error::BadTarget { op, detail: format!("{kind} format is not supported") });
        }
        if y.shape() != s.shape() {
            return Err(different_shapes(op, y, s));
        }
        let y = ops::astype(y, DType::F64)?;
        let s = if s.dtype() == DType::Bool { ops::astype(s, DType::I32)? } else { s.clone() };
        if self.kind == Kind::Coverage {
            return coverage(&y, &s);
        }
        let labels = y.shape()[1];
        let rows = (PAIRS_PER_CHUNK / (labels * labels).max(1)).max(1);
        let mut parts = Vec::new();
        for start in (0..n).step_by(rows) {
            let stop = (start + rows).min(n);
            parts.push(self.chunk(&y.slice_axis(0, start, stop)?, &s.slice_axis(0, start, stop)?)?);
        }
        match parts.len() {
            1 => Ok(parts.remove(0)),
            _ => concat(&parts.iter().collect::<Vec<_>>(), 0),
        }
    }

    /// The per-sample scores of a chunk of rows: y (rows, labels) as float64, s its scores.
    fn chunk(&self, y: &Array, s: &Array) -> Result<Array> {
        let (m, l) = (y.shape()[0] as isize, y.shape()[1]);
        let pairs = Pairs::new(s)?;
        let relevant = ops::astype(&ops::not_equal(y, &ops::scalar_like(y, 0.0)?)?, DType::F64)?;
        let across = |a: &Array| a.reshape(&[m, 1, l as isize]);
        let per_row = |a: &Array| ops::sum(a, Some(1), false);
        let count = |b: &Array, weight: Option<&Array>| -> Result<Array> {
            let b = ops::astype(b, DType::F64)?;
            let b = match weight {
                Some(w) => ops::mul(&b, w)?,
                None => b,
            };
            ops::sum(&b, Some(2), false)
        };
        let positives = per_row(&relevant)?;
        let trivial = ops::logical_or(
            &ops::equal(&positives, &ops::scalar_like(&positives, 0.0)?)?,
            &ops::equal(&positives, &ops::scalar_like(&positives, l as f64)?)?,
        )?;
        match self.kind {
            Kind::AveragePrecision => {
                // For each relevant label j: the relevant labels among those scored ≥ s_j,
                // over all of them.
                let at_least = ops::greater_equal(&pairs.other, &pairs.own)?;
                let ratio = ops::div(&count(&at_least, Some(&across(&relevant)?))?, &count(&at_least, None)?)?;
                let mean = ops::div(&per_row(&ops::mul(&relevant, &ratio)?)?, &positives)?;
                ops::where_(&trivial, &ops::scalar_like(&mean, 1.0)?, &mean)
            }
            Kind::RankingLoss => {
                // For each irrelevant label j: the relevant labels scored ≤ s_j.
                let at_most = ops::less_equal(&pairs.other, &pairs.own)?;
                let below = count(&at_most, Some(&across(&relevant)?))?;
                let wrong = per_row(&ops::mul(&ops::rsub_scalar(1.0, &relevant)?, &below)?)?;
                let both = ops::mul(&positives, &ops::rsub_scalar(l as f64, &positives)?)?;
                let loss = ops::div(&wrong, &both)?;
                ops::where_(&trivial, &ops::scalar_like(&loss, 0.0)?, &loss)
            }
            Kind::Dcg => self.dcg(y, &pairs, self.ignore_ties),
            _ => {
                let gain = self.dcg(y, &pairs, self.ignore_ties)?;
                // The ideal ranking orders by the gains themselves; its ties hold equal gains.
                let ideal = self.dcg(y, &Pairs::new(y)?, true)?;
                let none = ops::equal(&ideal, &ops::scalar_like(&ideal, 0.0)?)?;
                ops::where_(&none, &ops::scalar_like(&ideal, 0.0)?, &ops::div(&gain, &ideal)?)
            }
        }
    }

    /// Each row's DCG of the gains y ranked by the scores of `pairs`.
    fn dcg(&self, y: &Array, pairs: &Pairs, ignore_ties: bool) -> Result<Array> {
        let (m, l) = (y.shape()[0] as isize, y.shape()[1] as isize);
        let count = |b: &Array| ops::sum(&ops::astype(b, DType::F64)?, Some(2), false);
        let tied = ops::equal(&pairs.other, &pairs.own)?;
        // The rank (from 0) of label j with ties broken toward the higher index; a tied group
        // holds the same ranks either way.
        let index = Array::arange(y.device(), 0.0, l as f64, 1.0, DType::I32)?;
        let later = ops::greater(&index.reshape(&[1, 1, l])?, &index.reshape(&[1, l, 1])?)?;
        let rank =
            ops::add(&count(&ops::greater(&pairs.other, &pairs.own)?)?, &count(&ops::logical_and(&tied, &later)?)?)?;
        let discount =
            ops::div(&ops::scalar_like(&rank, self.log_base.ln())?, &ops::log(&ops::add_scalar(&rank, 2.0)?)?)?;
        let discount = match self.k {
            Some(k) => {
                let kept = ops::less(&rank, &ops::scalar_like(&rank, k as f64)?)?;
                ops::where_(&kept, &discount, &ops::scalar_like(&discount, 0.0)?)
            }
            None => Ok(discount),
        }?;
        let gain = if ignore_ties {
            y.clone()
        } else {
            // Each label's gain is its tied group's mean gain.
            let tied_f = ops::astype(&tied, DType::F64)?;
            let group = ops::sum(&ops::mul(&tied_f, &y.reshape(&[m, 1, l])?)?, Some(2), false)?;
            ops::div(&group, &ops::sum(&tied_f, Some(2), false)?)?
        };
        ops::sum(&ops::mul(&discount, &gain)?, Some(1), false)
    }
}

/// A chunk's scores set up for pairwise comparison: at [r, j, i], `own` is label j's score of
/// row r and `other` label i's.
struct Pairs {
    own: Array,
    other: Array,
}

impl Pairs {
    fn new(s: &Array) -> Result<Pairs> {
        let (m, l) = (s.shape()[0] as isize, s.shape()[1] as isize);
        Ok(Pairs { own: s.reshape(&[m, l, 1])?, other: s.reshape(&[m, 1, l])? })
    }
}

/// Each row's coverage: how many labels score at least as high as its lowest-scored relevant
/// label (0 with no relevant label, whose lowest score is +inf).
fn coverage(y: &Array, s: &Array) -> Result<Array> {
    let s = if s.dtype().is_float() { s.clone() } else { ops::astype(s, DType::F64)? };
    let relevant = ops::not_equal(y, &ops::scalar_like(y, 0.0)?)?;
    let lowest = ops::min(&ops::where_(&relevant, &s, &ops::scalar_like(&s, f64::INFINITY)?)?, Some(1), true)?;
    ops::sum(&ops::astype(&ops::greater_equal(&s, &lowest)?, DType::F64)?, Some(1), false)
}

fn different_shapes(op: &'static str, y: &Array, s: &Array) -> Error {
    Error::ShapeMismatch {
        op,
        detail: format!("y_true and y_score have different shapes: {:?} and {:?}", y.shape(), s.shape()),
    }
}

impl<'a> LabelRanking<'a, TopK> {
    /// How many of the best-scored classes may hold the true one (default 2).
    pub fn k(mut self, k: usize) -> Self {
        self.k = Some(k);
        self
    }
    /// The fraction of samples hit (the default), or their (weighted) count.
    pub fn normalize(mut self, normalize: bool) -> Self {
        self.normalize = normalize;
        self
    }
    /// Every class y_score's columns stand for, sorted; by default those of y_true.
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }
}

impl<'a> LabelRanking<'a, Dcg> {
    /// Only the `k` best ranks count (default: all).
    pub fn k(mut self, k: usize) -> Self {
        self.k = Some(k);
        self
    }
    /// The base of the discount's logarithm (default 2); a lower base discounts faster.
    pub fn log_base(mut self, log_base: f64) -> Self {
        self.log_base = log_base;
        self
    }
    /// Treat tied scores as ordered by label index, higher first, instead of averaging their
    /// gains: faster, and the same where scores do not tie.
    pub fn ignore_ties(mut self, ignore_ties: bool) -> Self {
        self.ignore_ties = ignore_ties;
        self
    }
}

impl<'a> LabelRanking<'a, Ndcg> {
    /// Only the `k` best ranks count, in the DCG and in its ideal (default: all).
    pub fn k(mut self, k: usize) -> Self {
        self.k = Some(k);
        self
    }
    /// Treat tied scores as ordered by label index, higher first, as for [`dcg_score`].
    pub fn ignore_ties(mut self, ignore_ties: bool) -> Self {
        self.ignore_ties = ignore_ties;
        self
    }
}

impl<'a, O: 'a> IntoFuture for LabelRanking<'a, O> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { sample_weight: Array }
    LabelRanking<'a, Plain> => {}
    LabelRanking<'a, TopK> => { k: usize, normalize: bool, labels: Vec<f64> }
    LabelRanking<'a, Dcg> => { k: usize, log_base: f64, ignore_ties: bool }
    LabelRanking<'a, Ndcg> => { k: usize, ignore_ties: bool }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(
    LabelRanking<'a, Plain>,
    LabelRanking<'a, TopK>,
    LabelRanking<'a, Dcg>,
    LabelRanking<'a, Ndcg>
);
