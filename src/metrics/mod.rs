//! scikit-learn's metrics, computed where the predictions live. Scalar metrics return `f64`;
//! optional arguments are builder methods with scikit-learn's names, and the call is awaited:
//! `metrics::r2_score(&y, &pred).sample_weight(&w).await?`.
//!
//! So far: every regression metric (`regression/`), every classification metric
//! (`classification/`), every ranking metric (`ranking/`), and the pairwise distances and
//! kernels (`pairwise`, a public module as in scikit-learn), the clustering metrics
//! (`cluster/`), and the scorer registry (`scorer.rs`), through which estimators' `score` goes.

/// Declares a family's metrics once: each one's `Kind` variant, its public function of
/// scikit-learn's name (the name errors use too), the options marker of the builder
/// (`$builder<'a, Options>`, made by `$builder::new(kind, y_true, $second)`) it returns, and,
/// on wasm32, its method of the JS `metrics` namespace (`$ts` is the TypeScript type of the
/// answer).
macro_rules! metric_table {
    ($builder:ident($second:ident) -> $ts:literal; $($(#[$doc:meta])* $name:ident => $kind:ident, $options:ident;)*) => {
        /// Which metric a builder of this family computes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Kind {
            $($kind,)*
        }

        impl Kind {
            fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => stringify!($name),)*
                }
            }
        }

        $(
            $(#[$doc])*
            pub fn $name<'a>(y_true: &'a Array, $second: &'a Array) -> $builder<'a, $options> {
                $builder::new(Kind::$kind, y_true, $second)
            }
        )*

        #[cfg(target_arch = "wasm32")]
        $crate::wasm::metrics::metric_functions!(y_true, $second; $($name => $builder<'static, $options> as $ts;)*);
    };
}

mod classification;
mod cluster;
pub mod pairwise;
mod ranking;
mod regression;
mod scorer;

pub use classification::{
    accuracy_score, balanced_accuracy_score, brier_score_loss, classification_report, cohen_kappa_score,
    confusion_matrix, d2_brier_score, d2_log_loss_score, f1_score, fbeta_score, hamming_loss, jaccard_score, log_loss,
    matthews_corrcoef, multilabel_confusion_matrix, outputs, precision_recall_fscore_support, precision_score,
    recall_score, type_of_target, zero_one_loss, Average, ClassificationReport, ClassificationReportBuilder,
    ConfusionMatrix, KappaWeights, LabelScore, MultilabelConfusionMatrix, Normalize, PerLabelScores, Prfs,
    PrfsPerLabel, Probabilistic, ReportLine, SetWise, TargetType, ZeroDivision,
};
pub use cluster::{
    adjusted_mutual_info_score, adjusted_rand_score, calinski_harabasz_score, completeness_score, contingency_matrix,
    davies_bouldin_score, entropy, fowlkes_mallows_score, homogeneity_completeness_v_measure, homogeneity_score,
    mutual_info_score, normalized_mutual_info_score, pair_confusion_matrix, rand_score, silhouette_samples,
    silhouette_score, v_measure_score, AverageMethod, ClusterScore, ContingencyMatrix, HcvBuilder,
    HomogeneityCompletenessVMeasure, SilhouetteMetric, SilhouetteSamples, SilhouetteScore,
};
pub use ranking::{
    auc, average_precision_score, confusion_matrix_at_thresholds, coverage_error, curve_outputs, dcg_score, det_curve,
    label_ranking_average_precision_score, label_ranking_loss, ndcg_score, precision_recall_curve, roc_auc_score,
    roc_curve, top_k_accuracy_score, AreaScore, Curve, DetCurve, LabelRanking, MultiClass, PerLabelAreas,
    PrecisionRecallCurve, RocCurve, ThresholdCounts,
};
pub use regression::{
    d2_absolute_error_score, d2_pinball_score, d2_tweedie_score, explained_variance_score, max_error,
    mean_absolute_error, mean_absolute_percentage_error, mean_gamma_deviance, mean_pinball_loss, mean_poisson_deviance,
    mean_squared_error, mean_squared_log_error, mean_tweedie_deviance, median_absolute_error, r2_score,
    root_mean_squared_error, root_mean_squared_log_error, Multioutput, RawValues, Regression, TweedieDeviance,
};
pub use scorer::{get_scorer, get_scorer_names, make_scorer, ResponseMethod, Scorer};

/// Which options a metric's builder offers besides `sample_weight` (and, for regression,
/// `multioutput`): the builders' methods exist only for the metrics that take them.
pub mod options {
    /// No further options.
    pub enum Plain {}
    /// `alpha`, the quantile of the pinball loss.
    pub enum Quantile {}
    /// `force_finite`, for the scores of constant targets.
    pub enum Explained {}
    /// `normalize`: a fraction of samples, or their count.
    pub enum Normalized {}
    /// `adjusted`: rescaled for chance.
    pub enum Adjusted {}
    /// Cohen's kappa: `labels`, `weights` and `replace_undefined_by`.
    pub enum Kappa {}
    /// The log loss: `normalize` (and `labels`, as every probability score).
    pub enum LogLoss {}
    /// The Brier score: `pos_label` and `scale_by_half`.
    pub enum Brier {}
    /// The Brier score's D²: `pos_label`.
    pub enum D2Brier {}
    /// The top-k accuracy: `k`, `normalize` and `labels`.
    pub enum TopK {}
    /// The discounted cumulative gain: `k`, `log_base` and `ignore_ties`.
    pub enum Dcg {}
    /// The normalized discounted cumulative gain: `k` and `ignore_ties`.
    pub enum Ndcg {}
    /// The mutual information: `contingency`.
    pub enum MutualInfo {}
    /// The normalized and adjusted mutual information: `average_method`.
    pub enum Averaged {}
    /// The V-measure: `beta`.
    pub enum Beta {}
}

use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::validation::check_sample_weight;

/// `score` kept inside the range `[lo, hi]` that the metric cannot leave (an AUC, an accuracy,
/// a precision in [0, 1]; R² at most 1): rounding, above all df64's 48 bits on a GPU without
/// f64, must never give an area of 1.0000000000000007. NaN (an undefined score) stays NaN.
fn bounded(score: f64, (lo, hi): (f64, f64)) -> f64 {
    if score.is_nan() {
        score
    } else {
        score.clamp(lo, hi)
    }
}

/// The range of fractions and probabilities.
const UNIT: (f64, f64) = (0.0, 1.0);

/// y_true and y_pred on one device, with one entry (row) per sample each; the method is named
/// for errors.
fn check_consistent(y_true: &Array, y_pred: &Array, op: &'static str) -> Result<usize> {
    y_true.device().check_same(y_pred.device(), op)?;
    let n = |a: &Array| a.shape().first().copied().unwrap_or(1);
    if n(y_true) != n(y_pred) {
        return Err(Error::ShapeMismatch {
            op,
            detail: format!(
                "found input variables with inconsistent numbers of samples: [{}, {}]",
                n(y_true),
                n(y_pred)
            ),
        });
    }
    if y_true.is_empty() {
        return Err(Error::EmptyInput { op, shape: y_true.shape().to_vec() });
    }
    Ok(n(y_true))
}

/// Sample weights for a metric: on the labels' device, one finite non-negative value per
/// sample, in `dtype`, and not all zero.
async fn checked_weights(
    sample_weight: Option<&Array>,
    y_true: &Array,
    n: usize,
    dtype: DType,
    op: &'static str,
) -> Result<Option<Array>> {
    let Some(w) = sample_weight else { return Ok(None) };
    y_true.device().check_same(w.device(), op)?;
    Ok(Some(check_sample_weight(w, n, dtype, op).await?))
}
