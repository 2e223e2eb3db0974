//! Every estimator by scikit-learn's class name: Pipeline, the searches, the JS API and the
//! common checks build estimators from here. Adding an estimator adds one line to [`REGISTRY`].

use super::{DynEstimator, Estimator};
use crate::error::{Error, Result};
use serde::de::DeserializeOwned;

/// One registered estimator: its name, a fresh instance, and a loader for its JSON.
pub struct Entry {
    pub name: &'static str,
    pub new: fn() -> Box<dyn DynEstimator>,
    load: fn(serde_json::Value) -> Result<Box<dyn DynEstimator>>,
}

const fn entry<E: Estimator + Default + DeserializeOwned>() -> Entry {
    Entry { name: E::NAME, new: fresh::<E>, load: load::<E> }
}

/// A composite (Pipeline, FeatureUnion), which is a [`DynEstimator`] but not an
/// [`Estimator`]: its tags and parameters depend on its steps.
const fn composite(
    name: &'static str,
    new: fn() -> Box<dyn DynEstimator>,
    load: fn(serde_json::Value) -> Result<Box<dyn DynEstimator>>,
) -> Entry {
    Entry { name, new, load }
}

fn fresh<E: Estimator + Default>() -> Box<dyn DynEstimator> {
    E::default().into_dyn()
}

fn load<E: Estimator>(value: serde_json::Value) -> Result<Box<dyn DynEstimator>> {
    let model: E = serde_json::from_value(value).map_err(|e| {
        let e = e.to_string();
        Error::BadModel { detail: if e.starts_with(E::NAME) { e } else { format!("{}: {e}", E::NAME) } }
    })?;
    Ok(model.into_dyn())
}

/// The registry, one line per estimator.
pub static REGISTRY: &[Entry] = &[
    entry::<crate::preprocessing::StandardScaler>(),
    entry::<crate::preprocessing::MinMaxScaler>(),
    entry::<crate::preprocessing::MaxAbsScaler>(),
    entry::<crate::preprocessing::Normalizer>(),
    entry::<crate::preprocessing::Binarizer>(),
    entry::<crate::preprocessing::KernelCenterer>(),
    entry::<crate::preprocessing::LabelEncoder>(),
    entry::<crate::decomposition::Pca>(),
    entry::<crate::linear_model::Ridge>(),
    entry::<crate::discriminant_analysis::LinearDiscriminantAnalysis>(),
    composite("Pipeline", || Box::new(crate::pipeline::Pipeline::default()), crate::pipeline::Pipeline::load),
    composite(
        "FeatureUnion",
        || Box::new(crate::pipeline::FeatureUnion::default()),
        crate::pipeline::FeatureUnion::load,
    ),
];

/// The registered names, in registry order.
pub fn names() -> impl Iterator<Item = &'static str> {
    REGISTRY.iter().map(|e| e.name)
}

fn find(name: &str) -> Result<&'static Entry> {
    REGISTRY.iter().find(|e| e.name == name).ok_or_else(|| Error::InvalidParameter {
        name: "estimator",
        value: format!("'{name}'"),
        reason: format!("no estimator of that name; known: {}", names().collect::<Vec<_>>().join(", ")),
    })
}

/// A fresh estimator, with default hyperparameters, by scikit-learn's class name.
pub fn by_name(name: &str) -> Result<Box<dyn DynEstimator>> {
    Ok((find(name)?.new)())
}

/// A model saved by [`DynEstimator::to_json`]; it loads onto the CPU.
pub fn from_json(json: &str) -> Result<Box<dyn DynEstimator>> {
    let bad = |detail: String| Error::BadModel { detail };
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| bad(e.to_string()))?;
    let name = value.get("estimator").and_then(|v| v.as_str()).ok_or_else(|| bad("no \"estimator\" name".into()))?;
    let model = value.get("model").cloned().ok_or_else(|| bad("no \"model\"".into()))?;
    (find(name).map_err(|_| bad(format!("unknown estimator '{name}'")))?.load)(model)
}

/// `{"estimator": NAME, "model": ...}`, what [`from_json`] reads.
pub(crate) fn to_json<E: Estimator>(model: &E) -> Result<String> {
    let bad = |e: serde_json::Error| Error::BadModel { detail: format!("{}: {e}", E::NAME) };
    // Not `json!`, which unwraps the model's serialization: a GPU model in a browser, which
    // cannot be read synchronously, is an error, not a panic.
    let model = serde_json::to_value(model).map_err(bad)?;
    let value = serde_json::json!({ "estimator": E::NAME, "model": model });
    serde_json::to_string(&value).map_err(bad)
}
