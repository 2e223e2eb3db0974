//! Counting a classification task's outcomes on the device: the confusion matrix, and the
//! per-label true positives, predicted and true counts that the multilabel confusion matrix
//! and the set-wise scores (precision, recall, F, Jaccard) are made of.

use super::target::{TargetType, Targets};
use crate::array::{stack, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops;

/// The per-label counts (weighted sums where sample weights are given) of a task: each
/// (labels,) vector, or (samples,) for the sample-wise counts of multilabel targets.
pub(crate) struct LabelSums {
    pub tp: Array,
    pub pred: Array,
    pub truth: Array,
    /// What tn = total - tp - fp - fn subtracts from: the samples' (weighted) count, or for
    /// sample-wise counts each sample's weight times the number of labels.
    pub total: Array,
}

/// Positions of `wanted` in the sorted `classes`, which hold them all.
fn positions(classes: &[f64], wanted: &[f64]) -> Vec<i32> {
    wanted.iter().map(|w| classes.partition_point(|c| c < w) as i32).collect()
}

/// The labels asked for, checked: not empty, no label twice.
fn check_labels(labels: &[f64], op: &'static str) -> Result<()> {
    if labels.is_empty() {
        return Err(Error::invalid_parameter("labels", "[]", format!("{op}: labels must hold at least one label")));
    }
    let mut sorted = labels.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.windows(2).any(|w| w[0] == w[1]) || labels.iter().any(|l| !l.is_finite()) {
        return Err(Error::invalid_parameter(
            "labels",
            format!("{labels:?}"),
            format!("{op}: labels must be finite and distinct"),
        ));
    }
    Ok(())
}

/// `a` summed per class of `classes` (int32 positions, `k` of them; position k is dropped),
/// weighted by `w` where given.
/// Readback: the weighted bincount's longest run.
async fn per_class(classes: &Array, k: usize, w: Option<&Array>) -> Result<Array> {
    let counts = ops::bincount(classes, w, k + 1).await?;
    counts.slice_axis(0, 0, k)
}

/// The per-label counts of `t` for `labels` (all present labels when None), in their order;
/// `samplewise` counts per sample instead (multilabel targets only), as scikit-learn's
/// `multilabel_confusion_matrix`. Without weights the counts are int32.
/// Readback: the positions of the labels asked for (gathered by `take`), and the weighted
/// bincounts' longest runs.
pub(crate) async fn label_sums(
    t: &Targets,
    labels: Option<&[f64]>,
    weights: Option<&Array>,
    samplewise: bool,
    op: &'static str,
) -> Result<LabelSums> {
    if let Some(labels) = labels {
        check_labels(labels, op)?;
    }
    let device = t.y_true.device();
    if t.kind != TargetType::MultilabelIndicator {
        if samplewise {
            return Err(Error::BadTarget {
                op,
                detail: "sample-wise metrics are only available for multilabel targets".into(),
            });
        }
        let mut classes = t.present.clone();
        if let Some(labels) = labels {
            classes.extend_from_slice(labels);
            classes.sort_by(f64::total_cmp);
            classes.dedup();
        }
        let k = classes.len();
        let yt = Targets::encode(&t.y_true, &classes)?;
        let yp = Targets::encode(&t.y_pred, &classes)?;
        let hits = ops::equal(&yt, &yp)?;
        let (tp, pred, truth, total) = match weights {
            Some(w) => {
                let w_hits = ops::mul(w, &ops::astype(&hits, w.dtype())?)?;
                let tp = per_class(&yt, k, Some(&w_hits)).await?;
                (tp, per_class(&yp, k, Some(w)).await?, per_class(&yt, k, Some(w)).await?, ops::sum(w, None, false)?)
            }
            None => {
                let misses = Array::scalar(device, k as f64, DType::I32)?;
                let tp = per_class(&ops::where_(&hits, &yt, &misses)?, k, None).await?;
                let total = Array::scalar(device, t.n as f64, DType::I32)?;
                (tp, per_class(&yp, k, None).await?, per_class(&yt, k, None).await?, total)
            }
        };
        let Some(labels) = labels else { return Ok(LabelSums { tp, pred, truth, total }) };
        let at = Array::from_vec(device, positions(&classes, labels), &[labels.len()])?;
        return Ok(LabelSums {
            tp: ops::take(&tp, &at, 0).await?,
            pred: ops::take(&pred, &at, 0).await?,
            truth: ops::take(&truth, &at, 0).await?,
            total,
        });
    }
    let columns = t.present.len();
    let (y_true, y_pred) = match labels {
        Some(labels) => {
            if let Some(bad) = labels.iter().find(|l| l.fract() != 0.0 || **l < 0.0 || **l >= columns as f64) {
                return Err(Error::invalid_parameter(
                    "labels",
                    format!("{labels:?}"),
                    format!("{op}: multilabel targets have the labels 0..{columns}; {bad} is not one of them"),
                ));
            }
            let at = Array::from_vec(device, labels.iter().map(|&l| l as i32).collect(), &[labels.len()])?;
            (ops::take(&t.y_true, &at, 1).await?, ops::take(&t.y_pred, &at, 1).await?)
        }
        None => (t.y_true.clone(), t.y_pred.clone()),
    };
    let n_labels = y_true.shape()[1];
    let positive = |y: &Array| ops::not_equal(y, &Array::scalar(device, 0.0, y.dtype())?);
    let (pt, pp) = (positive(&y_true)?, positive(&y_pred)?);
    let both = ops::logical_and(&pt, &pp)?;
    let axis = if samplewise { 1 } else { 0 };
    match weights {
        Some(w) => {
            let w = w.reshape(&[t.n as isize, 1])?;
            let sum = |a: &Array| -> Result<Array> {
                ops::sum(&ops::mul(&ops::astype(a, w.dtype())?, &w)?, Some(axis), false)
            };
            let total = if samplewise {
                ops::mul_scalar(&w.reshape(&[-1])?, n_labels as f64)?
            } else {
                ops::sum(&w, None, false)?
            };
            Ok(LabelSums { tp: sum(&both)?, pred: sum(&pp)?, truth: sum(&pt)?, total })
        }
        None => {
            let count = |a: &Array| ops::count_nonzero(a, Some(axis), false);
            let total = Array::scalar(device, if samplewise { n_labels } else { t.n } as f64, DType::I32)?;
            Ok(LabelSums { tp: count(&both)?, pred: count(&pp)?, truth: count(&pt)?, total })
        }
    }
}

impl LabelSums {
    /// The (labels, 2, 2) matrices [[tn, fp], [fn, tp]] of each label.
    fn matrices(&self) -> Result<Array> {
        let fp = ops::sub(&self.pred, &self.tp)?;
        let fn_ = ops::sub(&self.truth, &self.tp)?;
        let tn = ops::sub(&ops::sub(&ops::sub(&self.total, &self.tp)?, &fp)?, &fn_)?;
        let k = self.tp.len() as isize;
        stack(&[&tn, &fp, &fn_, &self.tp], 1)?.reshape(&[k, 2, 2])
    }
}

crate::estimator::options! {
    /// How [`confusion_matrix`] normalizes its counts.
    pub enum Normalize {
        /// Over the true labels: each row sums to 1.
        True = "true",
        /// Over the predicted labels: each column sums to 1.
        Pred = "pred",
        /// Over all samples.
        All = "all",
    }
    not_provided: []
}

/// The confusion matrix C, with C[i, j] the (weighted) count of samples of true label i
/// predicted as j, labels in sorted order or in the order of `labels`. Counts are int32
/// without sample weights, floats with them or when normalized.
pub fn confusion_matrix<'a>(y_true: &'a Array, y_pred: &'a Array) -> ConfusionMatrix<'a> {
    ConfusionMatrix { op: "confusion_matrix", y_true, y_pred, labels: None, sample_weight: None, normalize: None }
}

/// The arguments of [`confusion_matrix`]; await it for the matrix.
pub struct ConfusionMatrix<'a> {
    /// The method errors name: this one, or the score computed from the matrix.
    op: &'static str,
    y_true: &'a Array,
    y_pred: &'a Array,
    labels: Option<Vec<f64>>,
    sample_weight: Option<&'a Array>,
    normalize: Option<Normalize>,
}

impl<'a> ConfusionMatrix<'a> {
    /// The matrix behind the score `op`, which its errors name.
    pub(crate) fn named(mut self, op: &'static str) -> Self {
        self.op = op;
        self
    }
    /// The labels to index the matrix by, in this order; samples of other labels are left
    /// out. At least one must occur in y_true.
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }
    /// Normalize the counts (default: raw counts); a row or column that sums to zero gives
    /// zeros, as scikit-learn.
    pub fn normalize(mut self, normalize: impl Into<Option<Normalize>>) -> Self {
        self.normalize = normalize.into();
        self
    }

    /// Readback: the labels, the label positions of the reordering, and the weighted
    /// bincount's longest run.
    async fn compute(self) -> Result<Array> {
        let op = self.op;
        let t = Targets::check(self.y_true, self.y_pred, op).await?;
        if t.kind == TargetType::MultilabelIndicator {
            return Err(Error::BadTarget { op, detail: "multilabel-indicator targets are not supported".into() });
        }
        let weights = super::super::checked_weights(self.sample_weight, self.y_true, t.n, DType::F64, op).await?;
        let labels = match &self.labels {
            Some(labels) => {
                check_labels(labels, op)?;
                if !labels.iter().any(|l| t.in_true.contains(l)) {
                    return Err(Error::invalid_parameter(
                        "labels",
                        format!("{labels:?}"),
                        format!("{op}: at least one label must occur in y_true ({:?})", t.in_true),
                    ));
                }
                labels.clone()
            }
            None => t.present.clone(),
        };
        let k = labels.len();
        // The cells are counted by int32 index on the device, one past the k² kept.
        if k.checked_mul(k).is_none_or(|cells| cells >= i32::MAX as usize) {
            return Err(Error::ShapeTooLarge { op, shape: vec![k, k] });
        }
        let mut sorted = labels.clone();
        sorted.sort_by(f64::total_cmp);
        let device = t.y_true.device();
        let yt = Targets::encode(&t.y_true, &sorted)?;
        let yp = Targets::encode(&t.y_pred, &sorted)?;
        // Cell yt·k + yp; samples of a label not asked for go to the dropped cell k².
        let int = |v: usize| Array::scalar(device, v as f64, DType::I32);
        let kept = ops::logical_and(&ops::less(&yt, &int(k)?)?, &ops::less(&yp, &int(k)?)?)?;
        let cell = ops::where_(&kept, &ops::add(&ops::mul(&yt, &int(k)?)?, &yp)?, &int(k * k)?)?;
        let cells = per_class(&cell, k * k, weights.as_ref()).await?;
        let mut cm = cells.reshape(&[k as isize, k as isize])?;
        if sorted != labels {
            let at = Array::from_vec(device, positions(&sorted, &labels), &[k])?;
            cm = ops::take(&ops::take(&cm, &at, 0).await?, &at, 1).await?;
        }
        let Some(normalize) = self.normalize else { return Ok(cm) };
        let cm = ops::astype(&cm, DType::F64)?;
        let sums = match normalize {
            Normalize::True => ops::sum(&cm, Some(1), true)?,
            Normalize::Pred => ops::sum(&cm, Some(0), true)?,
            Normalize::All => ops::sum(&cm, None, false)?,
        };
        divide_or(&cm, &sums, 0.0)
    }
}

impl<'a> std::future::IntoFuture for ConfusionMatrix<'a> {
    type Output = Result<Array>;
    type IntoFuture = crate::estimator::BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

/// numerator / denominator (which broadcast), with `fallback` where the denominator is
/// zero: chosen with `where`, since a GPU's division by zero need not follow IEEE.
pub(crate) fn divide_or(numerator: &Array, denominator: &Array, fallback: f64) -> Result<Array> {
    let dtype = DType::promote(numerator.dtype().float_result(), denominator.dtype().float_result());
    let (numerator, denominator) = (ops::astype(numerator, dtype)?, ops::astype(denominator, dtype)?);
    let zero = ops::equal(&denominator, &ops::scalar_like(&denominator, 0.0)?)?;
    let safe = ops::where_(&zero, &ops::scalar_like(&denominator, 1.0)?, &denominator)?;
    ops::where_(&zero, &ops::scalar_like(&numerator, fallback)?, &ops::div(&numerator, &safe)?)
}

/// The per-label confusion matrices, (labels, 2, 2) [[tn, fp], [fn, tp]], for binary,
/// multiclass (one label against the rest) and multilabel targets; `samplewise` gives one
/// per sample instead (multilabel only). Counts are int32 without sample weights.
pub fn multilabel_confusion_matrix<'a>(y_true: &'a Array, y_pred: &'a Array) -> MultilabelConfusionMatrix<'a> {
    MultilabelConfusionMatrix { y_true, y_pred, labels: None, sample_weight: None, samplewise: false }
}

/// The arguments of [`multilabel_confusion_matrix`]; await it for the matrices.
pub struct MultilabelConfusionMatrix<'a> {
    y_true: &'a Array,
    y_pred: &'a Array,
    labels: Option<Vec<f64>>,
    sample_weight: Option<&'a Array>,
    samplewise: bool,
}

impl<'a> MultilabelConfusionMatrix<'a> {
    /// The labels to count, in this order (for multilabel targets, column indices).
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }
    /// One matrix per sample rather than per label (multilabel targets only).
    pub fn samplewise(mut self, samplewise: bool) -> Self {
        self.samplewise = samplewise;
        self
    }

    /// Readback: as [`label_sums`].
    async fn compute(self) -> Result<Array> {
        const OP: &str = "multilabel_confusion_matrix";
        let t = Targets::check(self.y_true, self.y_pred, OP).await?;
        let weights = super::super::checked_weights(self.sample_weight, self.y_true, t.n, DType::F64, OP).await?;
        let sums = label_sums(&t, self.labels.as_deref(), weights.as_ref(), self.samplewise, OP).await?;
        sums.matrices()
    }
}

impl<'a> std::future::IntoFuture for MultilabelConfusionMatrix<'a> {
    type Output = Result<Array>;
    type IntoFuture = crate::estimator::BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { labels: Vec<f64>, sample_weight: Array }
    ConfusionMatrix<'a> => { normalize: Normalize }
    MultilabelConfusionMatrix<'a> => { samplewise: bool }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(ConfusionMatrix<'a>, MultilabelConfusionMatrix<'a>);
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    y_true, y_pred;
    confusion_matrix => ConfusionMatrix<'static> as "NDArray";
    multilabel_confusion_matrix => MultilabelConfusionMatrix<'static> as "NDArray";
}
