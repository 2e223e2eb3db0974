//! The contract every estimator keeps, and the declaration it is made from.
//!
//! An estimator is one `estimator!` declaration plus its algorithm. The declaration lists
//! each hyperparameter once (type, default, check, doc line, like scikit-learn's
//! `_parameter_constraints`), each fitted attribute once (by scikit-learn's name), the private
//! state fit keeps, the [`Tags`] and the traits implemented. Everything else is generated:
//! builder methods, `get_params` / `set_param`, the hyperparameter checks that [`Fit::fit`] and
//! [`FitSupervised::fit`] run before the algorithm (no fit can skip them), `to_device`, one
//! accessor per fitted attribute named exactly as in scikit-learn (`coef_()`,
//! `n_features_in_()`), [`Estimator::fitted_attr`], serde, `Debug` as scikit-learn's repr, and
//! the object-safe [`DynEstimator`].
//!
//! Adding an estimator touches its own file and one line of [`registry`]:
//!
//! ```ignore
//! // src/linear_model/shrink.rs
//! use crate::estimator::{checks::*, estimator, FitSupervised, Predict, Tags};
//! use crate::validation::{check_2d, check_y};
//!
//! estimator! {
//!     /// Predicts the mean of y shrunk towards zero.
//!     pub struct Shrink as "Shrink" {
//!         tags: Tags { supervised: true, regressor: true, ..Tags::DEFAULT },
//!         implements: [FitSupervised, Predict],
//!         params: {
//!             /// How far to shrink.
//!             alpha: f64 = 1.0, check non_negative;
//!         },
//!         fitted: ShrinkFitted {
//!             /// The shrunk mean.
//!             intercept_: Array,
//!             n_features_in_: usize,
//!         },
//!         state: {},
//!     }
//! }
//!
//! impl FitSupervised for Shrink {
//!     async fn fit_checked(&mut self, x: &Array, y: &Array, _w: Option<&Array>) -> Result<()> {
//!         let x = check_2d(x, "Shrink.fit").await?;
//!         let y = check_y(y, &x, false, "Shrink.fit").await?;
//!         let n = x.shape()[0] as f64;
//!         let intercept_ = ops::div_scalar(&ops::sum(&y, None, false)?, n + self.alpha)?;
//!         self.fitted = Some(ShrinkFitted { intercept_, n_features_in_: x.shape()[1] });
//!         Ok(())
//!     }
//! }
//! // ... impl Predict for Shrink { async fn predict(..) }
//!
//! // src/estimator/registry.rs, in REGISTRY:
//! //     entry::<crate::linear_model::Shrink>,
//! ```

mod attr;
mod declare;
mod dynamic;
mod mapped;
pub(crate) mod options;
pub(crate) mod params;
pub mod registry;

pub(crate) use attr::{sorted_classes, Dims};
pub use attr::{Attr, Attribute};
pub(crate) use declare::estimator;
pub(crate) use dynamic::{dyn_common, dyn_method, require_y};
pub use dynamic::{BoxFuture, Dyn, DynEstimator, FitCache};
pub use mapped::{ColumnMap, ColumnMapped, FitMapped};
pub(crate) use options::options;
pub use params::{checks, EstimatorParam, Param, ParamValue, Params};
pub use registry::{by_name, from_json, names};

use crate::array::Array;
use crate::device::Device;
use crate::error::{Error, Result};
use crate::metrics;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// What an estimator is, as scikit-learn's tags say it. The common checks
/// (tests/check_estimator.rs), the searches and the JS API read them, never the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tags {
    /// fit takes y.
    pub supervised: bool,
    /// Predicts class labels; `score` is the accuracy.
    pub classifier: bool,
    /// Predicts numbers; `score` is R².
    pub regressor: bool,
    /// Has transform.
    pub transformer: bool,
    /// fit takes per-sample weights.
    pub sample_weight: bool,
    /// Must be fitted before transform (false for scikit-learn's stateless transformers).
    pub requires_fit: bool,
    /// X is a square kernel matrix between samples (scikit-learn's `pairwise`).
    pub pairwise: bool,
    /// Takes 1-D labels instead of a 2-D X (scikit-learn's LabelEncoder).
    pub labels_input: bool,
    /// Accepts a 2-D y (several targets).
    pub multioutput: bool,
}

impl Tags {
    /// A transformer-less, unsupervised estimator that must be fitted.
    pub const DEFAULT: Tags = Tags {
        supervised: false,
        classifier: false,
        regressor: false,
        transformer: false,
        sample_weight: false,
        requires_fit: true,
        pairwise: false,
        labels_input: false,
        multioutput: false,
    };
}

/// What every estimator has. The methods are async because reading a GPU back is; native
/// callers drive them with [`crate::block_on`]. Implemented by `estimator!`.
// The futures are not Send in a browser, so the traits cannot promise Send.
#[allow(async_fn_in_trait)]
pub trait Estimator: Clone + Serialize + DeserializeOwned + 'static {
    /// scikit-learn's class name.
    const NAME: &'static str;
    /// `NAME.fit`, the method errors of the common fit checks name.
    const FIT_OP: &'static str;
    const TAGS: Tags;
    /// The hyperparameters' names, in declaration order.
    const PARAM_NAMES: &'static [&'static str];
    /// The fitted attributes' names, as in scikit-learn.
    const FITTED_ATTRS: &'static [&'static str];
    /// The hyperparameters, by scikit-learn's names.
    fn get_params(&self) -> Params;
    /// Sets one hyperparameter; a value of the wrong kind is refused now, one outside its
    /// declared range at the next fit.
    fn set_param(&mut self, name: &str, value: ParamValue) -> Result<()>;
    /// Every hyperparameter against its declared check; fit runs it first.
    fn check_params(&self) -> Result<()>;
    fn is_fitted(&self) -> bool;
    /// The checks a loaded model passes before it is returned (deserializing runs them):
    /// hyperparameters, the declared shapes of the fitted attributes, and the estimator's own
    /// consistency rules. A corrupted model is `Error::BadModel` here, never a wrong result later.
    fn check_loaded(&self) -> Result<()>;
    /// The estimator behind the object-safe [`DynEstimator`].
    fn into_dyn(self) -> Box<dyn DynEstimator>;
    /// Where the fitted attributes live; `None` before fit.
    fn device(&self) -> Option<Device>;
    /// The fitted model with its attributes on `device` (scikit-learn's move_estimator_to).
    async fn to_device(&self, device: &Device) -> Result<Self>;
    /// A fitted attribute by scikit-learn's name (`"coef_"`).
    fn fitted_attr(&self, name: &str) -> Result<Attr>;
}

/// `Error::InvalidParameter` if `sample_weight` is given to an estimator that takes none.
fn check_takes_weights<E: Estimator>(sample_weight: Option<&Array>, method: &str) -> Result<()> {
    match sample_weight {
        Some(_) if !E::TAGS.sample_weight => Err(Error::InvalidParameter {
            name: "sample_weight",
            value: "an array".into(),
            reason: format!("{}.{method} does not take sample weights", E::NAME),
        }),
        _ => Ok(()),
    }
}

/// Unsupervised fit: scikit-learn's `fit(X, sample_weight=None)`.
#[allow(async_fn_in_trait)]
pub trait Fit: Estimator {
    /// The algorithm, on hyperparameters already checked. Implement this; call `fit`.
    async fn fit_checked(&mut self, x: &Array, sample_weight: Option<&Array>) -> Result<()>;

    async fn fit(&mut self, x: &Array) -> Result<()> {
        self.fit_weighted(x, None).await
    }

    /// `fit` with per-sample weights, for estimators tagged `sample_weight`.
    async fn fit_weighted(&mut self, x: &Array, sample_weight: Option<&Array>) -> Result<()> {
        self.check_params()?;
        check_takes_weights::<Self>(sample_weight, "fit")?;
        self.fit_checked(x, sample_weight).await
    }

    /// `fit(x)` then `transform(x)`.
    async fn fit_transform(&mut self, x: &Array) -> Result<Array>
    where
        Self: Transform,
    {
        self.fit(x).await?;
        self.transform(x).await
    }
}

/// Supervised fit: scikit-learn's `fit(X, y, sample_weight=None)`.
#[allow(async_fn_in_trait)]
pub trait FitSupervised: Estimator {
    /// The algorithm, on hyperparameters already checked. Implement this; call `fit`.
    async fn fit_checked(&mut self, x: &Array, y: &Array, sample_weight: Option<&Array>) -> Result<()>;

    async fn fit(&mut self, x: &Array, y: &Array) -> Result<()> {
        self.fit_weighted(x, y, None).await
    }

    /// `fit` with per-sample weights, for estimators tagged `sample_weight`.
    async fn fit_weighted(&mut self, x: &Array, y: &Array, sample_weight: Option<&Array>) -> Result<()> {
        self.check_params()?;
        check_takes_weights::<Self>(sample_weight, "fit")?;
        if Self::TAGS.classifier {
            crate::validation::multiclass::check_classification_targets(y, Self::FIT_OP).await?;
        }
        self.fit_checked(x, y, sample_weight).await
    }

    /// `fit(x, y)` then `transform(x)` (a supervised projection such as LDA's).
    async fn fit_transform(&mut self, x: &Array, y: &Array) -> Result<Array>
    where
        Self: Transform,
    {
        self.fit(x, y).await?;
        self.transform(x).await
    }
}

#[allow(async_fn_in_trait)]
pub trait Transform: Estimator {
    async fn transform(&self, x: &Array) -> Result<Array>;
}

#[allow(async_fn_in_trait)]
pub trait InverseTransform: Estimator {
    async fn inverse_transform(&self, x: &Array) -> Result<Array>;
}

#[allow(async_fn_in_trait)]
pub trait Predict: Estimator {
    async fn predict(&self, x: &Array) -> Result<Array>;

    /// The accuracy for classifiers, R² (averaged uniformly over targets) for regressors, as
    /// scikit-learn's ClassifierMixin and RegressorMixin, through [`crate::metrics`].
    async fn score(&self, x: &Array, y: &Array) -> Result<f64> {
        self.score_weighted(x, y, None).await
    }

    /// `score` with per-sample weights.
    async fn score_weighted(&self, x: &Array, y: &Array, sample_weight: Option<&Array>) -> Result<f64> {
        let scorer = metrics::get_scorer(if Self::TAGS.classifier { "accuracy" } else { "r2" })?;
        scorer.score_response(y, &self.predict(x).await?, sample_weight).await
    }
}

#[allow(async_fn_in_trait)]
pub trait PredictProba: Estimator {
    async fn predict_proba(&self, x: &Array) -> Result<Array>;
    async fn predict_log_proba(&self, x: &Array) -> Result<Array>;
}

#[allow(async_fn_in_trait)]
pub trait DecisionFunction: Estimator {
    async fn decision_function(&self, x: &Array) -> Result<Array>;
}

/// Density models (PCA's probabilistic model): the log-likelihood of each sample, and its
/// mean as `score`.
#[allow(async_fn_in_trait)]
pub trait ScoreSamples: Estimator {
    async fn score_samples(&self, x: &Array) -> Result<Array>;

    /// The mean log-likelihood of the samples.
    /// Readback: the mean.
    async fn score(&self, x: &Array) -> Result<f64> {
        let ll = self.score_samples(x).await?;
        Ok(crate::ops::mean(&ll, None, false)?.to_vec::<f64>().await?[0])
    }
}

/// `Error::InvalidParameter` for a hyperparameter name the estimator does not have.
pub(crate) fn unknown_param(estimator: &str, name: &str, known: &[&str]) -> Error {
    Error::InvalidParameter {
        name: "name",
        value: format!("'{name}'"),
        reason: format!("{estimator} has no such parameter (it has: {})", known.join(", ")),
    }
}

/// `Error::NoAttribute` for a fitted attribute or method the estimator does not have.
pub(crate) fn no_attribute(estimator: &'static str, name: &str, known: &[&str]) -> Error {
    Error::NoAttribute { estimator, name: name.to_string(), known: known.join(", ") }
}

/// scikit-learn's repr: the class name and the hyperparameters that differ from the defaults.
pub(crate) fn repr<E: Estimator + Default>(e: &E, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    let defaults = E::default().get_params();
    let changed: Vec<String> = e
        .get_params()
        .into_iter()
        .filter(|(k, v)| defaults.get(k) != Some(v))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    write!(f, "{}({})", E::NAME, changed.join(", "))
}
