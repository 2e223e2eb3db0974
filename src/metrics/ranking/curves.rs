//! The curves of a binary scoring over its distinct thresholds: the confusion counts at each
//! threshold, and the ROC, precision-recall and DET curves made of them. Scores are sorted
//! on the device; the curves stay there.

use super::super::{check_consistent, checked_weights};
use crate::array::{concat, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::metrics::classification::{classify, TargetType};
use crate::ops;
use std::future::IntoFuture;
use std::marker::PhantomData;

/// What a [`Curve`] builder gives when awaited.
pub mod curve_outputs {
    /// [`super::ThresholdCounts`].
    pub enum Counts {}
    /// [`super::RocCurve`].
    pub enum Roc {}
    /// [`super::PrecisionRecallCurve`].
    pub enum PrecisionRecall {}
    /// [`super::DetCurve`].
    pub enum Det {}
}
use curve_outputs::{Counts, Det, PrecisionRecall, Roc};

/// The (weighted) confusion counts of a binary scoring at each distinct score taken as the
/// threshold (a sample is predicted positive when its score is at least the threshold), in
/// decreasing order of threshold.
#[derive(Debug)]
pub struct ThresholdCounts {
    pub tns: Array,
    pub fps: Array,
    pub fns: Array,
    pub tps: Array,
    pub thresholds: Array,
}

/// The receiver operating characteristic: false and true positive rates at decreasing
/// thresholds, starting from the point (0, 0) at an infinite threshold.
#[derive(Debug)]
pub struct RocCurve {
    pub fpr: Array,
    pub tpr: Array,
    pub thresholds: Array,
}

/// Precision and recall at increasing thresholds, ending at precision 1 and recall 0 (which
/// have no threshold).
#[derive(Debug)]
pub struct PrecisionRecallCurve {
    pub precision: Array,
    pub recall: Array,
    pub thresholds: Array,
}

/// The detection error tradeoff: false positive and false negative rates at increasing
/// thresholds.
#[derive(Debug)]
pub struct DetCurve {
    pub fpr: Array,
    pub fnr: Array,
    pub thresholds: Array,
}

/// The confusion counts at every threshold of a binary scoring.
pub fn confusion_matrix_at_thresholds<'a>(y_true: &'a Array, y_score: &'a Array) -> Curve<'a, Counts> {
    Curve::new("confusion_matrix_at_thresholds", y_true, y_score, false)
}

/// The ROC curve of a binary scoring; points on a straight line are dropped unless
/// `drop_intermediate(false)`.
pub fn roc_curve<'a>(y_true: &'a Array, y_score: &'a Array) -> Curve<'a, Roc> {
    Curve::new("roc_curve", y_true, y_score, true)
}

/// The precision-recall curve of a binary scoring.
pub fn precision_recall_curve<'a>(y_true: &'a Array, y_score: &'a Array) -> Curve<'a, PrecisionRecall> {
    Curve::new("precision_recall_curve", y_true, y_score, false)
}

/// The detection error tradeoff curve of a binary scoring.
pub fn det_curve<'a>(y_true: &'a Array, y_score: &'a Array) -> Curve<'a, Det> {
    Curve::new("det_curve", y_true, y_score, false)
}

/// The arguments of a threshold curve; await it for the curve `O` names.
pub struct Curve<'a, O> {
    op: &'static str,
    y_true: &'a Array,
    y_score: &'a Array,
    pos_label: Option<f64>,
    sample_weight: Option<&'a Array>,
    drop_intermediate: bool,
    output: PhantomData<O>,
}

/// The true and false positive counts (float64) at each distinct threshold, decreasing.
pub(crate) struct Thresholds {
    pub fps: Array,
    pub tps: Array,
    pub thresholds: Array,
    /// The unweighted true positive count (int32), exact on every device: where the curve
    /// turns is decided on it, as the running sums of a parallel scan can differ in the last
    /// bit where scikit-learn's sequential sums repeat a value exactly.
    tp_count: Array,
    /// What each threshold adds to tps and fps (float64): its run's own sums, exactly zero
    /// where the run adds nothing. None once points are dropped.
    steps: Option<(Array, Array)>,
}

impl<'a, O> Curve<'a, O> {
    fn new(op: &'static str, y_true: &'a Array, y_score: &'a Array, drop_intermediate: bool) -> Self {
        Curve { op, y_true, y_score, pos_label: None, sample_weight: None, drop_intermediate, output: PhantomData }
    }

    /// The positive class; by default 1, where y_true's labels are {0, 1} or {-1, 1}.
    pub fn pos_label(mut self, pos_label: f64) -> Self {
        self.pos_label = Some(pos_label);
        self
    }
    /// Sample weights; samples of zero weight are left out, thresholds and all.
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// Errors name `op`, the metric the user called, that computes this curve.
    pub(crate) fn named(mut self, op: &'static str) -> Self {
        self.op = op;
        self
    }

    /// Readback: as [`thresholds`].
    async fn thresholds(&self) -> Result<Thresholds> {
        thresholds(self.y_true, self.y_score, self.pos_label, self.sample_weight, self.op).await
    }
}

/// `a` (a vector) in reverse order.
/// Readback: the gather's bounds check.
pub(crate) async fn reversed(a: &Array) -> Result<Array> {
    let n = a.len() as f64;
    ops::take_along_axis(a, &Array::arange(a.device(), n - 1.0, -1.0, -1.0, DType::I32)?, 0).await
}

/// y_true's positive class where the user named none: 1, where the labels are {0, 1},
/// {-1, 1} or one of them alone (scikit-learn's `_check_pos_label_consistency`).
pub(crate) fn default_pos_label(present: &[f64], op: &'static str) -> Result<f64> {
    let conventional = [&[0.0, 1.0][..], &[-1.0, 1.0], &[0.0], &[-1.0], &[1.0]];
    if conventional.contains(&present) {
        return Ok(1.0);
    }
    Err(Error::invalid_parameter(
        "pos_label",
        "None",
        format!(
            "{op}: y_true takes the values {present:?} and pos_label is not given: make y_true take values in \
             {{0, 1}} or {{-1, 1}}, or pass pos_label"
        ),
    ))
}

/// The counts at each distinct threshold of y_score, decreasing: scikit-learn's
/// `confusion_matrix_at_thresholds` before its negatives.
/// Readback: y_true's labels, the finiteness checks, the kept samples' and thresholds'
/// counts, and the gathers' bounds checks.
pub(crate) async fn thresholds(
    y_true: &Array,
    y_score: &Array,
    pos_label: Option<f64>,
    sample_weight: Option<&Array>,
    op: &'static str,
) -> Result<Thresholds> {
    let n = check_consistent(y_true, y_score, op)?;
    for (name, a) in [("y_true", y_true), ("y_score", y_score)] {
        if a.ndim() > 2 || (a.ndim() == 2 && a.shape()[1] != 1) {
            return Err(Error::BadTarget {
                op,
                detail: format!("{name} must be a vector of one value per sample; got shape {:?}", a.shape()),
            });
        }
    }
    let (kind, present) = classify(y_true, op).await?;
    if !(kind == TargetType::Binary || (kind == TargetType::Multiclass && pos_label.is_some())) {
        return Err(Error::BadTarget { op, detail: format!("{kind} format is not supported") });
    }
    let pos_label = match pos_label {
        Some(p) => p,
        None => default_pos_label(&present, op)?,
    };
    ops::ensure_finite(y_score, "y_score", op).await?;
    let weights = checked_weights(sample_weight, y_true, n, DType::F64, op).await?;
    let y = y_true.reshape(&[n as isize])?;
    let positive = Array::scalar(y.device(), pos_label, DType::F64)?;
    let truth = ops::astype(&ops::equal(&ops::astype(&y, DType::F64)?, &positive)?, DType::F64)?;
    let score = y_score.reshape(&[n as isize])?;
    let score = if score.dtype().is_float() { score } else { ops::astype(&score, DType::F64)? };
    // Samples of zero weight neither count nor make a threshold.
    let (truth, score, weights) = match weights {
        Some(w) => {
            let kept = ops::flatnonzero(&ops::not_equal(&w, &ops::scalar_like(&w, 0.0)?)?).await?;
            (
                ops::take_along_axis(&truth, &kept, 0).await?,
                ops::take_along_axis(&score, &kept, 0).await?,
                Some(ops::take_along_axis(&w, &kept, 0).await?),
            )
        }
        None => (truth, score, None),
    };
    // Decreasing scores; ties keep the samples' order, as a stable descending sort.
    let order = ops::argsort(&ops::neg(&score)?, 0)?;
    let score = ops::take_along_axis(&score, &order, 0).await?;
    let truth = ops::take_along_axis(&truth, &order, 0).await?;
    let m = score.len();
    // A threshold ends each run of equal scores.
    let last = Array::full(score.device(), &[1], 1.0, DType::Bool)?;
    let ends = if m > 1 {
        let differs = ops::not_equal(&score.slice_axis(0, 0, m - 1)?, &score.slice_axis(0, 1, m)?)?;
        concat(&[&differs, &last], 0)?
    } else {
        last
    };
    let at = ops::flatnonzero(&ends).await?;
    let tp_count = ops::take_along_axis(&ops::cumsum(&ops::astype(&truth, DType::I32)?, None)?, &at, 0).await?;
    let (positive, negative) = match weights {
        Some(w) => {
            let w = ops::take_along_axis(&w, &order, 0).await?;
            (ops::mul(&truth, &w)?, ops::mul(&ops::rsub_scalar(1.0, &truth)?, &w)?)
        }
        None => (truth.clone(), ops::rsub_scalar(1.0, &truth)?),
    };
    // fps as its own sum, so that it never decreases under rounding.
    let tps = ops::take_along_axis(&ops::cumsum(&positive, None)?, &at, 0).await?;
    let fps = ops::take_along_axis(&ops::cumsum(&negative, None)?, &at, 0).await?;
    // Each sample's run: the number of runs ended before it.
    let ended = ops::astype(&ends, DType::I32)?;
    let run = ops::sub(&ops::cumsum(&ended, None)?, &ended)?;
    let k = at.len();
    let steps = (ops::bincount(&run, Some(&positive), k).await?, ops::bincount(&run, Some(&negative), k).await?);
    Ok(Thresholds { fps, tps, thresholds: ops::take_along_axis(&score, &at, 0).await?, tp_count, steps: Some(steps) })
}

/// The last element of a vector, as a 0-d array.
fn last(a: &Array) -> Result<Array> {
    let n = a.len();
    a.slice_axis(0, n - 1, n)?.reshape(&[])
}

/// The vector `a` with `value` put first.
fn prepend(value: f64, a: &Array) -> Result<Array> {
    concat(&[&Array::full(a.device(), &[1], value, a.dtype())?, a], 0)
}

/// The vector `a` with `value` put last.
fn append(a: &Array, value: f64) -> Result<Array> {
    concat(&[a, &Array::full(a.device(), &[1], value, a.dtype())?], 0)
}

/// The first differences of a vector.
pub(crate) fn diff(a: &Array) -> Result<Array> {
    let n = a.len();
    ops::sub(&a.slice_axis(0, 1, n)?, &a.slice_axis(0, 0, n - 1)?)
}

/// Whether each element of a vector is nonzero.
fn nonzero_mask(a: &Array) -> Result<Array> {
    ops::not_equal(a, &ops::scalar_like(a, 0.0)?)
}

/// The points to keep of a curve of `m > 2` points: the ends, and those where `turns` (a
/// bool vector of the m − 2 inner points) holds.
/// Readback: as [`nonzero`].
async fn kept_points(turns: &Array) -> Result<Array> {
    let end = Array::full(turns.device(), &[1], 1.0, DType::Bool)?;
    ops::flatnonzero(&concat(&[&end, turns, &end], 0)?).await
}

/// Where the true positive count changes on either side of each inner point: the points a
/// precision-recall or DET curve keeps.
fn tps_turns(tp_count: &Array) -> Result<Array> {
    let changes = nonzero_mask(&diff(tp_count)?)?;
    let m = changes.len();
    ops::logical_or(&changes.slice_axis(0, 0, m - 1)?, &changes.slice_axis(0, 1, m)?)
}

/// `t` with the points at `at` kept.
/// Readback: as `take_along_axis`.
async fn keep(t: Thresholds, at: &Array) -> Result<Thresholds> {
    Ok(Thresholds {
        fps: ops::take_along_axis(&t.fps, at, 0).await?,
        tps: ops::take_along_axis(&t.tps, at, 0).await?,
        thresholds: ops::take_along_axis(&t.thresholds, at, 0).await?,
        tp_count: ops::take_along_axis(&t.tp_count, at, 0).await?,
        steps: None,
    })
}

impl<'a> Curve<'a, Counts> {
    /// Readback: as [`thresholds`].
    async fn compute(self) -> Result<ThresholdCounts> {
        let t = self.thresholds().await?;
        let tns = ops::sub(&last(&t.fps)?, &t.fps)?;
        let fns = ops::sub(&last(&t.tps)?, &t.tps)?;
        Ok(ThresholdCounts { tns, fps: t.fps, fns, tps: t.tps, thresholds: t.thresholds })
    }
}

impl<'a> Curve<'a, Roc> {
    /// Leave out the points on a straight line between their neighbours (default true).
    pub fn drop_intermediate(mut self, drop_intermediate: bool) -> Self {
        self.drop_intermediate = drop_intermediate;
        self
    }

    /// Readback: as [`thresholds`], and the points kept.
    async fn compute(self) -> Result<RocCurve> {
        let mut t = self.thresholds().await?;
        if let (true, Some((tp_steps, fp_steps))) = (self.drop_intermediate && t.fps.len() > 2, &t.steps) {
            // A point bends the curve where the steps on its two sides differ (the second
            // differences of scikit-learn's running sums), taken from the runs' own sums.
            let bends = |steps: &Array| -> Result<Array> {
                let m = steps.len();
                nonzero_mask(&diff(&steps.slice_axis(0, 1, m)?)?)
            };
            let at = kept_points(&ops::logical_or(&bends(fp_steps)?, &bends(tp_steps)?)?).await?;
            t = keep(t, &at).await?;
        }
        let fps = prepend(0.0, &t.fps)?;
        let tps = prepend(0.0, &t.tps)?;
        let thresholds = prepend(f64::INFINITY, &ops::astype(&t.thresholds, DType::F64)?)?;
        // Without negatives (positives) the rate is undefined: NaN, as scikit-learn.
        let fpr = crate::metrics::classification::divide_or(&fps, &last(&fps)?, f64::NAN)?;
        let tpr = crate::metrics::classification::divide_or(&tps, &last(&tps)?, f64::NAN)?;
        Ok(RocCurve { fpr, tpr, thresholds })
    }
}

impl<'a> Curve<'a, PrecisionRecall> {
    /// Leave out the points where the true positive count changes on neither side
    /// (default false).
    pub fn drop_intermediate(mut self, drop_intermediate: bool) -> Self {
        self.drop_intermediate = drop_intermediate;
        self
    }

    /// Readback: as [`thresholds`], the points kept, and the reversals' bounds checks.
    async fn compute(self) -> Result<PrecisionRecallCurve> {
        let mut t = self.thresholds().await?;
        if self.drop_intermediate && t.fps.len() > 2 {
            let at = kept_points(&tps_turns(&t.tp_count)?).await?;
            t = keep(t, &at).await?;
        }
        let divide_or = crate::metrics::classification::divide_or;
        let precision = divide_or(&t.tps, &ops::add(&t.tps, &t.fps)?, 0.0)?;
        // Without positives, recall is 1 throughout, as scikit-learn.
        let recall = divide_or(&t.tps, &last(&t.tps)?, 1.0)?;
        Ok(PrecisionRecallCurve {
            precision: append(&reversed(&precision).await?, 1.0)?,
            recall: append(&reversed(&recall).await?, 0.0)?,
            thresholds: reversed(&t.thresholds).await?,
        })
    }
}

impl<'a> Curve<'a, Det> {
    /// Leave out the points where the true positive count changes on neither side
    /// (default false).
    pub fn drop_intermediate(mut self, drop_intermediate: bool) -> Self {
        self.drop_intermediate = drop_intermediate;
        self
    }

    /// Readback: as [`thresholds`], the points kept, the curve's ends, and the reversals'
    /// bounds checks.
    async fn compute(self) -> Result<DetCurve> {
        let op = self.op;
        let t = self.thresholds().await?;
        let mut t = Thresholds {
            fps: prepend(0.0, &t.fps)?,
            tps: prepend(0.0, &t.tps)?,
            thresholds: prepend(f64::INFINITY, &ops::astype(&t.thresholds, DType::F64)?)?,
            tp_count: prepend(0.0, &t.tp_count)?,
            steps: None,
        };
        if self.drop_intermediate && t.fps.len() > 2 {
            let at = kept_points(&tps_turns(&t.tp_count)?).await?;
            t = keep(t, &at).await?;
        }
        let ends = concat(&[&last(&t.fps)?.reshape(&[1])?, &last(&t.tps)?.reshape(&[1])?], 0)?;
        let ends = ends.to_vec::<f64>().await?;
        if ends[0] == 0.0 || ends[1] == 0.0 {
            return Err(Error::BadTarget {
                op,
                detail: "only one class is present in y_true; the DET curve is not defined then".into(),
            });
        }
        // From the last point without false positives to the first with every true one.
        let leading = ops::count_nonzero(&ops::equal(&t.fps, &ops::scalar_like(&t.fps, 0.0)?)?, None, false)?;
        let short = ops::count_nonzero(&ops::less(&t.tp_count, &last(&t.tp_count)?)?, None, false)?;
        let bounds = concat(&[&leading.reshape(&[1])?, &short.reshape(&[1])?], 0)?.to_vec::<f64>().await?;
        let (first, stop) = (bounds[0] as usize - 1, bounds[1] as usize + 1);
        let fns = ops::sub(&last(&t.tps)?, &t.tps)?;
        let part = |a: &Array| a.slice_axis(0, first, stop);
        Ok(DetCurve {
            fpr: ops::div_scalar(&reversed(&part(&t.fps)?).await?, ends[0])?,
            fnr: ops::div_scalar(&reversed(&part(&fns)?).await?, ends[1])?,
            thresholds: reversed(&part(&t.thresholds)?).await?,
        })
    }
}

macro_rules! curve_future {
    ($($marker:ident => $output:ident;)*) => {$(
        impl<'a> IntoFuture for Curve<'a, $marker> {
            type Output = Result<$output>;
            type IntoFuture = BoxFuture<'a, Result<$output>>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.compute())
            }
        }
    )*};
}

curve_future! {
    Counts => ThresholdCounts;
    Roc => RocCurve;
    PrecisionRecall => PrecisionRecallCurve;
    Det => DetCurve;
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { pos_label: f64, sample_weight: Array }
    Curve<'a, Counts> => {}
    Curve<'a, Roc> => { drop_intermediate: bool }
    Curve<'a, PrecisionRecall> => { drop_intermediate: bool }
    Curve<'a, Det> => { drop_intermediate: bool }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(Curve<'a, Counts>, Curve<'a, Roc>, Curve<'a, PrecisionRecall>, Curve<'a, Det>);
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::into_js_parts! {
    ThresholdCounts { tns, fps, fns, tps, thresholds }
    RocCurve { fpr, tpr, thresholds }
    PrecisionRecallCurve { precision, recall, thresholds }
    DetCurve { fpr, fnr, thresholds }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    y_true, y_score;
    confusion_matrix_at_thresholds => Curve<'static, Counts>
        as "{ tns: NDArray; fps: NDArray; fns: NDArray; tps: NDArray; thresholds: NDArray }";
    roc_curve => Curve<'static, Roc> as "{ fpr: NDArray; tpr: NDArray; thresholds: NDArray }";
    precision_recall_curve => Curve<'static, PrecisionRecall>
        as "{ precision: NDArray; recall: NDArray; thresholds: NDArray }";
    det_curve => Curve<'static, Det> as "{ fpr: NDArray; fnr: NDArray; thresholds: NDArray }";
}
