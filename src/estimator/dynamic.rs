//! [`DynEstimator`]: any estimator, held without knowing its type (Pipeline, the searches and
//! the JS API hold them so). [`estimator!`](super::estimator) implements it from the traits an
//! estimator declares; a method the estimator lacks is `Error::NoAttribute`, as calling it is
//! an AttributeError in scikit-learn.

use super::{Attr, ParamValue, Params, Tags};
use crate::array::Array;
use crate::device::Device;
use crate::error::{Error, Result};
use std::future::Future;
use std::pin::Pin;

/// An estimator behind [`DynEstimator`]. A wrapper rather than the estimator itself, so that
/// calling `predict` on a concrete estimator never meets two traits' methods of that name.
#[derive(Clone)]
pub struct Dyn<E>(pub E);

/// A boxed future. Not `Send`: in a browser nothing is.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

fn lacks<'a, T: 'a>(estimator: &'static str, method: &'static str) -> BoxFuture<'a, Result<T>> {
    Box::pin(async move { Err(Error::NoAttribute { estimator, name: method.into(), known: String::new() }) })
}

/// The object-safe face of every estimator. `y` and `sample_weight` are options, as in
/// scikit-learn's signatures; `y` is ignored by unsupervised estimators.
pub trait DynEstimator: Send + Sync {
    fn name(&self) -> &'static str;
    /// scikit-learn's repr: `Ridge(alpha=0.5)`.
    fn repr(&self) -> String;
    fn tags(&self) -> Tags;
    fn clone_box(&self) -> Box<dyn DynEstimator>;
    fn get_params(&self) -> Params;
    fn set_param(&mut self, name: &str, value: ParamValue) -> Result<()>;
    /// The hyperparameters' names (a composite's are `step__param`, so they are computed).
    fn param_names(&self) -> Vec<String>;
    fn is_fitted(&self) -> bool;
    fn device(&self) -> Option<Device>;
    fn fitted_attr(&self, name: &str) -> Result<Attr>;
    fn fitted_attr_names(&self) -> &'static [&'static str];
    fn to_device<'a>(&'a self, device: &'a Device) -> BoxFuture<'a, Result<Box<dyn DynEstimator>>>;
    /// The model as JSON, with its class name, for [`super::from_json`]. A GPU model is read
    /// back to be written.
    fn to_json(&self) -> Result<String>;

    fn fit<'a>(
        &'a mut self,
        x: &'a Array,
        y: Option<&'a Array>,
        sample_weight: Option<&'a Array>,
    ) -> BoxFuture<'a, Result<()>>;

    fn predict<'a>(&'a self, _x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        lacks(self.name(), "predict")
    }
    fn transform<'a>(&'a self, _x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        lacks(self.name(), "transform")
    }
    fn inverse_transform<'a>(&'a self, _x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        lacks(self.name(), "inverse_transform")
    }
    fn predict_proba<'a>(&'a self, _x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        lacks(self.name(), "predict_proba")
    }
    fn predict_log_proba<'a>(&'a self, _x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        lacks(self.name(), "predict_log_proba")
    }
    fn decision_function<'a>(&'a self, _x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        lacks(self.name(), "decision_function")
    }
    fn score_samples<'a>(&'a self, _x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        lacks(self.name(), "score_samples")
    }
    /// scikit-learn's `score(X, y=None, sample_weight=None)`: accuracy for classifiers, R² for
    /// regressors, the mean log-likelihood for density models.
    fn score<'a>(
        &'a self,
        _x: &'a Array,
        _y: Option<&'a Array>,
        _sample_weight: Option<&'a Array>,
    ) -> BoxFuture<'a, Result<f64>> {
        lacks(self.name(), "score")
    }

    /// The fitted transform as a per-column affine map, for the transformers whose transform
    /// is one ([`super::ColumnMapped`]); None otherwise.
    fn column_map(&self) -> Option<super::ColumnMap> {
        None
    }
    /// Fits on X mapped by `map` without the mapped copy, where this estimator can
    /// ([`super::FitMapped`]); None: it cannot, and the caller maps X.
    fn fit_mapped<'a>(
        &'a mut self,
        _x: &'a Array,
        _y: Option<&'a Array>,
        _sample_weight: Option<&'a Array>,
        _map: &'a super::ColumnMap,
    ) -> Option<BoxFuture<'a, Result<()>>> {
        None
    }
    /// Predicts for X mapped by `map` without the mapped copy, where this estimator can.
    fn predict_mapped<'a>(&'a self, _x: &'a Array, _map: &'a super::ColumnMap) -> Option<BoxFuture<'a, Result<Array>>> {
        None
    }

    /// `fit`, reusing fitted leading steps that `cache` holds for the same data (scikit-learn's
    /// Pipeline `memory=`, kept in memory on the device). The searches call it with one cache
    /// per fold, so candidates that share a pipeline's leading steps fit them once. Only
    /// composites use the cache; every other estimator just fits.
    fn fit_cached<'a>(
        &'a mut self,
        x: &'a Array,
        y: Option<&'a Array>,
        sample_weight: Option<&'a Array>,
        _cache: &'a mut FitCache,
    ) -> BoxFuture<'a, Result<()>> {
        self.fit(x, y, sample_weight)
    }
}

/// Fitted leading steps of pipelines, by the steps' names and reprs, each with the training
/// data it gives: what [`DynEstimator::fit_cached`] reuses. Valid for one (X, y) only.
#[derive(Default, Clone)]
pub struct FitCache {
    entries: std::collections::HashMap<String, (Box<dyn DynEstimator>, Array)>,
    /// Fits the cache saved.
    pub hits: usize,
}

impl FitCache {
    /// The fitted step and its output for a chain of steps, counting the hit.
    pub fn get(&mut self, key: &str) -> Option<(Box<dyn DynEstimator>, Array)> {
        let found = self.entries.get(key).map(|(e, x)| (e.clone_box(), x.clone()));
        self.hits += usize::from(found.is_some());
        found
    }

    pub fn insert(&mut self, key: String, fitted: Box<dyn DynEstimator>, output: Array) {
        self.entries.insert(key, (fitted, output));
    }
}

/// Any estimator as a `Box<dyn DynEstimator>`, so that searches and pipelines take it as is:
/// `GridSearchCV::new(Ridge::new(), grid)`.
impl<E: super::Estimator> From<E> for Box<dyn DynEstimator> {
    fn from(e: E) -> Self {
        e.into_dyn()
    }
}

impl Clone for Box<dyn DynEstimator> {
    fn clone(&self) -> Self {
        self.clone_box()
    }
}

/// scikit-learn's repr, as the estimator's own `Debug`.
impl std::fmt::Debug for dyn DynEstimator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

/// `Error::MissingTarget` where a supervised method is given no y.
pub(crate) fn require_y<'a>(y: Option<&'a Array>, estimator: &'static str, method: &'static str) -> Result<&'a Array> {
    y.ok_or(Error::MissingTarget { estimator, method })
}

/// The methods of [`DynEstimator`] every estimator has, for an `Estimator` type.
macro_rules! dyn_common {
    ($ty:ty) => {
        fn name(&self) -> &'static str {
            <$ty as $crate::estimator::Estimator>::NAME
        }
        fn repr(&self) -> String {
            format!("{:?}", self.0)
        }
        fn tags(&self) -> $crate::estimator::Tags {
            <$ty as $crate::estimator::Estimator>::TAGS
        }
        fn clone_box(&self) -> Box<dyn $crate::estimator::DynEstimator> {
            Box::new(self.clone())
        }
        fn get_params(&self) -> $crate::estimator::Params {
            $crate::estimator::Estimator::get_params(&self.0)
        }
        fn set_param(&mut self, name: &str, value: $crate::estimator::ParamValue) -> $crate::error::Result<()> {
            $crate::estimator::Estimator::set_param(&mut self.0, name, value)
        }
        fn param_names(&self) -> Vec<String> {
            <$ty as $crate::estimator::Estimator>::PARAM_NAMES.iter().map(|n| n.to_string()).collect()
        }
        fn is_fitted(&self) -> bool {
            $crate::estimator::Estimator::is_fitted(&self.0)
        }
        fn device(&self) -> Option<$crate::device::Device> {
            $crate::estimator::Estimator::device(&self.0)
        }
        fn fitted_attr(&self, name: &str) -> $crate::error::Result<$crate::estimator::Attr> {
            $crate::estimator::Estimator::fitted_attr(&self.0, name)
        }
        fn fitted_attr_names(&self) -> &'static [&'static str] {
            <$ty as $crate::estimator::Estimator>::FITTED_ATTRS
        }
        fn to_device<'a>(
            &'a self,
            device: &'a $crate::device::Device,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<Box<dyn $crate::estimator::DynEstimator>>> {
            Box::pin(async move {
                let moved = $crate::estimator::Estimator::to_device(&self.0, device).await?;
                Ok(Box::new($crate::estimator::Dyn(moved)) as Box<dyn $crate::estimator::DynEstimator>)
            })
        }
        fn to_json(&self) -> $crate::error::Result<String> {
            $crate::estimator::registry::to_json(&self.0)
        }
    };
}
pub(crate) use dyn_common;

/// The methods of [`DynEstimator`] that one trait gives.
macro_rules! dyn_method {
    (ColumnMapped) => {
        fn column_map(&self) -> Option<$crate::estimator::ColumnMap> {
            $crate::estimator::ColumnMapped::column_map(&self.0)
        }
    };
    (FitMapped) => {
        fn fit_mapped<'a>(
            &'a mut self,
            x: &'a $crate::array::Array,
            y: Option<&'a $crate::array::Array>,
            sample_weight: Option<&'a $crate::array::Array>,
            map: &'a $crate::estimator::ColumnMap,
        ) -> Option<$crate::estimator::BoxFuture<'a, $crate::error::Result<()>>> {
            let y = y?;
            if !$crate::estimator::FitMapped::fits_mapped(&self.0, x, sample_weight, map) {
                return None;
            }
            Some(Box::pin($crate::estimator::FitMapped::fit_mapped(&mut self.0, x, y, map)))
        }
        fn predict_mapped<'a>(
            &'a self,
            x: &'a $crate::array::Array,
            map: &'a $crate::estimator::ColumnMap,
        ) -> Option<$crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>>> {
            if !$crate::estimator::FitMapped::predicts_mapped(&self.0, map) {
                return None;
            }
            Some(Box::pin($crate::estimator::FitMapped::predict_mapped(&self.0, x, map)))
        }
    };
    (Fit) => {
        fn fit<'a>(
            &'a mut self,
            x: &'a $crate::array::Array,
            _y: Option<&'a $crate::array::Array>,
            sample_weight: Option<&'a $crate::array::Array>,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<()>> {
            Box::pin($crate::estimator::Fit::fit_weighted(&mut self.0, x, sample_weight))
        }
    };
    (FitSupervised) => {
        fn fit<'a>(
            &'a mut self,
            x: &'a $crate::array::Array,
            y: Option<&'a $crate::array::Array>,
            sample_weight: Option<&'a $crate::array::Array>,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<()>> {
            let name = self.name();
            Box::pin(async move {
                let y = $crate::estimator::require_y(y, name, "fit")?;
                $crate::estimator::FitSupervised::fit_weighted(&mut self.0, x, y, sample_weight).await
            })
        }
    };
    (Transform) => {
        fn transform<'a>(
            &'a self,
            x: &'a $crate::array::Array,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>> {
            Box::pin($crate::estimator::Transform::transform(&self.0, x))
        }
    };
    (InverseTransform) => {
        fn inverse_transform<'a>(
            &'a self,
            x: &'a $crate::array::Array,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>> {
            Box::pin($crate::estimator::InverseTransform::inverse_transform(&self.0, x))
        }
    };
    (Predict) => {
        fn predict<'a>(
            &'a self,
            x: &'a $crate::array::Array,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>> {
            Box::pin($crate::estimator::Predict::predict(&self.0, x))
        }
        fn score<'a>(
            &'a self,
            x: &'a $crate::array::Array,
            y: Option<&'a $crate::array::Array>,
            sample_weight: Option<&'a $crate::array::Array>,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<f64>> {
            let name = self.name();
            Box::pin(async move {
                let y = $crate::estimator::require_y(y, name, "score")?;
                $crate::estimator::Predict::score_weighted(&self.0, x, y, sample_weight).await
            })
        }
    };
    (PredictProba) => {
        fn predict_proba<'a>(
            &'a self,
            x: &'a $crate::array::Array,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>> {
            Box::pin($crate::estimator::PredictProba::predict_proba(&self.0, x))
        }
        fn predict_log_proba<'a>(
            &'a self,
            x: &'a $crate::array::Array,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>> {
            Box::pin($crate::estimator::PredictProba::predict_log_proba(&self.0, x))
        }
    };
    (DecisionFunction) => {
        fn decision_function<'a>(
            &'a self,
            x: &'a $crate::array::Array,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>> {
            Box::pin($crate::estimator::DecisionFunction::decision_function(&self.0, x))
        }
    };
    (ScoreSamples) => {
        fn score_samples<'a>(
            &'a self,
            x: &'a $crate::array::Array,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<$crate::array::Array>> {
            Box::pin($crate::estimator::ScoreSamples::score_samples(&self.0, x))
        }
        fn score<'a>(
            &'a self,
            x: &'a $crate::array::Array,
            _y: Option<&'a $crate::array::Array>,
            sample_weight: Option<&'a $crate::array::Array>,
        ) -> $crate::estimator::BoxFuture<'a, $crate::error::Result<f64>> {
            let name = self.name();
            Box::pin(async move {
                if sample_weight.is_some() {
                    return Err($crate::error::Error::InvalidParameter {
                        name: "sample_weight",
                        value: "an array".into(),
                        reason: format!("{name}.score does not take sample weights"),
                    });
                }
                $crate::estimator::ScoreSamples::score(&self.0, x).await
            })
        }
    };
}
pub(crate) use dyn_method;
