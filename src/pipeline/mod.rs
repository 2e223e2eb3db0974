//! Composite estimators, as scikit-learn's `sklearn.pipeline`: [`Pipeline`] chains
//! transformers with a final estimator, [`FeatureUnion`] concatenates transformers' outputs.
//! Both are estimators under the contract (through [`DynEstimator`]): their parameters are
//! `step__param`, a whole step can be replaced, and they serialize, move between devices and
//! load from the registry like any estimator. Every step runs on the data's device.

mod steps;

pub use steps::Step;
use steps::Steps;

use crate::array::Array;
use crate::device::Device;
use crate::error::{Error, Result};
use crate::estimator::{no_attribute, Attr, BoxFuture, DynEstimator, FitCache, ParamValue, Params, Tags};

/// Transformers applied in turn, then a final estimator: scikit-learn's `Pipeline`. The
/// pipeline has the final step's methods (predict, predict_proba, transform, score, ...),
/// applied to X transformed by the steps before it.
///
/// `sample_weight` given to `fit` goes to the final step (scikit-learn routes it there with
/// `<final>__sample_weight`); the leading steps are fitted unweighted.
#[derive(Clone)]
pub struct Pipeline {
    steps: Steps,
}

/// A [`Pipeline`] with steps named after their classes, lowercased: scikit-learn's
/// `make_pipeline`.
pub fn make_pipeline(steps: Vec<Step>) -> Pipeline {
    Pipeline { steps: Steps::named("Pipeline", false, steps) }
}

impl Pipeline {
    /// A pipeline of named steps.
    pub fn new(steps: Vec<(&str, Step)>) -> Pipeline {
        Pipeline {
            steps: Steps {
                owner: "Pipeline",
                steps: steps.into_iter().map(|(n, s)| (n.to_string(), s)).collect(),
                droppable: false,
            },
        }
    }

    /// The step named `name` (scikit-learn's `named_steps`).
    pub fn named_step(&self, name: &str) -> Option<&Step> {
        self.steps.get(name)
    }

    /// The step names, in order.
    pub fn step_names(&self) -> Vec<&str> {
        self.steps.steps.iter().map(|(n, _)| n.as_str()).collect()
    }

    fn final_step(&self) -> Option<&dyn DynEstimator> {
        match self.steps.steps.last() {
            Some((_, Step::Estimator(e))) => Some(e.as_ref()),
            _ => None,
        }
    }

    fn check_fitted(&self, method: &'static str) -> Result<()> {
        if DynEstimator::is_fitted(self) {
            Ok(())
        } else {
            Err(Error::NotFitted { estimator: "Pipeline", method })
        }
    }

    /// X through every step but the last.
    async fn transform_leading(&self, x: &Array, method: &'static str) -> Result<Array> {
        self.transform_through(x, self.steps.steps.len() - 1, method).await
    }

    /// X through the first `steps` steps.
    async fn transform_through(&self, x: &Array, steps: usize, method: &'static str) -> Result<Array> {
        self.check_fitted(method)?;
        let mut xt = x.clone();
        for (_, step) in &self.steps.steps[..steps] {
            if let Step::Estimator(e) = step {
                xt = e.transform(&xt).await?;
            }
        }
        Ok(xt)
    }

    /// The step before the final estimator and its transform's column map, where it has one
    /// (a fitted scaler): the final step may then fit and predict on the scaler's input,
    /// applying the map inside its products instead of reading a scaled copy of X
    /// (`DynEstimator::fit_mapped`, `predict_mapped`).
    fn fused_scaler(&self) -> Option<(&dyn DynEstimator, crate::estimator::ColumnMap)> {
        let steps = &self.steps.steps;
        match steps.len().checked_sub(2).map(|i| &steps[i].1) {
            Some(Step::Estimator(e)) => e.column_map().map(|m| (e.as_ref(), m)),
            _ => None,
        }
    }

    /// The final estimator, or `Error::NoAttribute` for a method of a passthrough final step.
    fn final_for(&self, method: &'static str) -> Result<&dyn DynEstimator> {
        self.final_step().ok_or_else(|| Error::NoAttribute {
            estimator: "Pipeline",
            name: method.into(),
            known: "the final step is 'passthrough', which has only transform".into(),
        })
    }

    async fn fit_steps(
        &mut self,
        x: &Array,
        y: Option<&Array>,
        sample_weight: Option<&Array>,
        mut cache: Option<&mut FitCache>,
    ) -> Result<()> {
        self.steps.check()?;
        let last = self.steps.steps.len() - 1;
        for (name, step) in &self.steps.steps[..last] {
            if let Step::Estimator(e) = step {
                if !e.tags().transformer {
                    return Err(Error::InvalidParameter {
                        name: "steps",
                        value: format!("('{name}', {})", e.repr()),
                        reason: "Pipeline: all intermediate steps should be transformers (have transform)".into(),
                    });
                }
            }
        }
        let mut xt = x.clone();
        // The chain of leading steps so far, by name and repr: the cache's key.
        let mut chain = String::new();
        // Whether the last leading step's transform is left to the final step.
        let mut deferred = false;
        for (chain_len, (name, step)) in self.steps.steps[..last].iter_mut().enumerate() {
            if let Step::Estimator(e) = step {
                chain.push_str(&format!("{name}={};", e.repr()));
                match cache.as_deref_mut().and_then(|c| c.get(&chain)) {
                    Some((fitted, out)) => {
                        *e = fitted;
                        xt = out;
                    }
                    None => {
                        e.fit(&xt, y, None).await?;
                        // The step before the final one: where its transform is a column map
                        // the final step may apply inside its products, its output waits
                        // (without the searches' cache, which keeps every step's output).
                        if cache.is_none() && chain_len + 1 == last && e.column_map().is_some() {
                            deferred = true;
                            break;
                        }
                        xt = e.transform(&xt).await?;
                        if let Some(c) = cache.as_deref_mut() {
                            c.insert(chain.clone(), e.clone_box(), xt.clone());
                        }
                    }
                }
            } else {
                chain.push_str(&format!("{name}=passthrough;"));
            }
        }
        if deferred {
            let (_, map) = self.fused_scaler().expect("the step before the last has a column map");
            if let Step::Estimator(e) = &mut self.steps.steps[last].1 {
                if let Some(fitted) = e.fit_mapped(&xt, y, sample_weight, &map) {
                    return fitted.await;
                }
            }
            if let Step::Estimator(scaler) = &self.steps.steps[last - 1].1 {
                xt = scaler.transform(&xt).await?;
            }
        }
        if let Step::Estimator(e) = &mut self.steps.steps[last].1 {
            e.fit(&xt, y, sample_weight).await?;
        }
        Ok(())
    }

    /// Loads a pipeline written by `to_json` (the registry's loader).
    pub(crate) fn load(model: serde_json::Value) -> Result<Box<dyn DynEstimator>> {
        Ok(Box::new(Pipeline { steps: Steps::from_value("Pipeline", false, model)? }))
    }
}

impl From<Pipeline> for Box<dyn DynEstimator> {
    fn from(p: Pipeline) -> Self {
        Box::new(p)
    }
}

impl From<FeatureUnion> for Box<dyn DynEstimator> {
    fn from(u: FeatureUnion) -> Self {
        Box::new(u)
    }
}

impl Default for Pipeline {
    /// A pipeline with no steps: give it steps with `set_param` before fitting.
    fn default() -> Self {
        Pipeline::new(Vec::new())
    }
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pipeline(steps={})", self.steps.repr())
    }
}

/// Generates the `DynEstimator` methods that delegate to the final step after the leading
/// transforms.
macro_rules! through_final {
    ($($method:ident),*) => {$(
        fn $method<'a>(&'a self, x: &'a Array) -> BoxFuture<'a, Result<Array>> {
            Box::pin(async move {
                let last = self.final_for(stringify!($method))?;
                last.$method(&self.transform_leading(x, stringify!($method)).await?).await
            })
        }
    )*};
}

impl DynEstimator for Pipeline {
    fn name(&self) -> &'static str {
        "Pipeline"
    }
    fn repr(&self) -> String {
        format!("{self:?}")
    }
    /// The final step's kind (classifier, regressor, transformer, weights); supervised when
    /// any step is; the first step's input (pairwise, labels).
    fn tags(&self) -> Tags {
        let all: Vec<Tags> = self.steps.estimators().map(|e| e.tags()).collect();
        let (Some(first), Some(last)) = (all.first(), all.last()) else {
            return Tags { transformer: true, ..Tags::DEFAULT };
        };
        let final_is_passthrough = self.final_step().is_none();
        Tags {
            supervised: all.iter().any(|t| t.supervised),
            classifier: !final_is_passthrough && last.classifier,
            regressor: !final_is_passthrough && last.regressor,
            transformer: final_is_passthrough || last.transformer,
            sample_weight: !final_is_passthrough && last.sample_weight,
            requires_fit: all.iter().any(|t| t.requires_fit),
            pairwise: first.pairwise,
            labels_input: first.labels_input,
            multioutput: !final_is_passthrough && last.multioutput,
        }
    }
    fn clone_box(&self) -> Box<dyn DynEstimator> {
        Box::new(self.clone())
    }
    fn get_params(&self) -> Params {
        self.steps.get_params()
    }
    fn set_param(&mut self, name: &str, value: ParamValue) -> Result<()> {
        self.steps.set_param(name, value)
    }
    fn param_names(&self) -> Vec<String> {
        self.get_params().into_keys().collect()
    }
    fn is_fitted(&self) -> bool {
        let mut estimators = self.steps.estimators().peekable();
        estimators.peek().is_some() && estimators.all(|e| e.is_fitted() || !e.tags().requires_fit)
    }
    fn device(&self) -> Option<Device> {
        self.steps.device()
    }
    /// `classes_` of the final step and `n_features_in_` of the first, as scikit-learn's
    /// Pipeline has them; other attributes are the steps' own (`named_step`).
    fn fitted_attr(&self, name: &str) -> Result<Attr> {
        match name {
            "classes_" => self.final_for("classes_")?.fitted_attr(name),
            "n_features_in_" => {
                self.check_fitted("n_features_in_")?;
                self.steps.estimators().next().expect("fitted pipelines have steps").fitted_attr(name)
            }
            _ => Err(no_attribute("Pipeline", name, self.fitted_attr_names())),
        }
    }
    fn fitted_attr_names(&self) -> &'static [&'static str] {
        &["classes_", "n_features_in_"]
    }
    fn to_device<'a>(&'a self, device: &'a Device) -> BoxFuture<'a, Result<Box<dyn DynEstimator>>> {
        Box::pin(async move { Ok(Box::new(Pipeline { steps: self.steps.to_device(device).await? }) as _) })
    }
    fn to_json(&self) -> Result<String> {
        self.steps.to_json()
    }
    fn fit<'a>(
        &'a mut self,
        x: &'a Array,
        y: Option<&'a Array>,
        sample_weight: Option<&'a Array>,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.fit_steps(x, y, sample_weight, None))
    }
    fn fit_cached<'a>(
        &'a mut self,
        x: &'a Array,
        y: Option<&'a Array>,
        sample_weight: Option<&'a Array>,
        cache: &'a mut FitCache,
    ) -> BoxFuture<'a, Result<()>> {
        Box::pin(self.fit_steps(x, y, sample_weight, Some(cache)))
    }

    through_final!(predict_proba, predict_log_proba, decision_function, score_samples);

    fn predict<'a>(&'a self, x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        Box::pin(async move {
            let last = self.final_for("predict")?;
            if let Some((scaler, map)) = self.fused_scaler() {
                let xt = self.transform_through(x, self.steps.steps.len() - 2, "predict").await?;
                if let Some(predicted) = last.predict_mapped(&xt, &map) {
                    return predicted.await;
                }
                return last.predict(&scaler.transform(&xt).await?).await;
            }
            last.predict(&self.transform_leading(x, "predict").await?).await
        })
    }

    fn transform<'a>(&'a self, x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        Box::pin(async move {
            let xt = self.transform_leading(x, "transform").await?;
            match self.final_step() {
                Some(last) => last.transform(&xt).await,
                None => Ok(xt),
            }
        })
    }

    fn inverse_transform<'a>(&'a self, x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        Box::pin(async move {
            self.check_fitted("inverse_transform")?;
            let mut xt = x.clone();
            for (_, step) in self.steps.steps.iter().rev() {
                if let Step::Estimator(e) = step {
                    xt = e.inverse_transform(&xt).await?;
                }
            }
            Ok(xt)
        })
    }

    fn score<'a>(
        &'a self,
        x: &'a Array,
        y: Option<&'a Array>,
        sample_weight: Option<&'a Array>,
    ) -> BoxFuture<'a, Result<f64>> {
        Box::pin(async move {
            let last = self.final_for("score")?;
            last.score(&self.transform_leading(x, "score").await?, y, sample_weight).await
        })
    }
}

/// Transformers applied side by side, their outputs concatenated column-wise: scikit-learn's
/// `FeatureUnion`. A step may be "passthrough" (X's own columns) or "drop".
#[derive(Clone)]
pub struct FeatureUnion {
    steps: Steps,
}

/// A [`FeatureUnion`] with steps named after their classes, lowercased: scikit-learn's
/// `make_union`.
pub fn make_union(transformers: Vec<Step>) -> FeatureUnion {
    FeatureUnion { steps: Steps::named("FeatureUnion", true, transformers) }
}

impl FeatureUnion {
    /// A union of named transformers (scikit-learn's `transformer_list`).
    pub fn new(transformer_list: Vec<(&str, Step)>) -> FeatureUnion {
        FeatureUnion {
            steps: Steps {
                owner: "FeatureUnion",
                steps: transformer_list.into_iter().map(|(n, s)| (n.to_string(), s)).collect(),
                droppable: true,
            },
        }
    }

    /// The transformer named `name`.
    pub fn named_transformer(&self, name: &str) -> Option<&Step> {
        self.steps.get(name)
    }

    async fn fit_all(&mut self, x: &Array, y: Option<&Array>) -> Result<()> {
        self.steps.check()?;
        for (name, step) in &mut self.steps.steps {
            if let Step::Estimator(e) = step {
                if !e.tags().transformer {
                    return Err(Error::InvalidParameter {
                        name: "transformer_list",
                        value: format!("('{name}', {})", e.repr()),
                        reason: "FeatureUnion: every step should be a transformer (have transform)".into(),
                    });
                }
                e.fit(x, y, None).await?;
            }
        }
        Ok(())
    }

    async fn transform_all(&self, x: &Array) -> Result<Array> {
        if !DynEstimator::is_fitted(self) {
            return Err(Error::NotFitted { estimator: "FeatureUnion", method: "transform" });
        }
        let mut parts = Vec::new();
        for (_, step) in &self.steps.steps {
            match step {
                Step::Estimator(e) => parts.push(e.transform(x).await?),
                Step::Passthrough => parts.push(x.clone()),
                Step::Drop => {}
            }
        }
        if parts.is_empty() {
            return Err(Error::InvalidParameter {
                name: "transformer_list",
                value: self.steps.repr(),
                reason: "FeatureUnion.transform: every step is 'drop', so there are no columns to give".into(),
            });
        }
        // Promote to one dtype (a float32 step beside a float64 one gives float64).
        let dtype = parts.iter().map(|p| p.dtype()).reduce(crate::dtype::DType::promote).expect("non-empty");
        let parts = parts.iter().map(|p| crate::ops::astype(p, dtype)).collect::<Result<Vec<_>>>()?;
        crate::ops::concat(&parts.iter().collect::<Vec<_>>(), 1)
    }

    /// Loads a union written by `to_json` (the registry's loader).
    pub(crate) fn load(model: serde_json::Value) -> Result<Box<dyn DynEstimator>> {
        Ok(Box::new(FeatureUnion { steps: Steps::from_value("FeatureUnion", true, model)? }))
    }
}

impl Default for FeatureUnion {
    /// A union with no transformers: give it some with `set_param` before fitting.
    fn default() -> Self {
        FeatureUnion::new(Vec::new())
    }
}

impl std::fmt::Debug for FeatureUnion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FeatureUnion(transformer_list={})", self.steps.repr())
    }
}

impl DynEstimator for FeatureUnion {
    fn name(&self) -> &'static str {
        "FeatureUnion"
    }
    fn repr(&self) -> String {
        format!("{self:?}")
    }
    fn tags(&self) -> Tags {
        let all: Vec<Tags> = self.steps.estimators().map(|e| e.tags()).collect();
        Tags {
            supervised: all.iter().any(|t| t.supervised),
            transformer: true,
            requires_fit: all.iter().any(|t| t.requires_fit),
            pairwise: all.iter().any(|t| t.pairwise),
            labels_input: all.iter().any(|t| t.labels_input),
            ..Tags::DEFAULT
        }
    }
    fn clone_box(&self) -> Box<dyn DynEstimator> {
        Box::new(self.clone())
    }
    fn get_params(&self) -> Params {
        self.steps.get_params()
    }
    fn set_param(&mut self, name: &str, value: ParamValue) -> Result<()> {
        self.steps.set_param(name, value)
    }
    fn param_names(&self) -> Vec<String> {
        self.get_params().into_keys().collect()
    }
    fn is_fitted(&self) -> bool {
        !self.steps.steps.is_empty() && self.steps.estimators().all(|e| e.is_fitted() || !e.tags().requires_fit)
    }
    fn device(&self) -> Option<Device> {
        self.steps.device()
    }
    fn fitted_attr(&self, name: &str) -> Result<Attr> {
        match name {
            "n_features_in_" => {
                if !DynEstimator::is_fitted(self) {
                    return Err(Error::NotFitted { estimator: "FeatureUnion", method: "n_features_in_" });
                }
                match self.steps.estimators().next() {
                    Some(e) => e.fitted_attr(name),
                    None => Err(no_attribute("FeatureUnion", name, &[])),
                }
            }
            _ => Err(no_attribute("FeatureUnion", name, self.fitted_attr_names())),
        }
    }
    fn fitted_attr_names(&self) -> &'static [&'static str] {
        &["n_features_in_"]
    }
    fn to_device<'a>(&'a self, device: &'a Device) -> BoxFuture<'a, Result<Box<dyn DynEstimator>>> {
        Box::pin(async move { Ok(Box::new(FeatureUnion { steps: self.steps.to_device(device).await? }) as _) })
    }
    fn to_json(&self) -> Result<String> {
        self.steps.to_json()
    }
    fn fit<'a>(&'a mut self, x: &'a Array, y: Option<&'a Array>, w: Option<&'a Array>) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            if w.is_some() {
                return Err(Error::InvalidParameter {
                    name: "sample_weight",
                    value: "an array".into(),
                    reason: "FeatureUnion.fit does not take sample weights".into(),
                });
            }
            self.fit_all(x, y).await
        })
    }
    fn transform<'a>(&'a self, x: &'a Array) -> BoxFuture<'a, Result<Array>> {
        Box::pin(self.transform_all(x))
    }
}
