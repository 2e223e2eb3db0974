//! The scalar scores of a labelling that are not set-wise: accuracy and the 0-1 loss, the
//! Hamming loss, and the chance-corrected scores read off the confusion matrix (balanced
//! accuracy, Cohen's kappa, Matthews' correlation coefficient).

use super::super::options::{Adjusted, Kappa, Normalized, Plain};
use super::super::{bounded, checked_weights, UNIT};
use super::counts::{confusion_matrix, divide_or, label_sums};
use super::target::{TargetType, Targets};
use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::estimator::BoxFuture;
use crate::ops;
use std::future::IntoFuture;
use std::marker::PhantomData;

metric_table! {
    LabelScore(y_pred) -> "number";
    /// The fraction (or, without `normalize`, the count) of samples whose predicted label
    /// equals the true one (for multilabel targets, whose every label does: subset accuracy);
    /// with sample weights, their weighted share.
    accuracy_score => Accuracy, Normalized;
    /// The fraction (or, without `normalize`, the count) of samples predicted wrong: one
    /// minus the accuracy.
    zero_one_loss => ZeroOne, Normalized;
    /// The fraction of labels predicted wrong: of samples for binary and multiclass targets,
    /// of every sample's every label for multilabel ones.
    hamming_loss => Hamming, Plain;
    /// The mean recall over the classes present in y_true; `adjusted` rescales it so that
    /// chance scores 0 and a perfect labelling 1.
    balanced_accuracy_score => Balanced, Adjusted;
    /// Cohen's kappa: the agreement of two labellings beyond what chance would give, with
    /// disagreements weighed as `weights` says. The arguments are y1 and y2, and the score
    /// is symmetric in them.
    cohen_kappa_score => CohenKappa, Kappa;
    /// Matthews' correlation coefficient (the phi coefficient for binary targets; its
    /// multiclass generalisation otherwise), in [-1, 1]; 0 where it is undefined.
    matthews_corrcoef => Matthews, Plain;
}

crate::estimator::options! {
    /// How [`cohen_kappa_score`] weighs a disagreement between the i-th and j-th labels.
    pub enum KappaWeights {
        /// |i − j|.
        Linear = "linear",
        /// (i − j)².
        Quadratic = "quadratic",
    }
    not_provided: []
}

/// The arguments of a scalar label score; await it for the score. `O` says which further
/// options it takes.
pub struct LabelScore<'a, O> {
    kind: Kind,
    y_true: &'a Array,
    y_pred: &'a Array,
    sample_weight: Option<&'a Array>,
    normalize: bool,
    adjusted: bool,
    labels: Option<Vec<f64>>,
    weights: Option<KappaWeights>,
    replace_undefined_by: f64,
    options: PhantomData<O>,
}

impl<'a, O> LabelScore<'a, O> {
    fn new(kind: Kind, y_true: &'a Array, y_pred: &'a Array) -> Self {
        LabelScore {
            kind,
            y_true,
            y_pred,
            sample_weight: None,
            normalize: true,
            adjusted: false,
            labels: None,
            weights: None,
            replace_undefined_by: f64::NAN,
            options: PhantomData,
        }
    }

    pub fn sample_weight(mut self, sample_weight: impl Into<Option<&'a Array>>) -> Self {
        self.sample_weight = sample_weight.into();
        self
    }

    /// Readback: the labels (the target checks), and the score's few scalars.
    async fn compute(self) -> Result<f64> {
        // The range the score cannot leave: counts are unbounded, the adjusted balanced
        // accuracy and the correlations reach below 0.
        let range = match (self.kind, self.normalize, self.adjusted) {
            (Kind::Accuracy | Kind::ZeroOne, false, _) => (0.0, f64::INFINITY),
            (Kind::Balanced, _, true) => (f64::NEG_INFINITY, 1.0),
            (Kind::CohenKappa | Kind::Matthews, _, _) => (-1.0, 1.0),
            _ => UNIT,
        };
        Ok(bounded(self.unbounded().await?, range))
    }

    /// The score as computed, before rounding is kept inside its range.
    async fn unbounded(self) -> Result<f64> {
        let op = self.kind.name();
        if self.kind == Kind::CohenKappa {
            return self.kappa().await;
        }
        let t = Targets::check(self.y_true, self.y_pred, op).await?;
        let weights = checked_weights(self.sample_weight, self.y_true, t.n, DType::F64, op).await?;
        match self.kind {
            Kind::Accuracy | Kind::ZeroOne => {
                let (correct, total) = correct_and_total(&t, weights.as_ref()).await?;
                Ok(match (self.kind, self.normalize) {
                    (Kind::Accuracy, true) => correct / total,
                    (Kind::Accuracy, false) => correct,
                    (_, true) => 1.0 - correct / total,
                    (_, false) => total - correct,
                })
            }
            Kind::Hamming => hamming(&t, weights.as_ref()).await,
            _ => {
                if t.kind == TargetType::MultilabelIndicator {
                    return Err(Error::BadTarget {
                        op,
                        detail: "multilabel-indicator targets are not supported".into(),
                    });
                }
                // The confusion matrix's diagonal, row sums and column sums, as floats.
                let sums = label_sums(&t, None, weights.as_ref(), false, op).await?;
                let float = |a: &Array| ops::astype(a, DType::F64);
                let (tp, truth, pred) = (float(&sums.tp)?, float(&sums.truth)?, float(&sums.pred)?);
                if self.kind == Kind::Balanced {
                    balanced(&tp, &truth, self.adjusted).await
                } else {
                    matthews(&tp, &truth, &pred).await
                }
            }
        }
    }

    /// Cohen's kappa from the confusion matrix of the labels asked for.
    /// Readback: the labels, the total weight, and the weighted disagreements.
    async fn kappa(self) -> Result<f64> {
        const OP: &str = "cohen_kappa_score";
        let r = self.replace_undefined_by;
        if !(r.is_nan() || (-1.0..=1.0).contains(&r)) {
            return Err(Error::invalid_parameter(
                "replace_undefined_by",
                r,
                format!("{OP}: the value of an undefined kappa is NaN or in [-1, 1]"),
            ));
        }
        let mut cm = confusion_matrix(self.y_true, self.y_pred).named(OP).sample_weight(self.sample_weight);
        if let Some(labels) = self.labels {
            cm = cm.labels(labels);
        }
        let cm = ops::astype(&cm.into_future().await?, DType::F64)?;
        let k = cm.shape()[0];
        let by_pred = ops::sum(&cm, Some(0), false)?;
        let by_true = ops::sum(&cm, Some(1), false)?;
        let total = ops::sum(&by_pred, None, false)?;
        // Exact comparison: a sum of non-negative terms is zero only when all are.
        if total.to_vec::<f64>().await?[0] == 0.0 {
            return Ok(r);
        }
        let expected = ops::div(&ops::outer(&by_pred, &by_true)?, &total)?;
        let positions = Array::arange(cm.device(), 0.0, k as f64, 1.0, DType::F64)?;
        let offset = ops::sub(&positions.reshape(&[k as isize, 1])?, &positions.reshape(&[1, k as isize])?)?;
        let cost = match self.weights {
            None => ops::astype(&ops::not_equal(&offset, &ops::scalar_like(&offset, 0.0)?)?, DType::F64)?,
            Some(KappaWeights::Linear) => ops::abs(&offset)?,
            Some(KappaWeights::Quadratic) => ops::square(&offset)?,
        };
        let weighed = |m: &Array| -> Result<Array> { ops::sum(&ops::mul(&cost, m)?, None, false) };
        let both = crate::array::stack(&[&weighed(&cm)?, &weighed(&expected)?], 0)?.to_vec::<f64>().await?;
        if both[1] == 0.0 {
            return Ok(r);
        }
        Ok(1.0 - both[0] / both[1])
    }
}

/// The (weighted) count of samples predicted right, and the total weight.
/// Readback: the two sums. They are divided on the host, so that an integer count stays
/// exact on devices without f64.
async fn correct_and_total(t: &Targets, weights: Option<&Array>) -> Result<(f64, f64)> {
    // A multilabel sample is right only when its whole row of labels is.
    let hits = match t.kind {
        TargetType::MultilabelIndicator => {
            let common = DType::promote(t.y_true.dtype(), t.y_pred.dtype());
            let equal = ops::equal(&ops::astype(&t.y_true, common)?, &ops::astype(&t.y_pred, common)?)?;
            ops::all(&equal, Some(1), false)?
        }
        _ => ops::equal(&t.y_true, &t.y_pred)?,
    };
    Ok(match weights {
        Some(w) => {
            let correct = ops::sum(&ops::mul(&ops::astype(&hits, w.dtype())?, w)?, None, false)?;
            let both = crate::array::stack(&[&correct, &ops::sum(w, None, false)?], 0)?.to_vec::<f64>().await?;
            (both[0], both[1])
        }
        None => (ops::count_nonzero(&hits, None, false)?.to_vec::<f64>().await?[0], t.n as f64),
    })
}

/// The (weighted) share of labels predicted wrong.
/// Readback: the wrong count (or weight) and the total weight.
async fn hamming(t: &Targets, weights: Option<&Array>) -> Result<f64> {
    let common = DType::promote(t.y_true.dtype(), t.y_pred.dtype());
    let wrong = ops::not_equal(&ops::astype(&t.y_true, common)?, &ops::astype(&t.y_pred, common)?)?;
    let labels = if t.kind == TargetType::MultilabelIndicator { t.y_true.shape()[1] } else { 1 };
    let (wrong, total) = match weights {
        Some(w) => {
            let w = if labels > 1 { w.reshape(&[t.n as isize, 1])? } else { w.clone() };
            let wrong = ops::sum(&ops::mul(&ops::astype(&wrong, w.dtype())?, &w)?, None, false)?;
            let both = crate::array::stack(&[&wrong, &ops::sum(&w, None, false)?], 0)?.to_vec::<f64>().await?;
            (both[0], both[1])
        }
        None => (ops::count_nonzero(&wrong, None, false)?.to_vec::<f64>().await?[0], t.n as f64),
    };
    Ok(wrong / (total * labels as f64))
}

/// The mean recall tp / truth over the classes with a (weighted) presence in y_true,
/// rescaled when `adjusted`.
/// Readback: the recalls' sum and the number of classes present.
async fn balanced(tp: &Array, truth: &Array, adjusted: bool) -> Result<f64> {
    let present = ops::greater(truth, &ops::scalar_like(truth, 0.0)?)?;
    let recall = divide_or(tp, truth, 0.0)?;
    let sum = ops::sum(&recall, None, false)?;
    let classes = ops::astype(&ops::count_nonzero(&present, None, false)?, DType::F64)?;
    let both = crate::array::stack(&[&sum, &classes], 0)?.to_vec::<f64>().await?;
    let (score, classes) = (both[0] / both[1], both[1]);
    if !adjusted {
        return Ok(score);
    }
    let chance = 1.0 / classes;
    Ok((score - chance) / (1.0 - chance))
}

/// Matthews' coefficient from the confusion matrix's diagonal, row and column sums.
/// Readback: the covariances' three terms.
async fn matthews(tp: &Array, truth: &Array, pred: &Array) -> Result<f64> {
    let dot = |a: &Array, b: &Array| ops::sum(&ops::mul(a, b)?, None, false);
    let terms = crate::array::stack(
        &[
            &ops::sum(tp, None, false)?,
            &ops::sum(pred, None, false)?,
            &dot(truth, pred)?,
            &dot(pred, pred)?,
            &dot(truth, truth)?,
        ],
        0,
    )?
    .to_vec::<f64>()
    .await?;
    let [correct, n, tp_dot, pp_dot, tt_dot] = terms[..] else { unreachable!("five terms") };
    let cov_ytyp = correct * n - tp_dot;
    let cov_ypyp = n * n - pp_dot;
    let cov_ytyt = n * n - tt_dot;
    let product = cov_ypyp * cov_ytyt;
    Ok(if product == 0.0 { 0.0 } else { cov_ytyp / product.sqrt() })
}

impl<'a> LabelScore<'a, Normalized> {
    /// The fraction of samples (default true), or their (weighted) count.
    pub fn normalize(mut self, normalize: bool) -> Self {
        self.normalize = normalize;
        self
    }
}

impl<'a> LabelScore<'a, Adjusted> {
    /// Rescale so that chance scores 0 and a perfect labelling 1 (default false).
    pub fn adjusted(mut self, adjusted: bool) -> Self {
        self.adjusted = adjusted;
        self
    }
}

impl<'a> LabelScore<'a, Kappa> {
    /// The labels to count agreement over, in this order (which the weights' distances
    /// follow); by default every label present, sorted. At least one must occur in y1.
    pub fn labels(mut self, labels: impl Into<Vec<f64>>) -> Self {
        self.labels = Some(labels.into());
        self
    }
    /// How disagreements are weighed (default: all alike).
    pub fn weights(mut self, weights: impl Into<Option<KappaWeights>>) -> Self {
        self.weights = weights.into();
        self
    }
    /// The score where kappa is undefined (no weight at all, or one label in common): NaN
    /// (the default) or a value in [-1, 1].
    pub fn replace_undefined_by(mut self, value: f64) -> Self {
        self.replace_undefined_by = value;
        self
    }
}

impl<'a, O> IntoFuture for LabelScore<'a, O>
where
    O: 'a,
{
    type Output = Result<f64>;
    type IntoFuture = BoxFuture<'a, Result<f64>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.compute())
    }
}

#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_options! {
    { sample_weight: Array }
    LabelScore<'a, Plain> => {}
    LabelScore<'a, Normalized> => { normalize: bool }
    LabelScore<'a, Adjusted> => { adjusted: bool }
    LabelScore<'a, Kappa> => { labels: Vec<f64>, weights: KappaWeights, replace_undefined_by: f64 }
}
#[cfg(target_arch = "wasm32")]
crate::wasm::metrics::js_run!(
    LabelScore<'a, Plain>,
    LabelScore<'a, Normalized>,
    LabelScore<'a, Adjusted>,
    LabelScore<'a, Kappa>
);
