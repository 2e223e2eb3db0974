//! The scores of predicted probabilities: the log loss and the Brier score, and their D²
//! (the fraction of the loss of always predicting the class frequencies that is explained).

use super::super::checked_weights;
use super::super::options::{Brier, D2Brier, LogLoss, Plain};
use super::target::{classify, TargetType};
use crate::array::{concat, stack, Array};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::metrics::ranking::default_pos_label;
use crate::ops;
use std::future::IntoFuture;
use std::marker::PhantomData;

metric_table! {
    Probabilistic(y_proba) -> "number";
    /// The cross-entropy of the true labels under the predicted probabilities: y_proba is
    /// (samples, classes) with the classes in sorted order, or for two classes the
    /// probability of the greater one as a vector. Probabilities are clipped to
    /// [eps, 1 − eps] of their dtype.
    log_loss => LogLoss, LogLoss;
    /// The mean squared difference between the one-hot true labels and the predicted
    /// probabilities: of `pos_label` (y_proba a vector), or of every class (y_proba a
    /// (samples, classes) matrix); halved for two classes unless `scale_by_half` says.
    brier_score_loss => Brier, Brier;
    /// D² of the log loss: 1 − loss / (loss of predicting each class's weighted frequency);
    /// NaN for fewer than two samples.
    d2_log_loss_score => D2LogLoss, Plain;
    /// D² of the Brier score: 1 − score / (score of predicting each class's weighted
    /// frequency); NaN for fewer than two samples.
    d2_brier_score => D2Brier, D2Brier;
}

/// The arguments of a probability score; await it for the score. `O` says which further
/// options it takes.
pub struct Probabilistic<'a, O> {
    kind: Kind,
    y_true: &'a Array,
    y_proba: &'a Array,
    sample_weight: Option<&'a Array>,
    labels: Option<Vec<f64>>,
    normalize: bool,
    pos_label: Option<f64>,
    scale_by_half: Option<bool>,
    options: PhantomData<O>,
}

/// The one-hot true labels and the probabilities, both (samples, classes) in the
/// probabilities' float dtype.
struct Encoded {
    truth: Array,
    proba: Array,
    weights: Option<Array>,
}

impl<'a, O> Probabilistic<'a, O> {
    fn new(kind: Kind, y_true: &'a Array, y_proba: &'a Array) -> Self {
        Probabilistic {
            kind,
            y_true,
            y_proba,
            sample_weight: None,
            labels: None,
            normalize: true,
            pos_label: None,
            scale_by_half: None,
            options: PhantomData,
        }
    }

    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// The classes y_proba's columns stand for (they are taken sorted); by default those of
    /// y_true, which then needs at least two.
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }

    /// Readback: y_true's distinct values, the finiteness and range checks of y_proba, and
    /// the loss's sums.
    async fn compute(self) -> Result<f64> {
        let is_d2 = matches!(self.kind, Kind::D2LogLoss | Kind::D2Brier);
        let samples = self.y_true.shape().first().copied().unwrap_or(1);
        if is_d2 && samples < 2 && self.y_proba.shape().first() == Some(&samples) {
            // scikit-learn warns and returns NaN: D² needs a spread of outcomes.
            return Ok(f64::NAN);
        }
        let e = self.encode().await?;
        let weighted_mean = |per_sample: &Array, normalize: bool| -> Result<Array> {
            match (&e.weights, normalize) {
                (Some(w), true) => {
                    ops::div(&ops::sum(&ops::mul(per_sample, w)?, None, false)?, &ops::sum(w, None, false)?)
                }
                (Some(w), false) => ops::sum(&ops::mul(per_sample, w)?, None, false),
                (None, true) => ops::mean(per_sample, None, false),
                (None, false) => ops::sum(per_sample, None, false),
            }
        };
        // What always predicting each class's (weighted) frequency scores.
        let null = || -> Result<Array> {
            let frequency = weighted_mean_rows(&e.truth, e.weights.as_ref())?;
            ops::mul(&ops::scalar_like(&e.proba, 1.0)?, &frequency)
        };
        match self.kind {
            Kind::LogLoss => {
                let loss = weighted_mean(&cross_entropy(&e.truth, &e.proba)?, self.normalize)?;
                Ok(loss.to_vec::<f64>().await?[0])
            }
            Kind::D2LogLoss => {
                let model = weighted_mean(&cross_entropy(&e.truth, &e.proba)?, false)?;
                let null = weighted_mean(&cross_entropy(&e.truth, &null()?)?, false)?;
                let v = stack(&[&model, &null], 0)?.to_vec::<f64>().await?;
                Ok(1.0 - v[0] / v[1])
            }
            Kind::Brier => {
                let classes = e.proba.shape()[1];
                let score = weighted_mean(&squared_error(&e.truth, &e.proba)?, true)?.to_vec::<f64>().await?[0];
                let half = self.scale_by_half.unwrap_or(self.y_proba.ndim() == 1 || classes < 3);
                Ok(if half { score * 0.5 } else { score })
            }
            Kind::D2Brier => {
                let model = weighted_mean(&squared_error(&e.truth, &e.proba)?, true)?;
                let null = weighted_mean(&squared_error(&e.truth, &null()?)?, true)?;
                let v = stack(&[&model, &null], 0)?.to_vec::<f64>().await?;
                Ok(1.0 - v[0] / v[1])
            }
        }
    }

    /// The checked inputs, as one-hot truth and (samples, classes) probabilities.
    /// Readback: y_true's distinct values, and the finiteness and range checks of y_proba.
    async fn encode(&self) -> Result<Encoded> {
        let op = self.kind.name();
        let (y_true, y_proba) = (self.y_true, self.y_proba);
        let n = super::super::check_consistent(y_true, y_proba, op)?;
        if !y_proba.dtype().is_float() || y_proba.ndim() > 2 || (y_proba.ndim() == 2 && y_proba.shape()[1] == 0) {
            return Err(Error::BadTarget {
                op,
                detail: format!(
                    "y_proba must hold floats, as (samples,) or (samples, classes); got {} of shape {:?}",
                    y_proba.dtype(),
                    y_proba.shape()
                ),
            });
        }
        ops::ensure_finite(y_proba, "y_proba", op).await?;
        let bounds = stack(&[&ops::min(y_proba, None, false)?, &ops::max(y_proba, None, false)?], 0)?;
        let bounds = bounds.to_vec::<f64>().await?;
        if bounds[1] > 1.0 || bounds[0] < 0.0 {
            return Err(Error::OutOfDomain {
                op,
                detail: format!(
                    "y_proba holds probabilities in [0, 1]; it holds values in [{}, {}]",
                    bounds[0], bounds[1]
                ),
            });
        }
        let (kind, present) = classify(y_true, op).await?;
        if !matches!(kind, TargetType::Binary | TargetType::Multiclass) {
            return Err(Error::BadTarget {
                op,
                detail: format!("y_true must be binary or multiclass labels; it is {kind}"),
            });
        }
        let dtype = y_proba.dtype();
        let weights = checked_weights(self.sample_weight, y_true, n, dtype, op).await?;
        let y = y_true.reshape(&[n as isize])?;
        let one_column = y_proba.ndim() == 1 || y_proba.shape()[1] == 1;
        let column = |p: &Array| p.reshape(&[n as isize, 1]);
        let brier_like = matches!(self.kind, Kind::Brier | Kind::D2Brier);
        if brier_like && one_column {
            // The probability of the positive class: y_true must be binary.
            if kind != TargetType::Binary {
                return Err(Error::BadTarget {
                    op,
                    detail: format!("y_true is {kind}, but a vector y_proba scores binary targets"),
                });
            }
            // scikit-learn's fallback where the labels are not {0, 1} or {-1, 1}: the greatest.
            let greatest = present.last().copied().unwrap_or(1.0);
            let pos_label = self.pos_label.unwrap_or_else(|| default_pos_label(&present, op).unwrap_or(greatest));
            let positive =
                ops::equal(&y, &ops::astype(&Array::scalar(y.device(), pos_label, DType::F64)?, y.dtype())?)?;
            let t = column(&ops::astype(&positive, dtype)?)?;
            let p = column(y_proba)?;
            let both = |a: &Array| concat(&[&ops::rsub_scalar(1.0, a)?, a], 1);
            return Ok(Encoded { truth: both(&t)?, proba: both(&p)?, weights });
        }
        let classes = match &self.labels {
            Some(labels) => {
                let mut classes = labels.clone();
                classes.sort_by(f64::total_cmp);
                classes.dedup();
                let unknown: Vec<f64> =
                    present.iter().copied().filter(|v| classes.binary_search_by(|c| c.total_cmp(v)).is_err()).collect();
                if !unknown.is_empty() {
                    return Err(Error::UnseenLabels {
                        op,
                        labels: format!("{unknown:?} are in y_true but not among the labels passed ({labels:?})"),
                    });
                }
                if classes.len() < 2 {
                    return Err(Error::invalid_parameter(
                        "labels",
                        format!("{labels:?}"),
                        format!("{op}: labels must hold at least two classes"),
                    ));
                }
                classes
            }
            None if present.len() < 2 => {
                return Err(Error::BadTarget {
                    op,
                    detail: format!(
                        "y_true holds one label ({:?}); pass every class y_proba's columns stand for with labels",
                        present
                    ),
                })
            }
            None => present,
        };
        let proba = if one_column {
            let p = column(y_proba)?;
            concat(&[&ops::rsub_scalar(1.0, &p)?, &p], 1)?
        } else {
            y_proba.clone()
        };
        if proba.shape()[1] != classes.len() {
            return Err(Error::ShapeMismatch {
                op,
                detail: format!(
                    "y_proba has {} columns but there are {} classes ({classes:?}){}",
                    proba.shape()[1],
                    classes.len(),
                    if self.labels.is_none() { "; pass them all with labels" } else { "" }
                ),
            });
        }
        let codes = super::target::Targets::encode(&y, &classes)?;
        Ok(Encoded { truth: ops::one_hot(&codes, classes.len(), dtype)?, proba, weights })
    }
}

/// Each sample's −Σ t log p over classes, with p clipped to [eps, 1 − eps] of its dtype.
fn cross_entropy(truth: &Array, proba: &Array) -> Result<Array> {
    let eps = if proba.dtype() == DType::F32 { f32::EPSILON as f64 } else { f64::EPSILON };
    let log = ops::log(&ops::clip(proba, Some(eps), Some(1.0 - eps))?)?;
    ops::neg(&ops::sum(&ops::mul(truth, &log)?, Some(1), false)?)
}

/// Each sample's Σ (t − p)² over classes.
fn squared_error(truth: &Array, proba: &Array) -> Result<Array> {
    ops::sum(&ops::square(&ops::sub(truth, proba)?)?, Some(1), false)
}

/// The (weighted) mean of each column over samples, as a (1, classes) row.
fn weighted_mean_rows(a: &Array, weights: Option<&Array>) -> Result<Array> {
    match weights {
        Some(w) => {
            let w = w.reshape(&[-1, 1])?;
            ops::div(&ops::sum(&ops::mul(a, &w)?, Some(0), true)?, &ops::sum(&w, None, false)?)
        }
        None => ops::mean(a, Some(0), true),
    }
}

impl<'a> Probabilistic<'a, LogLoss> {
    /// The mean loss per sample (default true), or the (weighted) sum.
    pub fn normalize(mut self, normalize: bool) -> Self {
        self.normalize = normalize;
        self
    }
}

impl<'a> Probabilistic<'a, Brier> {
    /// The positive class of a vector y_proba: by default 1 where the labels are {0, 1} or
    /// {-1, 1}, otherwise the greatest label.
    pub fn pos_label(mut self, pos_label: f64) -> Self {
        self.pos_label = Some(pos_label);
        self
    }
    /// Halve the score (so that it lies in [0, 1] for two classes); by default for a vector
    /// y_proba or two columns.
    pub fn scale_by_half(mut self, scale_by_half: bool) -> Self {
        self.scale_by_half = Some(scale_by_half);
        self
    }
}

impl<'a> Probabilistic<'a, D2Brier> {
    /// The positive class of a vector y_proba, as in [`brier_score_loss`].
    pub fn pos_label(mut self, pos_label: f64) -> Self {
        self.pos_label = Some(pos_label);
        self
    }
}

impl<'a, O: 'a> IntoFuture for Probabilistic<'a, O> {
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { sample_weight: Array, labels: Vec<f64> }
    Probabilistic<'a, Plain> => {}
    Probabilistic<'a, LogLoss> => { normalize: bool }
    Probabilistic<'a, Brier> => { pos_label: f64, scale_by_half: bool }
    Probabilistic<'a, D2Brier> => { pos_label: f64 }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(
    Probabilistic<'a, Plain>,
    Probabilistic<'a, LogLoss>,
    Probabilistic<'a, Brier>,
    Probabilistic<'a, D2Brier>
);
