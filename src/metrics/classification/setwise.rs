//! The set-wise scores: precision, recall, F-beta and Jaccard, per label from the counts of
//! true positives, predictions and true labels, then averaged as `average` says.

use super::super::{bounded, UNIT};
use super::counts::{divide_or, label_sums};
use super::target::{TargetType, Targets};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;
use std::marker::PhantomData;

crate::estimator::options! {
    /// How per-label scores combine (scikit-learn's `average`; its `None` is the builders'
    /// `per_label()`).
    #[derive(Default)]
    pub enum Average {
        /// The score of `pos_label` alone; binary targets only.
        #[default]
        Binary = "binary",
        /// From the counts summed over labels.
        Micro = "micro",
        /// The unweighted mean over labels.
        Macro = "macro",
        /// The mean over labels weighted by their support (their count in y_true).
        Weighted = "weighted",
        /// The mean over samples of each sample's score; multilabel targets only.
        Samples = "samples",
    }
    not_provided: []
}

/// What a score whose denominator is zero becomes (scikit-learn's `zero_division`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ZeroDivision {
    /// 0, where scikit-learn also warns (UndefinedMetricWarning).
    #[default]
    Warn,
    Zero,
    One,
    Nan,
}

impl ZeroDivision {
    fn value(self) -> f64 {
        match self {
            ZeroDivision::Warn | ZeroDivision::Zero => 0.0,
            ZeroDivision::One => 1.0,
            ZeroDivision::Nan => f64::NAN,
        }
    }
}

/// What a [`SetWise`] builder gives when awaited.
pub mod outputs {
    /// One score (per label with `per_label()`).
    pub enum One {}
    /// Precision, recall, F-score and support per label: scikit-learn's default `average`
    /// of precision_recall_fscore_support is None.
    pub enum All {}
    /// Precision, recall and F-score, averaged.
    pub enum AllAveraged {}
}
use outputs::{All, AllAveraged, One};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Precision,
    Recall,
    FScore,
    Jaccard,
    All,
}

/// The precision tp / (tp + fp) of each label, averaged as `average` says (default: of
/// `pos_label` in a binary task).
pub fn precision_score<'a>(y_true: &'a Array, y_pred: &'a Array) -> SetWise<'a, One> {
    SetWise::new(Kind::Precision, "precision_score", y_true, y_pred, 1.0)
}

/// The recall tp / (tp + fn) of each label, averaged as `average` says.
pub fn recall_score<'a>(y_true: &'a Array, y_pred: &'a Array) -> SetWise<'a, One> {
    SetWise::new(Kind::Recall, "recall_score", y_true, y_pred, 1.0)
}

/// The F1 score 2 tp / (2 tp + fp + fn) of each label, averaged as `average` says.
pub fn f1_score<'a>(y_true: &'a Array, y_pred: &'a Array) -> SetWise<'a, One> {
    SetWise::new(Kind::FScore, "f1_score", y_true, y_pred, 1.0)
}

/// The F-beta score (1 + β²) tp / ((1 + β²) tp + β² fn + fp) of each label, averaged as
/// `average` says; β weighs recall β times as much as precision.
pub fn fbeta_score<'a>(y_true: &'a Array, y_pred: &'a Array, beta: f64) -> SetWise<'a, One> {
    SetWise::new(Kind::FScore, "fbeta_score", y_true, y_pred, beta)
}

/// The Jaccard index tp / (tp + fp + fn) of each label, averaged as `average` says.
pub fn jaccard_score<'a>(y_true: &'a Array, y_pred: &'a Array) -> SetWise<'a, One> {
    SetWise::new(Kind::Jaccard, "jaccard_score", y_true, y_pred, 1.0)
}

/// Precision, recall and F-beta (β = 1 unless `beta` says otherwise) of each label, with its
/// support; with `average` the three averaged instead.
pub fn precision_recall_fscore_support<'a>(y_true: &'a Array, y_pred: &'a Array) -> SetWise<'a, All> {
    SetWise::new(Kind::All, "precision_recall_fscore_support", y_true, y_pred, 1.0)
}

/// The arguments of a set-wise score; await it for the averaged score, or call
/// `per_label()` for each label's (scikit-learn's `average=None`).
pub struct SetWise<'a, O> {
    score: Kind,
    op: &'static str,
    y_true: &'a Array,
    y_pred: &'a Array,
    beta: f64,
    labels: Option<Vec<f64>>,
    pos_label: f64,
    average: Average,
    zero_division: ZeroDivision,
    sample_weight: Option<&'a Array>,
    outputs: PhantomData<O>,
}

/// Averaged precision, recall and F-score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prfs {
    pub precision: f64,
    pub recall: f64,
    pub fscore: f64,
}

/// Per-label precision, recall and F-score, and each label's support (int32 counts without
/// sample weights, their sums with them).
pub struct PrfsPerLabel {
    pub precision: Array,
    pub recall: Array,
    pub fscore: Array,
    pub support: Array,
}

/// Each label's scores, before averaging.
struct PerLabel {
    precision: Array,
    recall: Array,
    fscore: Array,
    jaccard: Array,
    support: Array,
    /// The sample weights, which weigh the sample-wise scores of `Average::Samples`.
    weights: Option<Array>,
}

impl<'a, O> SetWise<'a, O> {
    fn new(score: Kind, op: &'static str, y_true: &'a Array, y_pred: &'a Array, beta: f64) -> Self {
        SetWise {
            score,
            op,
            y_true,
            y_pred,
            beta,
            labels: None,
            pos_label: 1.0,
            average: Average::Binary,
            zero_division: ZeroDivision::Warn,
            sample_weight: None,
            outputs: PhantomData,
        }
    }

    /// The labels to score, in this order (for multilabel targets, column indices); by
    /// default every label present in either input. Ignored by `Average::Binary`.
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }
    /// The label scored by `Average::Binary` (default 1).
    pub fn pos_label(mut self, pos_label: f64) -> Self {
        self.pos_label = pos_label;
        self
    }
    pub fn zero_division(mut self, zero_division: ZeroDivision) -> Self {
        self.zero_division = zero_division;
        self
    }
    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// Every score of each label (of each sample for `Average::Samples`; summed over labels
    /// into one for `Average::Micro`).
    /// Readback: the labels, and what counting them reads (`label_sums`).
    async fn scores(&self) -> Result<PerLabel> {
        let op = self.op;
        if self.beta.is_nan() || self.beta < 0.0 {
            return Err(Error::invalid_parameter("beta", self.beta, format!("{op}: beta must be at least 0")));
        }
        if self.score == Kind::Jaccard && self.zero_division == ZeroDivision::Nan {
            return Err(Error::invalid_parameter(
                "zero_division",
                "np.nan",
                format!("{op}: the Jaccard index takes 'warn', 0 or 1, as scikit-learn"),
            ));
        }
        let t = Targets::check(self.y_true, self.y_pred, op).await?;
        let labels = match (self.average, t.kind) {
            (Average::Binary, TargetType::Binary) => {
                if !t.present.contains(&self.pos_label) && t.present.len() >= 2 {
                    return Err(Error::invalid_parameter(
                        "pos_label",
                        self.pos_label,
                        format!("{op}: pos_label is not a valid label; it should be one of {:?}", t.present),
                    ));
                }
                Some(vec![self.pos_label])
            }
            (Average::Binary, kind) => {
                return Err(Error::BadTarget {
                    op,
                    detail: format!(
                        "the target is {kind} but average is Binary; choose Micro, Macro, Weighted{} or per_label()",
                        if kind == TargetType::MultilabelIndicator { ", Samples" } else { "" }
                    ),
                })
            }
            _ => self.labels.clone(),
        };
        let weights = super::super::checked_weights(self.sample_weight, self.y_true, t.n, DType::F64, op).await?;
        let samplewise = self.average == Average::Samples;
        let mut sums = label_sums(&t, labels.as_deref(), weights.as_ref(), samplewise, op).await?;
        if self.average == Average::Micro {
            let total = |a: &Array| ops::sum(a, None, true);
            sums.tp = total(&sums.tp)?;
            sums.pred = total(&sums.pred)?;
            sums.truth = total(&sums.truth)?;
        }
        let zd = self.zero_division.value();
        let precision = divide_or(&sums.tp, &sums.pred, zd)?;
        let recall = divide_or(&sums.tp, &sums.truth, zd)?;
        let beta2 = self.beta * self.beta;
        let fscore = if self.beta.is_infinite() {
            recall.clone()
        } else if self.beta == 0.0 {
            precision.clone()
        } else {
            let tp = ops::astype(&sums.tp, precision.dtype())?;
            let denominator = ops::add(&ops::mul_scalar(&sums.truth, beta2)?, &ops::astype(&sums.pred, tp.dtype())?)?;
            divide_or(&ops::mul_scalar(&tp, 1.0 + beta2)?, &denominator, zd)?
        };
        let union = ops::sub(&ops::add(&sums.truth, &sums.pred)?, &sums.tp)?;
        let jaccard = divide_or(&sums.tp, &union, zd)?;
        Ok(PerLabel { precision, recall, fscore, jaccard, support: sums.truth, weights })
    }

    /// The averaged scores, as one array of (precision, recall, F-score, Jaccard).
    /// Readback: the four averages.
    async fn averaged(&self) -> Result<Vec<f64>> {
        let s = self.scores().await?;
        let weights = match self.average {
            Average::Weighted => Some(ops::astype(&s.support, s.precision.dtype())?),
            Average::Samples => s.weights.clone(),
            _ => None,
        };
        let prf = [&s.precision, &s.recall, &s.fscore].map(|v| nan_average(v, weights.as_ref()));
        // scikit-learn averages the Jaccard index with NaN kept, and uniformly where the
        // support is zero everywhere.
        let jaccard = plain_average(&s.jaccard, weights.as_ref())?;
        let [p, r, f] = prf;
        let v = crate::array::stack(&[&p?, &r?, &f?, &jaccard], 0)?.to_vec::<f64>().await?;
        Ok(v.into_iter().map(|s| bounded(s, UNIT)).collect())
    }
}

/// The mean of the values that are not NaN, weighted by `weights` where given; NaN if all
/// are NaN, unweighted if their weights sum to zero (scikit-learn's `_nanaverage`).
fn nan_average(values: &Array, weights: Option<&Array>) -> Result<Array> {
    let valid = ops::logical_not(&ops::isnan(values)?)?;
    let zero = ops::scalar_like(values, 0.0)?;
    let kept = ops::where_(&valid, values, &zero)?;
    let plain = divide_or(&ops::sum(&kept, None, false)?, &ops::count_nonzero(&valid, None, false)?, f64::NAN)?;
    let Some(w) = weights else { return Ok(plain) };
    let w = ops::where_(&valid, w, &zero)?;
    let total = ops::sum(&w, None, false)?;
    let weighted = divide_or(&ops::sum(&ops::mul(&kept, &w)?, None, false)?, &total, f64::NAN)?;
    ops::where_(&ops::equal(&total, &zero)?, &plain, &weighted)
}

/// The (weighted) mean of all values, NaN included; uniform where the weights are all zero.
fn plain_average(values: &Array, weights: Option<&Array>) -> Result<Array> {
    let plain = ops::mean(values, None, false)?;
    let Some(w) = weights else { return Ok(plain) };
    let total = ops::sum(w, None, false)?;
    let weighted = divide_or(&ops::sum(&ops::mul(values, w)?, None, false)?, &total, f64::NAN)?;
    ops::where_(&ops::equal(&total, &ops::scalar_like(&total, 0.0)?)?, &plain, &weighted)
}

impl<'a> SetWise<'a, One> {
    /// How the labels' scores combine (default `Average::Binary`).
    pub fn average(mut self, average: Average) -> Self {
        self.average = average;
        self
    }

    /// Each label's score (scikit-learn's `average=None`), as an array on the inputs' device.
    pub fn per_label(self) -> PerLabelScores<'a> {
        // Any average but Binary, Micro and Samples scores each label; this one is plain.
        PerLabelScores(SetWise { average: Average::Macro, ..self })
    }

    /// Readback: the score.
    async fn compute(self) -> Result<f64> {
        let v = self.averaged().await?;
        Ok(match self.score {
            Kind::Precision => v[0],
            Kind::Recall => v[1],
            Kind::Jaccard => v[3],
            Kind::FScore | Kind::All => v[2],
        })
    }
}

impl<'a> SetWise<'a, All> {
    /// β of the F-score (default 1).
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }

    /// The three scores averaged as `average` says, rather than per label.
    pub fn average(self, average: Average) -> SetWise<'a, AllAveraged> {
        SetWise {
            score: self.score,
            op: self.op,
            y_true: self.y_true,
            y_pred: self.y_pred,
            beta: self.beta,
            labels: self.labels,
            pos_label: self.pos_label,
            average,
            zero_division: self.zero_division,
            sample_weight: self.sample_weight,
            outputs: PhantomData,
        }
    }

    /// Readback: none beyond the counting's (`label_sums`).
    async fn compute(self) -> Result<PrfsPerLabel> {
        // scikit-learn's average=None: as Macro before its mean.
        let s = SetWise { average: Average::Macro, ..self }.scores().await?;
        Ok(PrfsPerLabel { precision: s.precision, recall: s.recall, fscore: s.fscore, support: s.support })
    }
}

impl<'a> SetWise<'a, AllAveraged> {
    /// β of the F-score (default 1).
    pub fn beta(mut self, beta: f64) -> Self {
        self.beta = beta;
        self
    }

    /// Readback: the three scores.
    async fn compute(self) -> Result<Prfs> {
        let v = self.averaged().await?;
        Ok(Prfs { precision: v[0], recall: v[1], fscore: v[2] })
    }
}

impl<'a> IntoFuture for SetWise<'a, One> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

impl<'a> IntoFuture for SetWise<'a, All> {
    type Output = Result<PrfsPerLabel>;
    type IntoFuture = BoxFuture<'a, Result<PrfsPerLabel>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

impl<'a> IntoFuture for SetWise<'a, AllAveraged> {
    type Output = Result<Prfs>;
    type IntoFuture = BoxFuture<'a, Result<Prfs>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

/// A set-wise score asked for each label's value; await it for the array(s).
pub struct PerLabelScores<'a>(SetWise<'a, One>);

impl<'a> IntoFuture for PerLabelScores<'a> {
    type Output = Result<Array>;
    type IntoFuture = BoxFuture<'a, Result<Array>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let s = self.0.scores().await?;
            Ok(match self.0.score {
                Kind::Precision => s.precision,
                Kind::Recall => s.recall,
                Kind::Jaccard => s.jaccard,
                Kind::FScore | Kind::All => s.fscore,
            })
        })
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { labels: Vec<f64>, pos_label: f64, zero_division: ZeroDivision, sample_weight: Array }
    SetWise<'a, One> => { average: Average }
    SetWise<'a, All> => { beta: f64, average: Average => run }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run_per_label!(SetWise<'a, One>);

/// precision_recall_fscore_support: each label's scores and supports by default (scikit-learn's
/// `average=None`), the averaged scores (and a null support) with an `average`.
#[cfg(target_arch = "wasm32")]
impl<'a> crate::wasm::metrics::JsRun<'a> for SetWise<'a, All> {
    fn run(self, given: &'a crate::wasm::metrics::Given) -> BoxFuture<'a, Result<wasm_bindgen::JsValue>> {
        use crate::wasm::metrics::{parts, IntoJs};
        Box::pin(async move {
            match given.value("average").and_then(|v| v.as_string()) {
                Some(average) => {
                    let p = self.average(average.parse()?).await?;
                    let support = wasm_bindgen::JsValue::NULL;
                    parts(vec![
                        ("precision", p.precision.into_js()?),
                        ("recall", p.recall.into_js()?),
                        ("fscore", p.fscore.into_js()?),
                        ("support", support),
                    ])
                }
                None => self.await?.into_js(),
            }
        })
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::into_js_parts! {
    PrfsPerLabel { precision, recall, fscore, support }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::metric_functions! {
    y_true, y_pred;
    precision_score => SetWise<'static, One> as "number | NDArray";
    recall_score => SetWise<'static, One> as "number | NDArray";
    f1_score => SetWise<'static, One> as "number | NDArray";
    fbeta_score(beta: f64) => SetWise<'static, One> as "number | NDArray";
    jaccard_score => SetWise<'static, One> as "number | NDArray";
    precision_recall_fscore_support => SetWise<'static, All>
        as "{ precision: NDArray | number; recall: NDArray | number; fscore: NDArray | number; support: NDArray | null }";
}
