//! Areas under the threshold curves: `auc` of any curve, the average precision, and the area
//! under the ROC curve of binary, multilabel and multiclass (one-vs-rest, one-vs-one) scores.

use super::curves::{diff, precision_recall_curve, roc_curve};
use crate::array::{stack, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::metrics::classification::{classify, Average, TargetType};
use crate::metrics::{bounded, UNIT};
use crate::ops;
use std::future::IntoFuture;

/// The area under the curve through the points (x, y) by the trapezoidal rule; x must be
/// monotonic (increasing or decreasing).
/// Readback: the monotonicity checks and the area.
pub async fn auc(x: &Array, y: &Array) -> Result<f64> {
    const OP: &str = "auc";
    let n = super::super::check_consistent(x, y, OP)?;
    if x.ndim() != 1 || y.ndim() != 1 || n < 2 {
        return Err(Error::ShapeMismatch {
            op: OP,
            detail: format!("at least 2 points are needed, as two vectors; got x {:?}, y {:?}", x.shape(), y.shape()),
        });
    }
    let (x, y) = (ops::astype(x, DType::F64)?, ops::astype(y, DType::F64)?);
    let dx = diff(&x)?;
    let zero = ops::scalar_like(&dx, 0.0)?;
    let falls = ops::astype(&ops::any(&ops::less(&dx, &zero)?, None, false)?, DType::F64)?;
    let rises = ops::astype(&ops::any(&ops::greater(&dx, &zero)?, None, false)?, DType::F64)?;
    let v = stack(&[&trapezoid(&x, &y)?, &falls, &rises], 0)?.to_vec::<f64>().await?;
    match (v[1] != 0.0, v[2] != 0.0) {
        (true, true) => Err(Error::BadTarget { op: OP, detail: "x is neither increasing nor decreasing".into() }),
        (true, false) => Ok(-v[0]),
        _ => Ok(v[0]),
    }
}

/// The trapezoidal area under (x, y) as a 0-d float64 array, for x increasing. The ROC
/// curves' areas skip `auc`'s monotonicity check: their rates are running sums from a
/// parallel scan, which may step back by an ulp where scikit-learn's sequential sums repeat.
fn trapezoid(x: &Array, y: &Array) -> Result<Array> {
    let n = x.len();
    let (x, y) = (ops::astype(x, DType::F64)?, ops::astype(y, DType::F64)?);
    let dx = diff(&x)?;
    let heights = ops::add(&y.slice_axis(0, 1, n)?, &y.slice_axis(0, 0, n - 1)?)?;
    ops::mul_scalar(&ops::sum(&ops::mul(&dx, &heights)?, None, false)?, 0.5)
}

crate::estimator::options! {
    /// How [`roc_auc_score`] treats a multiclass target (scikit-learn's `multi_class`).
    #[derive(Default)]
    pub enum MultiClass {
        /// Refuse multiclass targets.
        #[default]
        Raise = "raise",
        /// Each class against the rest.
        Ovr = "ovr",
        /// Each pair of classes against each other (no sample weights).
        Ovo = "ovo",
    }
    not_provided: []
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    AveragePrecision,
    RocAuc,
}

/// The average precision of a scoring: the precision at each threshold weighted by the
/// recall it adds. For multilabel targets (and multiclass ones, with one score column per
/// class, in sorted order) the per-label scores are averaged as `average` says (default
/// macro).
pub fn average_precision_score<'a>(y_true: &'a Array, y_score: &'a Array) -> AreaScore<'a> {
    AreaScore::new(Kind::AveragePrecision, y_true, y_score)
}

/// The area under the ROC curve (`max_fpr` for its standardized part up to a false positive
/// rate); for multilabel targets, and multiclass ones as `multi_class` says, averaged as
/// `average` says (default macro).
pub fn roc_auc_score<'a>(y_true: &'a Array, y_score: &'a Array) -> AreaScore<'a> {
    AreaScore::new(Kind::RocAuc, y_true, y_score)
}

/// The arguments of an area score; await it for the score, or call `per_label()` for each
/// label's (scikit-learn's `average=None`).
pub struct AreaScore<'a> {
    kind: Kind,
    y_true: &'a Array,
    y_score: &'a Array,
    average: Average,
    per_label: bool,
    pos_label: f64,
    sample_weight: Option<&'a Array>,
    max_fpr: Option<f64>,
    multi_class: MultiClass,
    labels: Option<Vec<f64>>,
}

impl<'a> AreaScore<'a> {
    fn new(kind: Kind, y_true: &'a Array, y_score: &'a Array) -> Self {
        AreaScore {
            kind,
            y_true,
            y_score,
            average: Average::Macro,
            per_label: false,
            pos_label: 1.0,
            sample_weight: None,
            max_fpr: None,
            multi_class: MultiClass::Raise,
            labels: None,
        }
    }

    fn op(&self) -> &'static str {
        match self.kind {
            Kind::AveragePrecision => "average_precision_score",
            Kind::RocAuc => "roc_auc_score",
        }
    }

    /// How the labels' scores combine: Micro, Macro (the default), Weighted or Samples.
    pub fn average(mut self, average: Average) -> Self {
        self.average = average;
        self
    }
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }
    /// The positive class of a binary average precision (default 1; fixed to 1 for
    /// multilabel and multiclass targets).
    pub fn pos_label(mut self, pos_label: f64) -> Self {
        self.pos_label = pos_label;
        self
    }
    /// The ROC AUC up to this false positive rate, in (0, 1], standardized (McClish) so that
    /// chance scores 0.5; binary and multilabel targets only.
    pub fn max_fpr(mut self, max_fpr: f64) -> Self {
        self.max_fpr = Some(max_fpr);
        self
    }
    /// How a multiclass ROC AUC is computed (default: refused).
    pub fn multi_class(mut self, multi_class: MultiClass) -> Self {
        self.multi_class = multi_class;
        self
    }
    /// The classes of a multiclass ROC AUC's score columns, sorted; by default y_true's.
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }
    /// Each label's score, as an array (scikit-learn's `average=None`).
    pub fn per_label(mut self) -> PerLabelAreas<'a> {
        self.per_label = true;
        PerLabelAreas(self)
    }

    /// The score of one binary task: y01 holds 1 for the positive samples (or `pos_label`).
    /// Readback: as the curves, and the area.
    async fn binary(&self, y: &Array, score: &Array, weights: Option<&Array>) -> Result<f64> {
        match self.kind {
            Kind::AveragePrecision => {
                let curve = precision_recall_curve(y, score)
                    .named(self.op())
                    .pos_label(self.pos_label)
                    .sample_weight(weights)
                    .await?;
                let m = curve.recall.len();
                let gain = ops::sub(&curve.recall.slice_axis(0, 1, m)?, &curve.recall.slice_axis(0, 0, m - 1)?)?;
                let area = ops::sum(&ops::mul(&gain, &curve.precision.slice_axis(0, 0, m - 1)?)?, None, false)?;
                Ok(bounded(-area.to_vec::<f64>().await?[0], UNIT))
            }
            Kind::RocAuc => {
                let (_, present) = classify(y, self.op()).await?;
                if present.len() != 2 {
                    // scikit-learn warns and returns NaN: one class has no ROC curve.
                    return Ok(f64::NAN);
                }
                let curve = roc_curve(y, score).named(self.op()).pos_label(present[1]).sample_weight(weights).await?;
                let max_fpr = match self.max_fpr {
                    Some(f) if f < 1.0 => f,
                    _ => return Ok(bounded(trapezoid(&curve.fpr, &curve.tpr)?.to_vec::<f64>().await?[0], UNIT)),
                };
                Ok(bounded(partial_auc(&curve.fpr, &curve.tpr, max_fpr).await?, UNIT))
            }
        }
    }

    /// Each label's (or sample's) score and the weights that average them, as scikit-learn's
    /// `_average_binary_score`; a binary target gives its one score.
    /// Readback: the labels, and each binary score.
    async fn scores(&self) -> Result<(Vec<f64>, Option<Vec<f64>>)> {
        let op = self.op();
        if self.average == Average::Binary {
            return Err(Error::invalid_parameter(
                "average",
                Average::Binary,
                format!("{op}: average is one of 'micro', 'macro', 'weighted', 'samples' or per_label() (None)"),
            ));
        }
        if let Some(f) = self.max_fpr {
            if !(f > 0.0 && f <= 1.0) {
                return Err(Error::invalid_parameter("max_fpr", f, format!("{op}: max_fpr is in (0, 1]")));
            }
        }
        let n = super::super::check_consistent(self.y_true, self.y_score, op)?;
        let (kind, present) = classify(self.y_true, op).await?;
        let weights = super::super::checked_weights(self.sample_weight, self.y_true, n, DType::F64, op).await?;
        let wide_score = self.y_score.ndim() == 2 && self.y_score.shape()[1] > 2;
        let truth = match (kind, self.kind) {
            (TargetType::Binary, Kind::AveragePrecision) => {
                if present.len() == 2 && !present.contains(&self.pos_label) {
                    return Err(Error::invalid_parameter(
                        "pos_label",
                        self.pos_label,
                        format!("{op}: pos_label is not a valid label; it should be one of {present:?}"),
                    ));
                }
                return Ok((vec![self.binary(self.y_true, self.y_score, weights.as_ref()).await?], None));
            }
            (TargetType::Multiclass, Kind::AveragePrecision) => {
                if self.pos_label != 1.0 {
                    return Err(fixed_pos_label(op, kind));
                }
                one_hot(self.y_true, &present, n)?
            }
            (TargetType::Multiclass, Kind::RocAuc) => return self.multiclass_roc(&present, n, weights.as_ref()).await,
            (TargetType::Binary, Kind::RocAuc) if wide_score => {
                return self.multiclass_roc(&present, n, weights.as_ref()).await
            }
            (TargetType::Binary, Kind::RocAuc) => {
                return Ok((vec![self.binary(self.y_true, self.y_score, weights.as_ref()).await?], None));
            }
            (TargetType::MultilabelIndicator, _) => {
                if self.kind == Kind::AveragePrecision && self.pos_label != 1.0 {
                    return Err(fixed_pos_label(op, kind));
                }
                ops::astype(self.y_true, DType::F64)?
            }
            (kind, _) => return Err(Error::BadTarget { op, detail: format!("{kind} format is not supported") }),
        };
        self.labelwise(&truth, weights.as_ref()).await
    }

    /// `_average_binary_score` of (samples, labels) 0/1 truth against y_score.
    /// Readback: each binary score, and the averaging weights.
    async fn labelwise(&self, truth: &Array, weights: Option<&Array>) -> Result<(Vec<f64>, Option<Vec<f64>>)> {
        let op = self.op();
        let (n, k) = (truth.shape()[0], truth.shape()[1]);
        if self.y_score.shape() != truth.shape() {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!(
                    "y_score must be of shape (samples, classes) = {:?}; got {:?}",
                    truth.shape(),
                    self.y_score.shape()
                ),
            });
        }
        let score = self.y_score;
        let column = |a: &Array, c: usize| a.slice_axis(1, c, c + 1)?.reshape(&[n as isize]);
        let row = |a: &Array, r: usize| a.slice_axis(0, r, r + 1)?.reshape(&[k as isize]);
        match (self.average, self.per_label) {
            (Average::Micro, false) => {
                let w = match weights {
                    Some(w) => {
                        // Each sample's weight for each of its labels (NumPy's repeat).
                        let ones = Array::full(w.device(), truth.shape(), 1.0, w.dtype())?;
                        Some(ops::mul(&w.reshape(&[n as isize, 1])?, &ones)?.reshape(&[-1])?)
                    }
                    None => None,
                };
                let s = self.binary(&truth.reshape(&[-1])?, &score.reshape(&[-1])?, w.as_ref()).await?;
                Ok((vec![s], None))
            }
            (Average::Samples, false) => {
                let mut scores = Vec::with_capacity(n);
                for r in 0..n {
                    scores.push(self.binary(&row(truth, r)?, &row(score, r)?, None).await?);
                }
                let average = match weights {
                    Some(w) => Some(w.to_vec::<f64>().await?),
                    None => None,
                };
                Ok((scores, average))
            }
            _ => {
                let mut scores = Vec::with_capacity(k);
                for c in 0..k {
                    scores.push(self.binary(&column(truth, c)?, &column(score, c)?, weights).await?);
                }
                if self.average != Average::Weighted || self.per_label {
                    return Ok((scores, None));
                }
                let support = match weights {
                    Some(w) => ops::sum(&ops::mul(truth, &w.reshape(&[n as isize, 1])?)?, Some(0), false)?,
                    None => ops::sum(truth, Some(0), false)?,
                };
                Ok((scores, Some(support.to_vec::<f64>().await?)))
            }
        }
    }

    /// The one-vs-rest or one-vs-one ROC AUC of a multiclass target.
    /// Readback: as [`Self::labelwise`], and the rows' sums.
    async fn multiclass_roc(
        &self,
        present: &[f64],
        n: usize,
        weights: Option<&Array>,
    ) -> Result<(Vec<f64>, Option<Vec<f64>>)> {
        let op = self.op();
        if self.max_fpr.is_some_and(|f| f != 1.0) {
            return Err(Error::invalid_parameter(
                "max_fpr",
                self.max_fpr.unwrap_or(1.0),
                format!("{op}: the partial AUC is not available for multiclass targets"),
            ));
        }
        if self.multi_class == MultiClass::Raise {
            return Err(Error::invalid_parameter(
                "multi_class",
                MultiClass::Raise,
                format!("{op}: a multiclass target needs multi_class 'ovr' or 'ovo'"),
            ));
        }
        let score = self.y_score;
        if score.ndim() != 2 {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("y_score must be (samples, classes) for a multiclass target; got {:?}", score.shape()),
            });
        }
        let sums = ops::sum(&ops::astype(score, DType::F64)?, Some(1), false)?;
        let off = ops::abs(&ops::add_scalar(&sums, -1.0)?)?;
        if ops::max(&off, None, false)?.to_vec::<f64>().await?[0] > 1e-8 + 1e-5 {
            return Err(Error::OutOfDomain {
                op,
                detail: "multiclass ROC AUC needs probabilities: each row of y_score must sum to 1".into(),
            });
        }
        let classes = match &self.labels {
            Some(labels) => {
                if labels.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(Error::invalid_parameter(
                        "labels",
                        format!("{labels:?}"),
                        format!("{op}: labels must be distinct and sorted"),
                    ));
                }
                if let Some(bad) = present.iter().find(|p| !labels.contains(p)) {
                    return Err(Error::UnseenLabels { op, labels: format!("{bad} is in y_true but not in labels") });
                }
                labels.clone()
            }
            None => present.to_vec(),
        };
        if classes.len() != score.shape()[1] {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!("{} classes ({classes:?}) but y_score has {} columns", classes.len(), score.shape()[1]),
            });
        }
        if self.multi_class == MultiClass::Ovr {
            return self.labelwise(&one_hot(self.y_true, &classes, n)?, weights).await;
        }
        if weights.is_some() {
            return Err(Error::invalid_parameter(
                "sample_weight",
                "given",
                format!("{op}: one-vs-one ROC AUC takes no sample weights"),
            ));
        }
        if self.per_label || self.average == Average::Micro || self.average == Average::Samples {
            return Err(Error::invalid_parameter(
                "average",
                if self.per_label { "per_label".into() } else { format!("{:?}", self.average) },
                format!("{op}: one-vs-one ROC AUC averages Macro or Weighted"),
            ));
        }
        let y = ops::astype(&self.y_true.reshape(&[n as isize])?, DType::F64)?;
        let (mut pairs, mut prevalence) = (Vec::new(), Vec::new());
        for (i, &a) in present.iter().enumerate() {
            for &b in &present[i + 1..] {
                let is = |label: f64| ops::equal(&y, &Array::scalar(y.device(), label, DType::F64)?);
                let (in_a, in_b) = (is(a)?, is(b)?);
                let rows = ops::flatnonzero(&ops::logical_or(&in_a, &in_b)?).await?;
                prevalence.push(rows.len() as f64 / n as f64);
                let mut both = 0.0;
                for (mask, label) in [(&in_a, a), (&in_b, b)] {
                    let c = classes.partition_point(|x| *x < label);
                    let truth = ops::take_along_axis(&ops::astype(mask, DType::F64)?, &rows, 0).await?;
                    let column = score.slice_axis(1, c, c + 1)?.reshape(&[n as isize])?;
                    both += self.binary(&truth, &ops::take_along_axis(&column, &rows, 0).await?, None).await?;
                }
                pairs.push(both / 2.0);
            }
        }
        Ok((pairs, (self.average == Average::Weighted).then_some(prevalence)))
    }

    /// Readback: as [`Self::scores`].
    async fn compute(self) -> Result<f64> {
        let (mut scores, weights) = self.scores().await?;
        let Some(weights) = weights else { return Ok(bounded(scores.iter().sum::<f64>() / scores.len() as f64, UNIT)) };
        let total: f64 = weights.iter().sum();
        if self.average == Average::Weighted && total.abs() <= 1e-8 {
            // scikit-learn: no positive anywhere scores 0.
            return Ok(0.0);
        }
        // Labels of zero weight count as 0, so that their NaN does not spread.
        for (s, w) in scores.iter_mut().zip(&weights) {
            if *w == 0.0 {
                *s = 0.0;
            }
        }
        Ok(bounded(scores.iter().zip(&weights).map(|(s, w)| s * w).sum::<f64>() / total, UNIT))
    }
}

/// The standardized partial ROC AUC up to `max_fpr` (McClish), the curve cut at max_fpr by
/// linear interpolation.
/// Readback: the cut's position and its two neighbouring points, and the area before it.
async fn partial_auc(fpr: &Array, tpr: &Array, max_fpr: f64) -> Result<f64> {
    let stop = ops::count_nonzero(&ops::less_equal(fpr, &ops::scalar_like(fpr, max_fpr)?)?, None, false)?;
    let stop = stop.to_vec::<f64>().await?[0] as usize;
    if stop == 0 || stop >= fpr.len() {
        // NaN rates: y_true has no negative (or positive) of nonzero weight. scikit-learn
        // raises here too, as its cut curve keeps fewer than two points.
        return Err(Error::BadTarget {
            op: "roc_auc_score",
            detail: format!("the ROC curve has no false positive rate up to max_fpr = {max_fpr}: every negative sample has zero weight"),
        });
    }
    let area = match stop {
        0 | 1 => 0.0,
        _ => trapezoid(&fpr.slice_axis(0, 0, stop)?, &tpr.slice_axis(0, 0, stop)?)?.to_vec::<f64>().await?[0],
    };
    let near = |a: &Array| a.slice_axis(0, stop - 1, stop + 1);
    let v = stack(&[&near(fpr)?, &near(tpr)?], 0)?.to_vec::<f64>().await?;
    let (x0, x1, y0, y1) = (v[0], v[1], v[2], v[3]);
    let cut = y0 + (max_fpr - x0) * (y1 - y0) / (x1 - x0);
    let partial = area + (max_fpr - x0) * (y0 + cut) / 2.0;
    let (min_area, max_area) = (0.5 * max_fpr * max_fpr, max_fpr);
    Ok(0.5 * (1.0 + (partial - min_area) / (max_area - min_area)))
}

fn fixed_pos_label(op: &'static str, kind: TargetType) -> Error {
    Error::invalid_parameter("pos_label", "not 1", format!("{op}: pos_label is fixed to 1 for {kind} targets"))
}

/// The (samples, classes) 0/1 matrix of y's class among the sorted `classes`.
fn one_hot(y: &Array, classes: &[f64], n: usize) -> Result<Array> {
    let y = ops::astype(&y.reshape(&[n as isize])?, DType::F64)?;
    let codes = crate::metrics::classification::Targets::encode(&y, classes)?;
    ops::one_hot(&codes, classes.len(), DType::F64)
}

/// An area score asked for each label's value; await it for the array.
pub struct PerLabelAreas<'a>(AreaScore<'a>);

impl<'a> IntoFuture for PerLabelAreas<'a> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let device = self.0.y_score.device().clone();
            let (scores, _) = self.0.scores().await?;
            let k = scores.len();
            Array::from_vec(&device, scores, &[k])
        })
    }
}

impl<'a> IntoFuture for AreaScore<'a> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    {}
    AreaScore<'a> => {
        average: Average,
        sample_weight: Array,
        pos_label: f64,
        max_fpr: f64,
        multi_class: MultiClass,
        labels: Vec<f64>,
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run_per_label!(AreaScore<'a>);

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    y_true, y_score;
    roc_auc_score => AreaScore<'static> as "number | NDArray";
    average_precision_score => AreaScore<'static> as "number | NDArray";
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    plain;
    auc(x, y) as "number";
}
