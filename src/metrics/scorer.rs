//! Scorers: a metric with fixed options, the sign that makes greater better, and the estimator
//! output it scores (scikit-learn's `get_scorer`, `get_scorer_names` and `make_scorer`). A
//! scorer works on any estimator through [`DynEstimator`]; the estimators' own `score` takes
//! its scorer from the registry too.

use super::{Average, MultiClass};
use crate::array::Array;
use crate::error::{Error, Result};
use crate::estimator::{Attr, BoxFuture, DynEstimator};
use crate::metrics;
use std::future::IntoFuture;
use std::sync::Arc;

/// Which output of the estimator a scorer scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMethod {
    Predict,
    /// The class probabilities; of a binary classifier, the column of its greater class.
    PredictProba,
    DecisionFunction,
    /// decision_function where the estimator has one, predict_proba otherwise: scikit-learn's
    /// ("decision_function", "predict_proba") of the threshold metrics.
    DecisionFunctionOrProba,
}

/// A metric of (y_true, the estimator's response, sample weights).
type Metric = Arc<dyn for<'a> Fn(&'a Array, &'a Array, Option<&'a Array>) -> BoxFuture<'a, Result<f64>> + Send + Sync>;

/// A metric with fixed options, its sign and its response method; see [`get_scorer`] and
/// [`make_scorer`].
#[derive(Clone)]
pub struct Scorer {
    name: &'static str,
    metric: Metric,
    sign: f64,
    response_method: ResponseMethod,
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "make_scorer({}, response_method={:?}, sign={})", self.name, self.response_method, self.sign)
    }
}

impl Scorer {
    /// The registry's name, or the name given to `make_scorer`.
    pub fn name(&self) -> &'static str {
        self.name
    }
    /// 1 where the metric is better greater, −1 where it is a loss (and the score its negation).
    pub fn sign(&self) -> f64 {
        self.sign
    }
    /// The estimator output it scores.
    pub fn response(&self) -> ResponseMethod {
        self.response_method
    }
    /// Score the loss as its negation, so that greater is better (scikit-learn's
    /// greater_is_better=False).
    pub fn greater_is_better(mut self, greater_is_better: bool) -> Self {
        self.sign = if greater_is_better { 1.0 } else { -1.0 };
        self
    }
    /// The estimator output to score (predict by default).
    pub fn response_method(mut self, response_method: ResponseMethod) -> Self {
        self.response_method = response_method;
        self
    }

    /// The signed score of a fitted estimator on (X, y).
    pub async fn score(
        &self,
        estimator: &dyn DynEstimator,
        x: &Array,
        y: &Array,
        sample_weight: Option<&Array>,
    ) -> Result<f64> {
        let response = self.respond(estimator, x).await?;
        self.score_response(y, &response, sample_weight).await
    }

    /// The signed score of a response already computed (what `response_method` names).
    pub async fn score_response(&self, y: &Array, response: &Array, sample_weight: Option<&Array>) -> Result<f64> {
        Ok(self.sign * (self.metric)(y, response, sample_weight).await?)
    }

    /// Readback: a binary classifier's probabilities are cut to one column by its `classes_`
    /// count (no values are read).
    async fn respond(&self, estimator: &dyn DynEstimator, x: &Array) -> Result<Array> {
        let proba = || async {
            let p = estimator.predict_proba(x).await?;
            let binary = matches!(estimator.fitted_attr("classes_"), Ok(Attr::Array(c)) if c.len() == 2);
            if binary && p.ndim() == 2 {
                // scikit-learn's positive class is the greater one, classes_[-1].
                return p.slice_axis(1, 1, 2)?.reshape(&[-1]);
            }
            Ok(p)
        };
        match self.response_method {
            ResponseMethod::Predict => estimator.predict(x).await,
            ResponseMethod::PredictProba => proba().await,
            ResponseMethod::DecisionFunction => estimator.decision_function(x).await,
            ResponseMethod::DecisionFunctionOrProba => match estimator.decision_function(x).await {
                Err(Error::NoAttribute { .. }) => proba().await,
                other => other,
            },
        }
    }
}

/// A scorer of `metric`, a function of (y_true, response, sample weights) that fixes the
/// metric's options, e.g.
/// `make_scorer("f1_macro", |y, p, w| Box::pin(metrics::f1_score(y, p).average(Average::Macro).sample_weight(w).into_future()))`.
/// It scores predict's output, greater better, unless told otherwise.
pub fn make_scorer<F>(name: &'static str, metric: F) -> Scorer
where
    F: for<'a> Fn(&'a Array, &'a Array, Option<&'a Array>) -> BoxFuture<'a, Result<f64>> + Send + Sync + 'static,
{
    Scorer { name, metric: Arc::new(metric), sign: 1.0, response_method: ResponseMethod::Predict }
}

/// The metric takes no sample weights: an error names the scorer where some are given.
fn unweighted(w: Option<&Array>, name: &'static str) -> Result<()> {
    match w {
        None => Ok(()),
        Some(_) => Err(Error::invalid_parameter("sample_weight", "an array", format!("the {name} scorer takes none"))),
    }
}

/// Declares the registry once: each scorer's name, sign, response method and metric call (of
/// `y`, `p` and the weights `w`).
macro_rules! scorers {
    ($($name:literal => $sign:literal, $response:ident, |$y:ident, $p:ident, $w:ident| $body:expr;)*) => {
        const NAMES: &[&str] = &[$($name),*];

        /// The scorer of scikit-learn's name; an unknown name is an error listing the valid
        /// ones.
        pub fn get_scorer(name: &str) -> Result<Scorer> {
            $(
                if name == $name {
                    fn metric<'a>($y: &'a Array, $p: &'a Array, $w: Option<&'a Array>) -> BoxFuture<'a, Result<f64>> {
                        Box::pin(async move { $body.into_future().await })
                    }
                    return Ok(Scorer {
                        name: $name,
                        metric: Arc::new(metric),
                        sign: $sign,
                        response_method: ResponseMethod::$response,
                    });
                }
            )*
            Err(Error::invalid_parameter(
                "scoring",
                format!("'{name}'"),
                format!("not a valid scoring value; the scorers are {}", NAMES.join(", ")),
            ))
        }
    };
}

/// scikit-learn's scorer names that wglearn's metrics support, sorted (all of
/// `get_scorer_names()` but the class likelihood ratios).
pub fn get_scorer_names() -> Vec<&'static str> {
    let mut names = NAMES.to_vec();
    names.sort_unstable();
    names
}

/// The set-wise scorers: `average` of precision, recall, F1 or Jaccard (pos_label None
/// outside binary, as scikit-learn's).
async fn setwise(kind: &str, y: &Array, p: &Array, w: Option<&Array>, average: Average) -> Result<f64> {
    match kind {
        "precision" => metrics::precision_score(y, p).average(average).sample_weight(w).await,
        "recall" => metrics::recall_score(y, p).average(average).sample_weight(w).await,
        "f1" => metrics::f1_score(y, p).average(average).sample_weight(w).await,
        _ => metrics::jaccard_score(y, p).average(average).sample_weight(w).await,
    }
}

/// A clustering scorer: the labels compared with the predictions, without weights.
async fn clustering(name: &'static str, y: &Array, p: &Array, w: Option<&Array>) -> Result<f64> {
    unweighted(w, name)?;
    match name {
        "adjusted_mutual_info_score" => metrics::adjusted_mutual_info_score(y, p).await,
        "adjusted_rand_score" => metrics::adjusted_rand_score(y, p).await,
        "completeness_score" => metrics::completeness_score(y, p).await,
        "fowlkes_mallows_score" => metrics::fowlkes_mallows_score(y, p).await,
        "homogeneity_score" => metrics::homogeneity_score(y, p).await,
        "mutual_info_score" => metrics::mutual_info_score(y, p).await,
        "normalized_mutual_info_score" => metrics::normalized_mutual_info_score(y, p).await,
        "rand_score" => metrics::rand_score(y, p).await,
        _ => metrics::v_measure_score(y, p).await,
    }
}

scorers! {
    "accuracy" => 1.0, Predict, |y, p, w| metrics::accuracy_score(y, p).sample_weight(w);
    "balanced_accuracy" => 1.0, Predict, |y, p, w| metrics::balanced_accuracy_score(y, p).sample_weight(w);
    "matthews_corrcoef" => 1.0, Predict, |y, p, w| metrics::matthews_corrcoef(y, p).sample_weight(w);
    "top_k_accuracy" => 1.0, DecisionFunctionOrProba, |y, p, w| metrics::top_k_accuracy_score(y, p).sample_weight(w);
    "average_precision" => 1.0, DecisionFunctionOrProba, |y, p, w| metrics::average_precision_score(y, p).sample_weight(w);
    "roc_auc" => 1.0, DecisionFunctionOrProba, |y, p, w| metrics::roc_auc_score(y, p).sample_weight(w);
    "roc_auc_ovr" => 1.0, PredictProba, |y, p, w| metrics::roc_auc_score(y, p).multi_class(MultiClass::Ovr).sample_weight(w);
    "roc_auc_ovo" => 1.0, PredictProba, |y, p, w| metrics::roc_auc_score(y, p).multi_class(MultiClass::Ovo).sample_weight(w);
    "roc_auc_ovr_weighted" => 1.0, PredictProba, |y, p, w| {
        metrics::roc_auc_score(y, p).multi_class(MultiClass::Ovr).average(Average::Weighted).sample_weight(w)
    };
    "roc_auc_ovo_weighted" => 1.0, PredictProba, |y, p, w| {
        metrics::roc_auc_score(y, p).multi_class(MultiClass::Ovo).average(Average::Weighted).sample_weight(w)
    };
    "neg_log_loss" => -1.0, PredictProba, |y, p, w| metrics::log_loss(y, p).sample_weight(w);
    "neg_brier_score" => -1.0, PredictProba, |y, p, w| metrics::brier_score_loss(y, p).sample_weight(w);
    "d2_log_loss_score" => 1.0, PredictProba, |y, p, w| metrics::d2_log_loss_score(y, p).sample_weight(w);
    "d2_brier_score" => 1.0, PredictProba, |y, p, w| metrics::d2_brier_score(y, p).sample_weight(w);
    "precision" => 1.0, Predict, |y, p, w| setwise("precision", y, p, w, Average::Binary);
    "precision_macro" => 1.0, Predict, |y, p, w| setwise("precision", y, p, w, Average::Macro);
    "precision_micro" => 1.0, Predict, |y, p, w| setwise("precision", y, p, w, Average::Micro);
    "precision_samples" => 1.0, Predict, |y, p, w| setwise("precision", y, p, w, Average::Samples);
    "precision_weighted" => 1.0, Predict, |y, p, w| setwise("precision", y, p, w, Average::Weighted);
    "recall" => 1.0, Predict, |y, p, w| setwise("recall", y, p, w, Average::Binary);
    "recall_macro" => 1.0, Predict, |y, p, w| setwise("recall", y, p, w, Average::Macro);
    "recall_micro" => 1.0, Predict, |y, p, w| setwise("recall", y, p, w, Average::Micro);
    "recall_samples" => 1.0, Predict, |y, p, w| setwise("recall", y, p, w, Average::Samples);
    "recall_weighted" => 1.0, Predict, |y, p, w| setwise("recall", y, p, w, Average::Weighted);
    "f1" => 1.0, Predict, |y, p, w| setwise("f1", y, p, w, Average::Binary);
    "f1_macro" => 1.0, Predict, |y, p, w| setwise("f1", y, p, w, Average::Macro);
    "f1_micro" => 1.0, Predict, |y, p, w| setwise("f1", y, p, w, Average::Micro);
    "f1_samples" => 1.0, Predict, |y, p, w| setwise("f1", y, p, w, Average::Samples);
    "f1_weighted" => 1.0, Predict, |y, p, w| setwise("f1", y, p, w, Average::Weighted);
    "jaccard" => 1.0, Predict, |y, p, w| setwise("jaccard", y, p, w, Average::Binary);
    "jaccard_macro" => 1.0, Predict, |y, p, w| setwise("jaccard", y, p, w, Average::Macro);
    "jaccard_micro" => 1.0, Predict, |y, p, w| setwise("jaccard", y, p, w, Average::Micro);
    "jaccard_samples" => 1.0, Predict, |y, p, w| setwise("jaccard", y, p, w, Average::Samples);
    "jaccard_weighted" => 1.0, Predict, |y, p, w| setwise("jaccard", y, p, w, Average::Weighted);
    "r2" => 1.0, Predict, |y, p, w| metrics::r2_score(y, p).sample_weight(w);
    "explained_variance" => 1.0, Predict, |y, p, w| metrics::explained_variance_score(y, p).sample_weight(w);
    "d2_absolute_error_score" => 1.0, Predict, |y, p, w| metrics::d2_absolute_error_score(y, p).sample_weight(w);
    "neg_max_error" => -1.0, Predict, |y, p, w| async move {
        unweighted(w, "neg_max_error")?;
        metrics::max_error(y, p).await
    };
    "neg_mean_absolute_error" => -1.0, Predict, |y, p, w| metrics::mean_absolute_error(y, p).sample_weight(w);
    "neg_mean_squared_error" => -1.0, Predict, |y, p, w| metrics::mean_squared_error(y, p).sample_weight(w);
    "neg_root_mean_squared_error" => -1.0, Predict, |y, p, w| metrics::root_mean_squared_error(y, p).sample_weight(w);
    "neg_mean_squared_log_error" => -1.0, Predict, |y, p, w| metrics::mean_squared_log_error(y, p).sample_weight(w);
    "neg_root_mean_squared_log_error" => -1.0, Predict, |y, p, w| {
        metrics::root_mean_squared_log_error(y, p).sample_weight(w)
    };
    "neg_mean_absolute_percentage_error" => -1.0, Predict, |y, p, w| {
        metrics::mean_absolute_percentage_error(y, p).sample_weight(w)
    };
    "neg_median_absolute_error" => -1.0, Predict, |y, p, w| metrics::median_absolute_error(y, p).sample_weight(w);
    "neg_mean_poisson_deviance" => -1.0, Predict, |y, p, w| metrics::mean_poisson_deviance(y, p).sample_weight(w);
    "neg_mean_gamma_deviance" => -1.0, Predict, |y, p, w| metrics::mean_gamma_deviance(y, p).sample_weight(w);
    "adjusted_mutual_info_score" => 1.0, Predict, |y, p, w| clustering("adjusted_mutual_info_score", y, p, w);
    "adjusted_rand_score" => 1.0, Predict, |y, p, w| clustering("adjusted_rand_score", y, p, w);
    "completeness_score" => 1.0, Predict, |y, p, w| clustering("completeness_score", y, p, w);
    "fowlkes_mallows_score" => 1.0, Predict, |y, p, w| clustering("fowlkes_mallows_score", y, p, w);
    "homogeneity_score" => 1.0, Predict, |y, p, w| clustering("homogeneity_score", y, p, w);
    "mutual_info_score" => 1.0, Predict, |y, p, w| clustering("mutual_info_score", y, p, w);
    "normalized_mutual_info_score" => 1.0, Predict, |y, p, w| clustering("normalized_mutual_info_score", y, p, w);
    "rand_score" => 1.0, Predict, |y, p, w| clustering("rand_score", y, p, w);
    "v_measure_score" => 1.0, Predict, |y, p, w| clustering("v_measure_score", y, p, w);
}
